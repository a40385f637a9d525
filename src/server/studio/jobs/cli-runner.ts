/**
 * Runs a job's plan off the request path: each step is a child process running the `atelier` CLI,
 * whose output lines become `log` events; the run folder is watched meanwhile, so every file the CLI
 * writes (history.json, curves, sample grids, snapshots) becomes a `file` event. Cancelling sends
 * SIGTERM, then SIGKILL after a grace period: the CLI writes its run folders in atomic snapshots
 * (docs/run-folders.md), so a killed run keeps its last complete checkpoint and can be resumed.
 * @module
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { JobExecutor } from './job-queue.js';
import { watchRunFolder } from './run-watcher.js';

/** Options of {@link cliExecutor}. */
export interface CliExecutorOptions {
  /** The CLI entry (default: this build's `dist/src/cli/main.js`). */
  cliPath?: string;
  /** Extra environment of the children (e.g. `ATELIER_THREADS`). */
  env?: Readonly<Record<string, string>>;
  /** Milliseconds between SIGTERM and SIGKILL on cancel (default 3,000). */
  killGraceMs?: number;
  /** Milliseconds between looks at the run folder (default 500). */
  watchIntervalMs?: number;
}

/** The compiled CLI beside this module: dist/src/server/studio/jobs/ → dist/src/cli/main.js. */
export function defaultCliPath(): string {
  return fileURLToPath(new URL('../../../cli/main.js', import.meta.url));
}

/** Lines kept from a failing step's stderr for the error message. */
const ERROR_LINES = 6;

/** An executor for {@link JobQueue} that runs each step of a plan as `node <cli> ...argv`. */
export function cliExecutor(options: CliExecutorOptions = {}): JobExecutor {
  const cliPath = options.cliPath ?? defaultCliPath();
  return async (plan, { signal, emit }) => {
    const watcher = watchRunFolder(plan.runDir, (file) => emit({ type: 'file', ...file }), options.watchIntervalMs ?? 500);
    try {
      for (const [index, step] of plan.steps.entries()) {
        if (signal.aborted) return;
        const skipped = step.skipWhen?.() ?? false;
        emit({ type: 'step', index, count: plan.steps.length, label: step.label, skipped });
        if (skipped) continue;
        await runStep(cliPath, step.argv, { signal, env: options.env ?? {}, killGraceMs: options.killGraceMs ?? 3000, onLine: (stream, line) => emit({ type: 'log', stream, line }) });
      }
    } finally {
      await watcher.stop();
    }
  };
}

interface StepOptions {
  signal: AbortSignal;
  env: Readonly<Record<string, string>>;
  killGraceMs: number;
  onLine: (stream: 'stdout' | 'stderr', line: string) => void;
}

/** Runs one CLI invocation to its end; rejects with the CLI's own error message when it fails. */
function runStep(cliPath: string, argv: readonly string[], options: StepOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...argv], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...options.env, FORCE_COLOR: '0' },
    });
    const errorLines: string[] = [];
    let killTimer: NodeJS.Timeout | null = null;
    const onAbort = (): void => {
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), options.killGraceMs);
    };
    options.signal.addEventListener('abort', onAbort, { once: true });
    const lines = (stream: 'stdout' | 'stderr') => (line: string) => {
      // The CLI rewrites progress in place with \r on terminals; the last state of a line is what counts.
      const text = line.split('\r').pop()!.trimEnd();
      if (text === '') return;
      if (stream === 'stderr') {
        errorLines.push(text);
        if (errorLines.length > ERROR_LINES) errorLines.shift();
      }
      options.onLine(stream, text);
    };
    const outDone = new Promise<void>((done) => createInterface({ input: child.stdout }).on('line', lines('stdout')).on('close', done));
    const errDone = new Promise<void>((done) => createInterface({ input: child.stderr }).on('line', lines('stderr')).on('close', done));
    child.on('error', (error) => reject(new Error(`could not start the atelier CLI (${cliPath}): ${error.message}`)));
    child.on('close', (code, signal) => {
      void Promise.all([outDone, errDone]).then(() => {
        if (killTimer) clearTimeout(killTimer);
        options.signal.removeEventListener('abort', onAbort);
        if (code === 0) return resolve();
        if (options.signal.aborted) return reject(new Error('cancelled'));
        const said = errorLines.filter((l) => l.startsWith('atelier: ')).pop()?.slice('atelier: '.length);
        reject(new Error(said ?? `atelier ${argv.slice(0, 2).join(' ')} exited with ${signal ?? `code ${code}`}${errorLines.length ? `: ${errorLines.join(' | ')}` : ''}`));
      });
    });
  });
}
