/**
 * The shape of a CLI command module.
 * @module
 */
import type { Command } from 'commander';

/** A CLI command: adds itself (name, arguments, options, action) to the program. */
export interface CliCommand {
  /** Name as typed after `atelier`. */
  readonly name: string;
  register(program: Command): void;
}
