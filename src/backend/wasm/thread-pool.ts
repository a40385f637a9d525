/**
 * Spreads a kernel's tasks over worker threads that share the wasm memory and module. The calling
 * thread takes tasks too, then waits until the workers that joined have finished theirs: blocking in
 * Atomics.wait where the thread may block (Node, Web Workers), spinning where it may not (a
 * browser's main thread, where only the last tasks of a job remain to wait for). The protocol is
 * described in control-block.ts.
 * @module
 */
import { AtelierError } from '../../errors.js';
import * as C from './control-block.js';
import { TASK_KERNELS, type TaskKernel, type WasmExports } from './exports.js';
import type { WasmPlatform, WorkerHandle } from './platform.js';

/**
 * Whether this thread may block in `Atomics.wait` (browsers forbid it on the main thread). The
 * check for permission comes before the value comparison in `Atomics.wait`, so a call whose value
 * does not match returns at once where blocking is allowed and throws where it is not.
 */
function threadMayBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pool: thread 0 is the caller, threads 1..n-1 are workers. */
export class ThreadPool {
  private readonly control = new Int32Array(new SharedArrayBuffer(C.CONTROL_WORDS * 4));
  private workers: WorkerHandle[] = [];
  private readonly mayBlock = threadMayBlock();

  /**
   * @param exports the calling thread's instance
   * @param scratch per-thread scratch offsets; `scratch.length` is the thread count
   */
  constructor(
    private readonly exports: WasmExports,
    module: WebAssembly.Module,
    memory: WebAssembly.Memory,
    private readonly scratch: readonly number[],
    platform: WasmPlatform,
  ) {
    for (let i = 1; i < scratch.length; i++) {
      this.workers.push(platform.spawnWorker({ module, memory, control: this.control.buffer, threadIndex: i, scratch: scratch[i]! }));
    }
  }

  /** Threads that take part in a parallel job, the caller included. */
  get threads(): number {
    return this.workers.length + 1;
  }

  /**
   * Workers that have started and instantiated the module (they join jobs from then on). Workers
   * start asynchronously, so this may be below `threads - 1` for a while after creation.
   */
  get workersStarted(): number {
    return Atomics.load(this.control, C.READY);
  }

  /**
   * Runs tasks `0 .. count-1` of `kernel` on the job descriptor at `desc`: offered to every thread
   * when `parallel` and there is more than one task, else run on the calling thread alone. Returns
   * when every task has finished.
   */
  run(kernel: TaskKernel, desc: number, count: number, parallel: boolean): void {
    const fn = this.exports[kernel];
    if (!parallel || count <= 1 || this.workers.length === 0) {
      for (let task = 0; task < count; task++) fn(desc, task, this.scratch[0]!);
      return;
    }
    const control = this.control;
    control[C.KERNEL] = TASK_KERNELS.indexOf(kernel);
    control[C.DESC] = desc;
    control[C.COUNT] = count;
    Atomics.store(control, C.NEXT, 0);
    const generation = Atomics.add(control, C.GENERATION, 1) + 1;
    Atomics.notify(control, C.GENERATION);
    try {
      for (let task = Atomics.add(control, C.NEXT, 1); task < count; task = Atomics.add(control, C.NEXT, 1)) {
        fn(desc, task, this.scratch[0]!);
      }
    } finally {
      // Late workers now see the job closed; wait for those that joined before.
      Atomics.store(control, C.CLOSED, generation);
      this.awaitActive();
    }
    if (Atomics.load(control, C.FAILED)) {
      Atomics.store(control, C.FAILED, 0);
      throw new AtelierError(`wasm backend: kernel ${kernel} failed in a worker thread (see the message above)`);
    }
  }

  /** Stops the workers; later jobs run on the calling thread. */
  terminate(): void {
    Atomics.store(this.control, C.QUIT, 1);
    Atomics.add(this.control, C.GENERATION, 1);
    Atomics.notify(this.control, C.GENERATION);
    for (const worker of this.workers) worker.terminate();
    this.workers = [];
  }

  private awaitActive(): void {
    const control = this.control;
    for (let i = 0; i < 1000; i++) if (Atomics.load(control, C.ACTIVE) === 0) return;
    if (!this.mayBlock) {
      while (Atomics.load(control, C.ACTIVE) !== 0);
      return;
    }
    for (let active = Atomics.load(control, C.ACTIVE); active !== 0; active = Atomics.load(control, C.ACTIVE)) {
      Atomics.wait(control, C.ACTIVE, active);
    }
  }
}
