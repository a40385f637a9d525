/** Runs the CLI in-process, as the command-line tests do. */
import { runCli } from '../../../src/cli/program.js';
import { Capture } from './capture.js';

/** Runs `atelier ...args` in-process; returns stderr and the exit code, then clears the exit code. */
export async function atelier(...args: string[]): Promise<{ stderr: string; code: number }> {
  const stderr = new Capture();
  process.exitCode = 0;
  await runCli(['node', 'atelier', ...args], stderr);
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { stderr: stderr.text, code };
}
