/**
 * Creating the wasm backend.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { nodePlatform } from './node-platform.js';
import type { WasmPlatform } from './platform.js';
import { createRuntime } from './runtime.js';
import { WasmBackend } from './wasm-backend.js';

export { WasmBackend } from './wasm-backend.js';
export type { HeapStats } from './heap.js';
export type { WasmPlatform, WorkerInit, WorkerHandle } from './platform.js';

/** Options of {@link createWasmBackend}. */
export interface WasmBackendOptions {
  /** Threads for large kernels, the calling thread included (default: `ATELIER_THREADS`, else every core). */
  threads?: number;
  /** Host services (default: Node). */
  platform?: WasmPlatform;
}

/**
 * Creates a wasm backend with its own memory and thread pool. Throws `BackendUnavailableError`
 * where WebAssembly SIMD or SharedArrayBuffer is missing (the registry then falls back to `js`).
 * @example
 * const backend = createWasmBackend({ threads: 2 });
 */
export function createWasmBackend(options: WasmBackendOptions = {}): WasmBackend {
  const platform = options.platform ?? nodePlatform;
  const threads = options.threads ?? platform.defaultThreads();
  if (!Number.isInteger(threads) || threads < 1) {
    throw new ArgumentError(`createWasmBackend: threads must be a positive integer, got ${threads}`);
  }
  return new WasmBackend(createRuntime(platform, threads));
}
