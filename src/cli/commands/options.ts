/**
 * Parsers for command-line option values.
 * @module
 */
import { InvalidArgumentError } from 'commander';

/** Parses an integer of at least `min`; commander reports the message with the option's name. */
export function integerOption(min: number): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer >= ${min}, got '${value}'`);
    return n;
  };
}

/** Parses a number in `[min, max]`. */
export function numberOption(min: number, max: number): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`expected a number in [${min}, ${max}], got '${value}'`);
    return n;
  };
}

/** Parses one of `choices`. */
export function choiceOption<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value: string) => {
    if (!(choices as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${choices.join(', ')}, got '${value}'`);
    return value as T;
  };
}
