/**
 * Layout of the thread pool's control words: an Int32Array over a small SharedArrayBuffer that the
 * calling thread and every worker read with Atomics. One job runs at a time:
 * the caller fills KERNEL/DESC/COUNT, resets NEXT and ACTIVE, then bumps GENERATION and notifies;
 * every thread claims task indices from NEXT until COUNT is reached; each worker decrements ACTIVE
 * when it is out of tasks and the caller waits for ACTIVE to reach 0.
 * @module
 */

/** Incremented once per job; idle workers `Atomics.wait` on it. */
export const GENERATION = 0;
/** Next unclaimed task index of the current job. */
export const NEXT = 1;
/** Number of tasks in the current job. */
export const COUNT = 2;
/** Workers still inside the current job. */
export const ACTIVE = 3;
/** Index of the job's kernel in TASK_KERNELS. */
export const KERNEL = 4;
/** Byte offset of the job's descriptor in the wasm memory. */
export const DESC = 5;
/** Set to 1 to make workers exit. */
export const QUIT = 6;
/** Workers that instantiated the module and entered their loop. */
export const READY = 7;
/** Set to 1 by a worker whose task threw; the caller reports it. */
export const FAILED = 8;
/** Number of control words. */
export const CONTROL_WORDS = 16;

/** Iterations of busy polling before blocking: back-to-back jobs (GEMM phases) skip the futex wake. */
export const SPIN_ITERATIONS = 4000;
