/**
 * Creating the wasm backend.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { defaultPlatform } from './default-platform.js';
import type { WasmPlatform } from './platform.js';
import { createRuntime, createRuntimeAsync } from './runtime.js';
import { WasmBackend } from './wasm-backend.js';
import { kernelBuildRequest, type KernelBuildRequest } from './kernel-build.js';

export { WasmBackend } from './wasm-backend.js';
export type { HeapStats } from './heap.js';
export type { WasmPlatform, WorkerInit, WorkerHandle } from './platform.js';
export type { KernelBuild, KernelBuildRequest } from './kernel-build.js';

/** Options of {@link createWasmBackend} and {@link createWasmBackendAsync}. */
export interface WasmBackendOptions {
  /**
   * Threads for large kernels, the calling thread included (default: on Node `ATELIER_THREADS`,
   * else every core; in browsers `navigator.hardwareConcurrency`).
   */
  threads?: number;
  /** Host services (default: Node's on Node, the browser's elsewhere). */
  platform?: WasmPlatform;
  /**
   * Which build of the kernels to load: `auto` (default: the relaxed-SIMD build where the engine
   * has relaxed SIMD, Node >= 22 and Chrome >= 114, else the baseline build), `baseline` or
   * `relaxed`. Unset, the `ATELIER_WASM_SIMD` environment variable decides (Node).
   */
  simd?: KernelBuildRequest;
}

/**
 * The most threads a backend may be given explicitly. Each thread holds a worker with its own stack
 * and wasm instance (a few MB), so thousands exhaust memory long before they could help;
 * `ATELIER_THREADS` is further bounded by the number of cores.
 */
export const MAX_THREADS = 256;

function resolveOptions(options: WasmBackendOptions, caller: string): { platform: WasmPlatform; threads: number; simd: KernelBuildRequest } {
  const platform = options.platform ?? defaultPlatform;
  const threads = options.threads ?? platform.defaultThreads();
  if (!Number.isInteger(threads) || threads < 1) {
    throw new ArgumentError(`${caller}: threads must be a positive integer, got ${threads}`);
  }
  if (threads > MAX_THREADS) {
    throw new ArgumentError(`${caller}: threads ${threads} is more than ${MAX_THREADS}; each thread costs memory and more threads than cores do not run faster (use the number of cores)`);
  }
  return { platform, threads, simd: kernelBuildRequest(options.simd, caller) };
}

/**
 * Creates a wasm backend with its own memory and thread pool, synchronously. Throws
 * `BackendUnavailableError` where WebAssembly SIMD or shared memory is missing (the registry then
 * falls back to `js`), and `BackendNotReadyError` in browsers until {@link createWasmBackendAsync}
 * (or `ready()`) has loaded the kernels once.
 * @example
 * const backend = createWasmBackend({ threads: 2 });
 */
export function createWasmBackend(options: WasmBackendOptions = {}): WasmBackend {
  const { platform, threads, simd } = resolveOptions(options, 'createWasmBackend');
  return new WasmBackend(createRuntime(platform, threads, simd));
}

/**
 * Creates a wasm backend, loading and compiling the kernels asynchronously: works on every host,
 * and is the way to create one in a browser (fetch is asynchronous, and the main thread may not
 * compile large modules synchronously). Rejects with `BackendUnavailableError` like
 * {@link createWasmBackend}.
 * @example
 * const backend = await createWasmBackendAsync({ threads: 2 });
 * registerBackend('wasm-2', () => backend);
 * setBackend('wasm-2');
 */
export async function createWasmBackendAsync(options: WasmBackendOptions = {}): Promise<WasmBackend> {
  const { platform, threads, simd } = resolveOptions(options, 'createWasmBackendAsync');
  return new WasmBackend(await createRuntimeAsync(platform, threads, simd));
}
