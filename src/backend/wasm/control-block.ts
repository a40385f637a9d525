/**
 * Layout of the thread pool's control words: an Int32Array over a small SharedArrayBuffer that the
 * calling thread and every worker read with Atomics. One job runs at a time.
 *
 * The caller fills KERNEL/DESC/COUNT, resets NEXT, bumps GENERATION to g and notifies; then it
 * claims task indices from NEXT like everyone else, stores g into CLOSED when none are left, and
 * waits only for the workers counted in ACTIVE. A worker woken for g first increments ACTIVE, then
 * checks that g is still open (CLOSED before g); if so it claims tasks, and in any case it
 * decrements ACTIVE when done. Because the caller stores CLOSED before reading ACTIVE, and a worker
 * increments ACTIVE before reading CLOSED, either the caller sees the worker (and waits for it) or
 * the worker sees the job closed (and never touches its words). So a worker that wakes late never
 * delays the caller, and workers may even still be booting when the first job runs.
 * @module
 */

/** Incremented once per job; idle workers `Atomics.wait` on it. */
export const GENERATION = 0;
/** Next unclaimed task index of the current job. */
export const NEXT = 1;
/** Number of tasks in the current job. */
export const COUNT = 2;
/** Workers inside a job (joined and not yet left). */
export const ACTIVE = 3;
/** Index of the job's kernel in TASK_KERNELS. */
export const KERNEL = 4;
/** Byte offset of the job's descriptor in the wasm memory. */
export const DESC = 5;
/** Set to 1 to make workers exit. */
export const QUIT = 6;
/** Generation of the last job whose tasks are all claimed. */
export const CLOSED = 7;
/** Set to 1 by a worker whose task threw; the caller reports it. */
export const FAILED = 8;
/** Workers that instantiated the module (for diagnostics). */
export const READY = 9;
/** Number of control words. */
export const CONTROL_WORDS = 16;

/**
 * How long a worker keeps polling for the next job before it blocks (milliseconds). Waking a
 * blocked thread costs 50-200 µs on small VMs; kernels of one op (GEMM phases) and of consecutive
 * ops usually follow each other within this window.
 */
export const SPIN_MS = 0.3;

/** True when generation `g` is still open given the last closed generation (wrap-around safe). */
export function isOpen(g: number, closed: number): boolean {
  return ((g - closed) | 0) > 0;
}
