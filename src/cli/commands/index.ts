/**
 * The registry of CLI commands: `main.ts` registers every entry on the program.
 *
 * To add a command, write `src/cli/commands/<name>.ts` exporting a {@link CliCommand} and append it
 * here. `atelier parity <file> [--json]` (package.json's `parity` script) belongs in this list as
 * `parity.ts`, wrapping `parityCommand` from `src/parity/main.ts`.
 * @module
 */
import type { CliCommand } from './command.js';
import { demoCommand } from './demo.js';
import { exampleCommand } from './example.js';

export type { CliCommand } from './command.js';

/** Every command, in the order `atelier --help` lists them. */
export const commands: CliCommand[] = [exampleCommand, demoCommand];
