/**
 * Test helper for kill loops: runs a Node script as a child process on the js backend (bit-exact
 * and quick to start) and kills it (SIGKILL) a given time after it reports that it has started.
 */
import { spawn } from 'node:child_process';

/** How a killable child ended. */
export interface KillableRun {
  /** True when it was killed, false when it exited by itself (with code 0). */
  readonly killed: boolean;
  readonly stdout: string;
}

/** Options of {@link runKillable}. */
export interface KillableOptions {
  /** Kill this long after `readyMarker` first appears on stdout; null lets the child finish. */
  readonly delayMs: number | null;
  /** Text on stdout that starts the countdown (default `ready`). */
  readonly readyMarker?: string;
}

/**
 * Runs `node script ...args`; resolves when it exits, killed or not. A child that exits by itself
 * with a non-zero code rejects, with its stderr.
 */
export function runKillable(script: string, args: readonly string[], options: KillableOptions): Promise<KillableRun> {
  const marker = options.readyMarker ?? 'ready';
  return new Promise((resolvePromise, reject) => {
    const proc = spawn(process.execPath, [script, ...args], { env: { ...process.env, ATELIER_BACKEND: 'js', ATELIER_THREADS: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    proc.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (options.delayMs !== null && timer === undefined && stdout.includes(marker)) timer = setTimeout(() => proc.kill('SIGKILL'), options.delayMs);
    });
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') return resolvePromise({ killed: true, stdout });
      if (code !== 0) return reject(new Error(`${script} ${args.join(' ')} exited with ${code}: ${stderr}`));
      resolvePromise({ killed: false, stdout });
    });
  });
}
