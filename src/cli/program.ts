/**
 * The `atelier` program: every registered command, and error reporting.
 * @module
 */
import { Command } from 'commander';
import { AtelierError } from '../errors.js';
import { commands } from './commands/index.js';

/** Builds the program with every command of `commands/index.ts`. */
export function buildProgram(): Command {
  const program = new Command('atelier').description('deep learning for art, in TypeScript').showHelpAfterError();
  for (const command of commands) command.register(program);
  return program;
}

/** Runs the CLI on `argv` (node-style: `[node, script, ...args]`); atelier's own errors print as one line and set exit code 1. */
export async function runCli(argv: string[] = process.argv): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    if (e instanceof AtelierError) {
      process.stderr.write(`atelier: ${e.name}: ${e.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw e;
  }
}
