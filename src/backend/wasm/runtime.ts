/**
 * Loads the wasm kernels synchronously (the engine's API is synchronous): checks that the host has
 * WebAssembly SIMD and SharedArrayBuffer, compiles the module once per process, creates the shared
 * memory, its heap, per-thread scratch areas and the thread pool.
 * @module
 */
import { BackendUnavailableError } from '../../errors.js';
import type { WasmExports } from './exports.js';
import { WasmHeap } from './heap.js';
import type { WasmPlatform } from './platform.js';
import { ThreadPool } from './thread-pool.js';

/** Pages the module declares (scripts/build-wasm.mjs); an imported memory must match them. */
const INITIAL_PAGES = 64;
const MAXIMUM_PAGES = 65536;
const PAGE_BYTES = 65536;
/**
 * Private working memory of each thread: the GEMM's packed A block (MC x KC floats) and edge tile
 * (see asm/gemm.ts), with room for other kernels' per-thread buffers.
 */
export const SCRATCH_BYTES = 256 * 1024;
/** Bytes of one job descriptor slot. */
export const DESCRIPTOR_BYTES = 256;

/** Everything a wasm backend instance owns. */
export interface WasmRuntime {
  memory: WebAssembly.Memory;
  exports: WasmExports;
  heap: WasmHeap;
  pool: ThreadPool;
  /** Two descriptor slots, so a kernel can describe one job while another's descriptor is live. */
  descriptors: [number, number];
}

/** Compiled once per host and process; every backend instance and worker shares the module. */
const compiled = new WeakMap<WasmPlatform, WebAssembly.Module>();

function compile(platform: WasmPlatform): WebAssembly.Module {
  const cached = compiled.get(platform);
  if (cached) return cached;
  if (typeof WebAssembly !== 'object') {
    throw new BackendUnavailableError('wasm backend: this JavaScript runtime has no WebAssembly');
  }
  if (typeof SharedArrayBuffer !== 'function') {
    throw new BackendUnavailableError(
      'wasm backend: SharedArrayBuffer is unavailable (browsers provide it only to cross-origin isolated pages: serve with COOP/COEP headers)',
    );
  }
  const bytes = platform.readModuleBytes();
  let module: WebAssembly.Module;
  try {
    module = new WebAssembly.Module(bytes);
  } catch (error) {
    throw new BackendUnavailableError(
      `wasm backend: this runtime cannot compile the kernels, it probably lacks WebAssembly SIMD or threads (${(error as Error).message})`,
    );
  }
  compiled.set(platform, module);
  return module;
}

/** Creates a runtime with `threads` threads (the caller included). */
export function createRuntime(platform: WasmPlatform, threads: number): WasmRuntime {
  const module = compile(platform);
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES, shared: true });
  } catch (error) {
    throw new BackendUnavailableError(`wasm backend: cannot create a shared WebAssembly.Memory (${(error as Error).message})`);
  }
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const exports = instance.exports as unknown as WasmExports;
  const heap = new WasmHeap(memory, 1024, MAXIMUM_PAGES * PAGE_BYTES, exports.zeroBytes);
  const scratch = Array.from({ length: threads }, () => heap.allocBytes(SCRATCH_BYTES));
  const descriptors: [number, number] = [heap.allocBytes(DESCRIPTOR_BYTES), heap.allocBytes(DESCRIPTOR_BYTES)];
  const pool = new ThreadPool(exports, module, memory, scratch, platform);
  return { memory, exports, heap, pool, descriptors };
}
