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

/** Where {@link runCli} reports errors (default `process.stderr`); tests pass their own. */
export interface CliErrorStream {
  write(text: string): unknown;
}

/**
 * Runs the CLI on `argv` (node-style: `[node, script, ...args]`). A user error (any `AtelierError`:
 * a missing path, a run folder without a model, an invalid option value) prints as one line,
 * `atelier: <message>`, and sets exit code 1; other errors are bugs and keep their stack trace.
 */
export async function runCli(argv: string[] = process.argv, stderr: CliErrorStream = process.stderr): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (e) {
    if (e instanceof AtelierError) {
      stderr.write(`atelier: ${e.message}\n`);
      process.exitCode = 1;
      return;
    }
    throw e;
  }
}
