/**
 * Loads the wasm kernels: checks that the host has WebAssembly SIMD and shared memory, compiles the
 * module once per host, creates the shared memory, its heap, per-thread scratch areas and the thread
 * pool. Two paths build the same runtime: {@link createRuntime} synchronously (Node, where the
 * module bytes can be read synchronously; the engine's API is synchronous) and
 * {@link createRuntimeAsync} (every host; browsers fetch the module and forbid synchronous
 * compilation of large modules on the main thread).
 * @module
 */
import { BackendNotReadyError, BackendUnavailableError } from '../../errors.js';
import type { WasmExports } from './exports.js';
import { detectFeatures, unavailableReason } from './features.js';
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

/** Compiled once per host; every backend instance and worker shares the module. */
const compiled = new WeakMap<WasmPlatform, WebAssembly.Module>();
/** Compilations in flight, so concurrent async creations compile once. */
const compiling = new WeakMap<WasmPlatform, Promise<WebAssembly.Module>>();

function checkHost(): void {
  const reason = unavailableReason(detectFeatures());
  if (reason) throw new BackendUnavailableError(reason);
}

function cannotCompile(error: unknown): BackendUnavailableError {
  return new BackendUnavailableError(
    `wasm backend: this runtime cannot compile the kernels, it probably lacks WebAssembly SIMD or threads (${(error as Error).message})`,
  );
}

function compileSync(platform: WasmPlatform): WebAssembly.Module {
  const cached = compiled.get(platform);
  if (cached) return cached;
  checkHost();
  if (!platform.readModuleBytes) {
    throw new BackendNotReadyError(
      "wasm backend: the kernels are loaded asynchronously here; call 'await ready()' or 'await setBackendAsync(\"wasm\")' before the first op",
    );
  }
  const bytes = platform.readModuleBytes();
  let module: WebAssembly.Module;
  try {
    module = new WebAssembly.Module(bytes);
  } catch (error) {
    throw cannotCompile(error);
  }
  compiled.set(platform, module);
  return module;
}

async function compileAsync(platform: WasmPlatform): Promise<WebAssembly.Module> {
  const cached = compiled.get(platform);
  if (cached) return cached;
  checkHost();
  let pending = compiling.get(platform);
  if (!pending) {
    pending = (async () => {
      const bytes = await platform.fetchModuleBytes();
      try {
        return await WebAssembly.compile(bytes);
      } catch (error) {
        throw cannotCompile(error);
      }
    })();
    compiling.set(platform, pending);
  }
  try {
    const module = await pending;
    compiled.set(platform, module);
    return module;
  } finally {
    compiling.delete(platform);
  }
}

function createMemory(): WebAssembly.Memory {
  try {
    return new WebAssembly.Memory({ initial: INITIAL_PAGES, maximum: MAXIMUM_PAGES, shared: true });
  } catch (error) {
    throw new BackendUnavailableError(`wasm backend: cannot create a shared WebAssembly.Memory (${(error as Error).message})`);
  }
}

function assemble(
  platform: WasmPlatform,
  threads: number,
  module: WebAssembly.Module,
  memory: WebAssembly.Memory,
  instance: WebAssembly.Instance,
): WasmRuntime {
  const exports = instance.exports as unknown as WasmExports;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- a wasm export does not use `this`
  const heap = new WasmHeap(memory, 1024, MAXIMUM_PAGES * PAGE_BYTES, exports.zeroBytes);
  const scratch = Array.from({ length: threads }, () => heap.allocBytes(SCRATCH_BYTES));
  const descriptors: [number, number] = [heap.allocBytes(DESCRIPTOR_BYTES), heap.allocBytes(DESCRIPTOR_BYTES)];
  const pool = new ThreadPool(exports, module, memory, scratch, platform);
  return { memory, exports, heap, pool, descriptors };
}

/**
 * Creates a runtime with `threads` threads (the caller included), synchronously. Throws
 * BackendNotReadyError where the host can only load the module asynchronously and
 * {@link createRuntimeAsync} has not compiled it yet.
 */
export function createRuntime(platform: WasmPlatform, threads: number): WasmRuntime {
  const module = compileSync(platform);
  const memory = createMemory();
  return assemble(platform, threads, module, memory, new WebAssembly.Instance(module, { env: { memory } }));
}

/** Creates a runtime with `threads` threads (the caller included), compiling and instantiating asynchronously. */
export async function createRuntimeAsync(platform: WasmPlatform, threads: number): Promise<WasmRuntime> {
  const module = await compileAsync(platform);
  const memory = createMemory();
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  return assemble(platform, threads, module, memory, instance);
}
