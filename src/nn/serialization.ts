/**
 * Shared plumbing for objects that are saved by name and config (initializers, regularizers,
 * constraints, layers): the `{className, config}` shape and lookup of string identifiers.
 * @module
 */
import { ArgumentError } from '../errors.js';

/** A JSON-serialisable description of an object: its registered class name and constructor options. */
export interface SerializedObject {
  className: string;
  config: Record<string, unknown>;
}

/** True when `x` looks like a {@link SerializedObject}. */
export function isSerializedObject(x: unknown): x is SerializedObject {
  return typeof x === 'object' && x !== null && typeof (x as { className?: unknown }).className === 'string';
}

/**
 * Folds the spellings people use for one identifier into one key, so `'glorot_uniform'`,
 * `'glorotUniform'` and `'GlorotUniform'` all find the same entry.
 */
export function identifierKey(name: string): string {
  return name.replace(/[_\-\s]/g, '').toLowerCase();
}

/**
 * A name → factory table for one kind of object. Factories receive the config (empty for a bare
 * string identifier).
 */
export class ObjectRegistry<T> {
  private readonly factories = new Map<string, { className: string; create: (config: Record<string, unknown>) => T }>();

  constructor(
    /** What the registry holds, for error messages: `initializer`, `regularizer`... */
    readonly kind: string,
  ) {}

  /** Registers `create` under `className` and any `aliases` (e.g. Keras' snake_case function names). */
  register(className: string, create: (config: Record<string, unknown>) => T, aliases: readonly string[] = []): void {
    for (const name of [className, ...aliases]) this.factories.set(identifierKey(name), { className, create });
  }

  /** Creates the object named by a string identifier or described by a serialized config. */
  create(identifier: string | SerializedObject, caller: string): T {
    const name = typeof identifier === 'string' ? identifier : identifier.className;
    const entry = this.factories.get(identifierKey(name));
    if (!entry) {
      const known = [...new Set([...this.factories.values()].map((f) => f.className))].sort().join(', ');
      throw new ArgumentError(`${caller}: unknown ${this.kind} '${name}', expected one of ${known}`);
    }
    return entry.create(typeof identifier === 'string' ? {} : { ...identifier.config });
  }

  /** The registered class names. */
  names(): string[] {
    return [...new Set([...this.factories.values()].map((f) => f.className))].sort();
  }
}

/** Reads an optional number from a config, checking its type. */
export function configNumber(config: Record<string, unknown>, key: string, fallback: number, caller: string): number {
  const v = config[key];
  if (v === undefined || v === null) return fallback;
  if (typeof v !== 'number' || Number.isNaN(v)) throw new ArgumentError(`${caller}: ${key} must be a number, got ${JSON.stringify(v)}`);
  return v;
}
