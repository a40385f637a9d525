/**
 * The Node host of the wasm backend: reads the module with `fs`, counts cores with `os`, and runs
 * workers with `node:worker_threads`. With node-worker.ts, the only files of the backend that import
 * Node modules; default-platform.ts loads this one only on Node, so browsers never fetch it.
 * @module
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ArgumentError, BackendUnavailableError } from '../../errors.js';
import type { WasmPlatform, WorkerHandle, WorkerInit } from './platform.js';
import { KERNEL_BUILD_FILES, type KernelBuild } from './kernel-build.js';

const WORKER_URL = new URL('./node-worker.js', import.meta.url);

/** Where `npm run build:wasm` writes `build`, relative to this file in dist/src/backend/wasm. */
function moduleUrl(build: KernelBuild): URL {
  return new URL(`../../../wasm/${KERNEL_BUILD_FILES[build]}`, import.meta.url);
}

function cannotRead(url: URL, error: unknown): BackendUnavailableError {
  return new BackendUnavailableError(`wasm backend: cannot read ${url.pathname} (${(error as Error).message}); run 'npm run build:wasm'`);
}

/**
 * Parses `ATELIER_THREADS`; undefined when unset or empty. Not a positive integer: an error. More
 * than `cores` (`os.availableParallelism()`): clamped to `cores`, with one warning through `warn`,
 * since threads beyond the cores only cost memory (each holds its own stack and wasm instance;
 * 5000 of them exhausted V8's heap).
 */
export function threadsFromEnv(value: string | undefined, cores = availableParallelism(), warn: (message: string) => void = warnOnce): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new ArgumentError(`ATELIER_THREADS: '${value}' is not a positive integer (unset it to use every core)`);
  }
  if (n > cores) {
    warn(`ATELIER_THREADS: ${n} is more than the ${cores} core${cores === 1 ? '' : 's'} of this machine; using ${cores} (more threads than cores only cost memory)`);
    return cores;
  }
  return n;
}

let warned = false;
function warnOnce(message: string): void {
  if (warned) return;
  warned = true;
  process.emitWarning(message, { code: 'ATELIER_THREADS' });
}

/** The Node implementation of {@link WasmPlatform}. */
export const nodePlatform: WasmPlatform = {
  readModuleBytes(build: KernelBuild): Uint8Array<ArrayBuffer> {
    const url = moduleUrl(build);
    try {
      return new Uint8Array(readFileSync(url));
    } catch (error) {
      throw cannotRead(url, error);
    }
  },
  async fetchModuleBytes(build: KernelBuild): Promise<Uint8Array<ArrayBuffer>> {
    const url = moduleUrl(build);
    try {
      return new Uint8Array(await readFile(url));
    } catch (error) {
      throw cannotRead(url, error);
    }
  },
  defaultThreads(): number {
    return threadsFromEnv(process.env.ATELIER_THREADS) ?? availableParallelism();
  },
  spawnWorker(init: WorkerInit): WorkerHandle {
    const worker = new Worker(WORKER_URL, { workerData: init });
    // Idle workers block in Atomics.wait; unref lets the process exit around them.
    worker.unref();
    worker.on('error', (error) => {
      console.error(`atelier wasm worker ${init.threadIndex} failed: ${error.message}`);
    });
    return { terminate: () => void worker.terminate() };
  },
};
