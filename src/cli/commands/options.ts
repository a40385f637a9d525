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
