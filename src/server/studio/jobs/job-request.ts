/**
 * Reading a job form (the JSON body of `POST /api/jobs`) field by field: every field is checked
 * for type and range, and an error names the field, what it expected and what came.
 * @module
 */
import { ArgumentError } from '../../../errors.js';

/** A job form that is not valid: the API answers 400 with this message. */
export class JobRequestError extends ArgumentError {}

/** The body of a job request, read field by field. */
export class JobForm {
  private readonly body: Readonly<Record<string, unknown>>;

  constructor(body: unknown) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new JobRequestError('job request: expected a JSON object body');
    this.body = body as Record<string, unknown>;
  }

  /** A string field; `choices` restricts it. */
  string(field: string, required: true, choices?: readonly string[]): string;
  string(field: string, required?: false, choices?: readonly string[]): string | undefined;
  string(field: string, required = false, choices?: readonly string[]): string | undefined {
    const value = this.body[field];
    if (value === undefined || value === null || value === '') {
      if (required) throw new JobRequestError(`job request: '${field}' is required`);
      return undefined;
    }
    if (typeof value !== 'string') throw new JobRequestError(`job request: '${field}' must be a string, got ${JSON.stringify(value)}`);
    if (choices && !choices.includes(value)) throw new JobRequestError(`job request: '${field}' must be one of ${choices.join(', ')}, got '${value}'`);
    return value;
  }

  /** An integer in `[min, max]` (numbers and numeric strings, as forms send them). */
  integer(field: string, min: number, max: number): number | undefined {
    const n = this.number(field, min, max);
    if (n !== undefined && !Number.isInteger(n)) throw new JobRequestError(`job request: '${field}' must be an integer in ${min}..${max}, got ${n}`);
    return n;
  }

  /** A number in `[min, max]`. */
  number(field: string, min: number, max: number): number | undefined {
    const value = this.body[field];
    if (value === undefined || value === null || value === '') return undefined;
    const n = typeof value === 'string' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n) || n < min || n > max) throw new JobRequestError(`job request: '${field}' must be a number in ${min}..${max}, got ${JSON.stringify(value)}`);
    return n;
  }

  /** A boolean (absent: false). */
  flag(field: string): boolean {
    const value = this.body[field];
    if (value === undefined || value === null) return false;
    if (typeof value !== 'boolean') throw new JobRequestError(`job request: '${field}' must be true or false, got ${JSON.stringify(value)}`);
    return value;
  }
}

/** `--name value` pairs for the options that were given. */
export function cliFlags(flags: Readonly<Record<string, string | number | boolean | undefined>>): string[] {
  return Object.entries(flags).flatMap(([name, value]) => {
    if (value === undefined || value === false) return [];
    return value === true ? [`--${name}`] : [`--${name}`, String(value)];
  });
}
