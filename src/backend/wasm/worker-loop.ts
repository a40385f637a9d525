/**
 * The loop every worker thread runs, independent of the host: instantiate the module on the shared
 * memory, then serve jobs from the control block until told to quit.
 * @module
 */
import * as C from './control-block.js';
import { TASK_KERNELS, type TaskFunction, type WasmExports } from './exports.js';
import type { WorkerInit } from './platform.js';

/** Waits until GENERATION differs from `seen`, spinning briefly first; returns the new generation. */
function awaitNextJob(control: Int32Array, seen: number): number {
  for (let i = 0; i < C.SPIN_ITERATIONS; i++) {
    const g = Atomics.load(control, C.GENERATION);
    if (g !== seen) return g;
  }
  for (;;) {
    Atomics.wait(control, C.GENERATION, seen);
    const g = Atomics.load(control, C.GENERATION);
    if (g !== seen) return g;
  }
}

/** Runs jobs forever (until QUIT); never returns normally while the pool lives. */
export function serveTasks(init: WorkerInit): void {
  const control = new Int32Array(init.control);
  let kernels: TaskFunction[];
  // Read the generation before announcing readiness: the caller only starts jobs once every worker is
  // ready, so this worker cannot miss the first one.
  let seen = Atomics.load(control, C.GENERATION);
  try {
    const instance = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
    const exports = instance.exports as unknown as WasmExports;
    kernels = TASK_KERNELS.map((name) => exports[name]);
  } catch (error) {
    Atomics.store(control, C.FAILED, 1);
    Atomics.add(control, C.READY, 1);
    Atomics.notify(control, C.READY);
    throw error;
  }
  Atomics.add(control, C.READY, 1);
  Atomics.notify(control, C.READY);
  for (;;) {
    seen = awaitNextJob(control, seen);
    if (Atomics.load(control, C.QUIT)) return;
    const run = kernels[control[C.KERNEL]!]!;
    const desc = control[C.DESC]!;
    const count = control[C.COUNT]!;
    try {
      for (let task = Atomics.add(control, C.NEXT, 1); task < count; task = Atomics.add(control, C.NEXT, 1)) {
        run(desc, task, init.scratch);
      }
    } catch (error) {
      Atomics.store(control, C.FAILED, 1);
      console.error(`atelier wasm worker ${init.threadIndex}: ${(error as Error).message}`);
    } finally {
      if (Atomics.sub(control, C.ACTIVE, 1) === 1) Atomics.notify(control, C.ACTIVE);
    }
  }
}
