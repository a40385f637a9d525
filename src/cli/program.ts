/**
 * The `atelier` program: every registered command, and error reporting.
 * @module
 */
import { Command } from 'commander';
import { commands } from './commands/index.js';
import { debugEnabled, formatCliError, isSystemError } from './report-error.js';

/**
 * Builds the program with every command of `commands/index.ts`. `stderr` receives commander's own
 * messages and what commands report there (each command reaches it as `command.configureOutput().writeErr`).
 */
export function buildProgram(stderr?: CliErrorStream): Command {
  const program = new Command('atelier').description('deep learning for art, in TypeScript').showHelpAfterError();
  if (stderr) program.configureOutput({ writeErr: (s) => void stderr.write(s) });
  for (const command of commands) command.register(program);
  return program;
}

/** Where {@link runCli} reports errors (default `process.stderr`); tests pass their own. */
export interface CliErrorStream {
  write(text: string): unknown;
}

/**
 * Runs the CLI on `argv` (node-style: `[node, script, ...args]`). Every error is reported on
 * `stderr` as `atelier: <message>` and sets exit code 1, without a stack trace: a user error (any
 * `AtelierError`: a missing path, a run folder without a model, an invalid option value) prints its
 * message; a Node system error (EACCES, ENOSPC, EROFS, EMFILE...) names the path, what the code
 * means and what to do; anything else is reported as a bug. `ATELIER_DEBUG=1` adds the stack trace.
 */
export async function runCli(argv: string[] = process.argv, stderr: CliErrorStream = process.stderr): Promise<void> {
  try {
    await buildProgram(stderr).parseAsync(argv);
  } catch (e) {
    // The reader of our output went away (`| head`): nothing left to say to anyone.
    if (isSystemError(e) && e.code === 'EPIPE') return;
    stderr.write(formatCliError(e, debugEnabled()));
    process.exitCode = 1;
  }
}
