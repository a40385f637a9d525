/**
 * The browser host of the wasm backend: fetches a build of the module next to this file's URL
 * (dist/wasm/atelier.wasm or atelier-relaxed.wasm, as `npm run build:wasm` lays them out), counts cores with
 * `navigator.hardwareConcurrency`, and runs module Web Workers (browser-worker.ts) that receive the
 * compiled `WebAssembly.Module`, the shared `WebAssembly.Memory` and the pool's control words by
 * `postMessage`. Nothing here runs at import time, so Node can load this file too.
 * @module
 */
import { BackendUnavailableError } from '../../errors.js';
import type { WasmPlatform, WorkerHandle, WorkerInit } from './platform.js';
import { KERNEL_BUILD_FILES, type KernelBuild } from './kernel-build.js';

/** Where `npm run build:wasm` writes the modules, relative to this file in dist/src/backend/wasm. */
const MODULE_DIR = '../../../wasm/';
const WORKER_PATH = './browser-worker.js';

/** The browser implementation of {@link WasmPlatform} (also used inside Web Workers). */
export const browserPlatform: WasmPlatform = {
  async fetchModuleBytes(build: KernelBuild): Promise<Uint8Array<ArrayBuffer>> {
    const url = new URL(MODULE_DIR + KERNEL_BUILD_FILES[build], import.meta.url);
    let response: Response;
    try {
      response = await fetch(url);
    } catch (error) {
      throw new BackendUnavailableError(`wasm backend: cannot fetch ${url.href} (${(error as Error).message})`);
    }
    if (!response.ok) {
      throw new BackendUnavailableError(
        `wasm backend: fetching ${url.href} answered HTTP ${response.status}; serve dist/wasm/ beside dist/src/ (run 'npm run build:wasm')`,
      );
    }
    // Bytes rather than compileStreaming: streaming needs the server to send application/wasm.
    return new Uint8Array(await response.arrayBuffer());
  },
  defaultThreads(): number {
    return typeof navigator === 'object' && navigator.hardwareConcurrency > 0 ? navigator.hardwareConcurrency : 1;
  },
  spawnWorker(init: WorkerInit): WorkerHandle {
    const worker = new Worker(new URL(WORKER_PATH, import.meta.url), { type: 'module', name: `atelier-wasm-${init.threadIndex}` });
    // A worker that fails to start never joins a job; the pool simply runs without it.
    worker.addEventListener('error', (event) => {
      console.error(`atelier wasm worker ${init.threadIndex} failed: ${event.message || 'could not load browser-worker.js'}`);
    });
    worker.postMessage(init);
    return { terminate: () => worker.terminate() };
  },
};
