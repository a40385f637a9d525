/**
 * Loads the wasm kernels: checks that the host has WebAssembly SIMD and shared memory, compiles the
 * module once per host, creates the shared memory, its heap, per-thread scratch areas and the thread
 * pool. Two paths build the same runtime: {@link createRuntime} synchronously (Node, where the
 * module bytes can be read synchronously; the engine's API is synchronous) and
 * {@link createRuntimeAsync} (every host; browsers fetch the module and forbid synchronous
 * compilation of large modules on the main thread). Which of the two builds of the module it loads
 * is kernel-build.ts's choice.
 * @module
 */
import { BackendNotReadyError, BackendUnavailableError } from '../../errors.js';
import type { WasmExports } from './exports.js';
import { detectFeatures, unavailableReason } from './features.js';
import { WasmHeap } from './heap.js';
import type { WasmPlatform } from './platform.js';
import { chooseKernelBuild, hasRelaxedSimd, type KernelBuild, type KernelBuildRequest } from './kernel-build.js';
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
  /** The build of the kernels this runtime runs. */
  build: KernelBuild;
}

/** A compiled build: the module and which build it is. */
interface Compiled {
  module: WebAssembly.Module;
  build: KernelBuild;
}

/** Compiled once per host and request; every backend instance and worker shares the module. */
const compiled = new WeakMap<WasmPlatform, Map<KernelBuildRequest, Compiled>>();
/** Compilations in flight, so concurrent async creations compile once. */
const compiling = new WeakMap<WasmPlatform, Map<KernelBuildRequest, Promise<Compiled>>>();

function cacheOf<T>(map: WeakMap<WasmPlatform, Map<KernelBuildRequest, T>>, platform: WasmPlatform): Map<KernelBuildRequest, T> {
  let cache = map.get(platform);
  if (!cache) map.set(platform, (cache = new Map<KernelBuildRequest, T>()));
  return cache;
}

/**
 * The builds to try for `request`, best first: `auto` falls back to the baseline build when the
 * relaxed file cannot be read (a deployment that copied only atelier.wasm) or compiled.
 */
function candidates(request: KernelBuildRequest): [KernelBuild] | [KernelBuild, KernelBuild] {
  const build = chooseKernelBuild(request, hasRelaxedSimd());
  return request === 'auto' && build === 'relaxed' ? ['relaxed', 'baseline'] : [build];
}

function checkHost(): void {
  const reason = unavailableReason(detectFeatures());
  if (reason) throw new BackendUnavailableError(reason);
}

function cannotCompile(error: unknown): BackendUnavailableError {
  return new BackendUnavailableError(
    `wasm backend: this runtime cannot compile the kernels, it probably lacks WebAssembly SIMD or threads (${(error as Error).message})`,
  );
}

function compileSync(platform: WasmPlatform, request: KernelBuildRequest): Compiled {
  const cache = cacheOf(compiled, platform);
  const cached = cache.get(request);
  if (cached) return cached;
  checkHost();
  const read = platform.readModuleBytes?.bind(platform);
  if (!read) {
    throw new BackendNotReadyError(
      "wasm backend: the kernels are loaded asynchronously here; call 'await ready()' or 'await setBackendAsync(\"wasm\")' before the first op",
    );
  }
  const [best, fallback] = candidates(request);
  const load = (build: KernelBuild): Compiled => {
    const bytes = read(build);
    try {
      return { module: new WebAssembly.Module(bytes), build };
    } catch (error) {
      throw cannotCompile(error);
    }
  };
  let result: Compiled;
  try {
    result = load(best);
  } catch (error) {
    if (!fallback) throw error;
    result = load(fallback);
  }
  cache.set(request, result);
  return result;
}

async function compileAsync(platform: WasmPlatform, request: KernelBuildRequest): Promise<Compiled> {
  const cache = cacheOf(compiled, platform);
  const cached = cache.get(request);
  if (cached) return cached;
  checkHost();
  const inFlight = cacheOf(compiling, platform);
  let pending = inFlight.get(request);
  if (!pending) {
    const [best, fallback] = candidates(request);
    const load = async (build: KernelBuild): Promise<Compiled> => {
      const bytes = await platform.fetchModuleBytes(build);
      try {
        return { module: await WebAssembly.compile(bytes), build };
      } catch (error) {
        throw cannotCompile(error);
      }
    };
    pending = load(best).catch((error: unknown) => {
      if (!fallback) throw error;
      return load(fallback);
    });
    inFlight.set(request, pending);
  }
  try {
    const result = await pending;
    cache.set(request, result);
    return result;
  } finally {
    inFlight.delete(request);
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
  { module, build }: Compiled,
  memory: WebAssembly.Memory,
  instance: WebAssembly.Instance,
): WasmRuntime {
  const exports = instance.exports as unknown as WasmExports;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- a wasm export does not use `this`
  const heap = new WasmHeap(memory, 1024, MAXIMUM_PAGES * PAGE_BYTES, exports.zeroBytes);
  const scratch = Array.from({ length: threads }, () => heap.allocBytes(SCRATCH_BYTES));
  const descriptors: [number, number] = [heap.allocBytes(DESCRIPTOR_BYTES), heap.allocBytes(DESCRIPTOR_BYTES)];
  const pool = new ThreadPool(exports, module, memory, scratch, platform);
  return { memory, exports, heap, pool, descriptors, build };
}

/**
 * Creates a runtime with `threads` threads (the caller included) on the build `request` names,
 * synchronously. Throws BackendNotReadyError where the host can only load the module
 * asynchronously and {@link createRuntimeAsync} has not compiled that request yet.
 */
export function createRuntime(platform: WasmPlatform, threads: number, request: KernelBuildRequest = 'auto'): WasmRuntime {
  const build = compileSync(platform, request);
  const memory = createMemory();
  return assemble(platform, threads, build, memory, new WebAssembly.Instance(build.module, { env: { memory } }));
}

/** Creates a runtime with `threads` threads (the caller included) on the build `request` names, compiling and instantiating asynchronously. */
export async function createRuntimeAsync(platform: WasmPlatform, threads: number, request: KernelBuildRequest = 'auto'): Promise<WasmRuntime> {
  const build = await compileAsync(platform, request);
  const memory = createMemory();
  const instance = await WebAssembly.instantiate(build.module, { env: { memory } });
  return assemble(platform, threads, build, memory, instance);
}
