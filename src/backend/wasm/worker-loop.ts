/**
 * The loop every worker thread runs, independent of the host: instantiate the module on the shared
 * memory, then serve jobs from the control block (protocol in control-block.ts) until told to quit.
 * @module
 */
import * as C from './control-block.js';
import { TASK_KERNELS, type TaskFunction, type WasmExports } from './exports.js';
import type { WorkerInit } from './platform.js';

/** Waits until GENERATION differs from `seen`, polling for {@link C.SPIN_MS} first; returns it. */
function awaitNextJob(control: Int32Array, seen: number): number {
  const spinUntil = performance.now() + C.SPIN_MS;
  for (let i = 0; ; i++) {
    const g = Atomics.load(control, C.GENERATION);
    if (g !== seen) return g;
    if ((i & 255) === 255 && performance.now() > spinUntil) break;
  }
  for (;;) {
    Atomics.wait(control, C.GENERATION, seen);
    const g = Atomics.load(control, C.GENERATION);
    if (g !== seen) return g;
  }
}

/** Runs jobs until QUIT; never returns normally while the pool lives. */
export function serveTasks(init: WorkerInit): void {
  const control = new Int32Array(init.control);
  let seen = Atomics.load(control, C.GENERATION);
  // If this throws, the host reports the error and the pool simply runs without this worker: the
  // caller never waits for workers that have not joined a job.
  const instance = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
  const exports = instance.exports as unknown as WasmExports;
  const kernels: TaskFunction[] = TASK_KERNELS.map((name) => exports[name]);
  Atomics.add(control, C.READY, 1);
  for (;;) {
    const g = awaitNextJob(control, seen);
    seen = g;
    if (Atomics.load(control, C.QUIT)) return;
    Atomics.add(control, C.ACTIVE, 1);
    try {
      if (C.isOpen(g, Atomics.load(control, C.CLOSED))) {
        const run = kernels[control[C.KERNEL]!]!;
        const desc = control[C.DESC]!;
        const count = control[C.COUNT]!;
        for (let task = Atomics.add(control, C.NEXT, 1); task < count; task = Atomics.add(control, C.NEXT, 1)) {
          run(desc, task, init.scratch);
        }
      }
    } catch (error) {
      Atomics.store(control, C.FAILED, 1);
      console.error(`atelier wasm worker ${init.threadIndex}: ${(error as Error).message}`);
    } finally {
      if (Atomics.sub(control, C.ACTIVE, 1) === 1) Atomics.notify(control, C.ACTIVE);
    }
  }
}
