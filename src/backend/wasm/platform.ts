/**
 * What the wasm backend needs from its host (Node or a browser): the module bytes, a CPU count,
 * and threads that run {@link WorkerInit} on the shared memory. Everything host-specific lives
 * behind this interface, in one file per host (node-platform.ts, browser-platform.ts);
 * default-platform.ts picks one at run time.
 * @module
 */
import type { KernelBuild } from './kernel-build.js';

/** What a worker thread receives: enough to instantiate the module on the shared memory and serve tasks. */
export interface WorkerInit {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** The pool's control words (see thread-pool.ts). */
  control: SharedArrayBuffer;
  /** This worker's thread index (the calling thread is 0). */
  threadIndex: number;
  /** Byte offset of this worker's private scratch area in the wasm memory. */
  scratch: number;
}

/** A started worker thread. */
export interface WorkerHandle {
  /** Stops the thread; pending work is abandoned. */
  terminate(): void;
}

/** Host services for the wasm backend. */
export interface WasmPlatform {
  /**
   * Bytes of one build of the compiled kernels (dist/wasm/atelier.wasm or atelier-relaxed.wasm, see
   * kernel-build.ts), read synchronously; throws BackendUnavailableError when missing. Absent where
   * the host can only fetch them asynchronously (browsers): there the backend must be created with
   * `createWasmBackendAsync` / `ready()`.
   */
  readModuleBytes?(build: KernelBuild): Uint8Array<ArrayBuffer>;
  /** Bytes of one build of the compiled kernels, asynchronously (every host); rejects with BackendUnavailableError when missing. */
  fetchModuleBytes(build: KernelBuild): Promise<Uint8Array<ArrayBuffer>>;
  /** Threads to use when the caller does not say: `ATELIER_THREADS`, else the number of cores. */
  defaultThreads(): number;
  /** Starts a worker that must not keep the process alive on its own. */
  spawnWorker(init: WorkerInit): WorkerHandle;
}
