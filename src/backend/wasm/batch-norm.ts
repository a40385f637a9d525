/**
 * Batch normalization with batch statistics on the wasm module (asm/batch-norm.ts), over
 * `[outer, channels, inner]` views (channels-last data has `inner == 1`). Each direction is a
 * parallel partial-sum phase over bands of `outer`, a per-channel combination here (a few float64
 * operations per channel), and one parallel sweep writing the output.
 * @module
 */
import type { AxisView } from '../kernels.js';
import { SCRATCH_BYTES, type WasmRuntime } from './runtime.js';
import { descriptorViews } from './descriptor-views.js';

// Descriptor words (10), mirrored from asm/batch-norm.ts.
const MODE = 0, X = 1, DY = 2, OUT = 3, ROWS = 4, CHANNELS = 5, ROWS_PER_TASK = 6, PARTIALS = 7, COEFFS = 8, INNER = 9;
const FORWARD = 0, BACKWARD = 1;
/** Elements below which a call stays on the calling thread. */
const PARALLEL_MIN_ELEMENTS = 1 << 16;
/** Channels whose float32 block sums (8 bytes each) fit the thread's scratch (asm/batch-norm.ts, channels-last path). */
const MAX_CHANNELS = SCRATCH_BYTES / 8;
/** Elements per task at least (each task also clears and writes 16 bytes of partials per channel). */
const MIN_ELEMENTS_PER_TASK = 1 << 14;

/** Scratch of one call: float64 partial sums per task and float32 coefficient vectors per channel. */
interface Job {
  rowsPerTask: number;
  tasks: number;
  parallel: boolean;
  partials: Float64Array;
  coeffs: Float32Array;
  release(): void;
}

function plan(rt: WasmRuntime, rows: number, channels: number, inner: number): Job {
  const rowElements = channels * inner;
  const total = rows * rowElements;
  const parallel = total >= PARALLEL_MIN_ELEMENTS;
  const rowsPerTask = parallel
    ? Math.max(Math.ceil(MIN_ELEMENTS_PER_TASK / rowElements), Math.ceil(rows / (4 * rt.pool.threads)))
    : rows;
  const tasks = Math.ceil(rows / rowsPerTask);
  const partialStorage = rt.heap.alloc('float32', 4 * channels * tasks, false) as Float32Array;
  const coeffs = rt.heap.alloc('float32', 4 * channels, false) as Float32Array;
  const partials = new Float64Array(partialStorage.buffer, partialStorage.byteOffset, 2 * channels * tasks);
  return {
    rowsPerTask, tasks, parallel, partials, coeffs,
    release: () => {
      rt.heap.free(partialStorage);
      rt.heap.free(coeffs);
    },
  };
}

function describe(rt: WasmRuntime, mode: number, x: Float32Array, dy: Float32Array | null, out: Float32Array, view: AxisView, job: Job): number {
  const { words: d, offset: desc } = descriptorViews(rt, 1);
  d[MODE] = mode;
  d[X] = x.byteOffset;
  d[DY] = dy ? dy.byteOffset : 0;
  d[OUT] = out.byteOffset;
  d[ROWS] = view.outer;
  d[CHANNELS] = view.size;
  d[INNER] = view.inner;
  d[ROWS_PER_TASK] = job.rowsPerTask;
  d[PARTIALS] = job.partials.byteOffset;
  d[COEFFS] = job.coeffs.byteOffset;
  return desc;
}

/** Adds the tasks' partial sums of channel `c`: `[first, second]`. */
function totals(job: Job, channels: number, c: number): [number, number] {
  let first = 0;
  let second = 0;
  for (let t = 0; t < job.tasks; t++) {
    first += job.partials[2 * channels * t + c]!;
    second += job.partials[2 * channels * t + channels + c]!;
  }
  return [first, second];
}

/** Non-empty views; channels-last ones with at most 32Ki channels (their block sums live in scratch). */
function usable(view: AxisView): boolean {
  if (view.outer === 0 || view.size === 0 || view.inner === 0) return false;
  return view.inner > 1 || view.size <= MAX_CHANNELS;
}

/** See `Backend.batchNormTraining`; false (nothing written) for views {@link usable} rejects. */
export function batchNormTraining(
  rt: WasmRuntime, x: Float32Array, view: AxisView, gamma: Float32Array | null, beta: Float32Array | null, epsilon: number,
  out: Float32Array, mean: Float32Array, variance: Float32Array,
): boolean {
  if (!usable(view)) return false;
  const channels = view.size, count = view.outer * view.inner;
  const job = plan(rt, view.outer, channels, view.inner);
  try {
    // Sums of x − (a value of its channel) rather than of x: the variance then never cancels catastrophically.
    for (let c = 0; c < channels; c++) job.coeffs[c] = x[c * view.inner]!;
    const desc = describe(rt, FORWARD, x, null, out, view, job);
    rt.pool.run('batchNormStatsTask', desc, job.tasks, job.parallel);
    const k = job.coeffs;
    for (let c = 0; c < channels; c++) {
      const [sum, squares] = totals(job, channels, c);
      const shiftedMean = sum / count;
      const v = Math.max(0, squares / count - shiftedMean * shiftedMean);
      const m = k[c]! + shiftedMean;
      mean[c] = m;
      variance[c] = v;
      k[c] = m;
      k[channels + c] = (gamma ? gamma[c]! : 1) / Math.sqrt(v + epsilon);
      k[2 * channels + c] = beta ? beta[c]! : 0;
    }
    rt.pool.run('batchNormApplyTask', describe(rt, FORWARD, x, null, out, view, job), job.tasks, job.parallel);
  } finally {
    job.release();
  }
  return true;
}

/** See `Backend.batchNormBackward`; false (nothing written) for views {@link usable} rejects. */
export function batchNormBackward(
  rt: WasmRuntime, x: Float32Array, dy: Float32Array, view: AxisView, mean: Float32Array, variance: Float32Array, gamma: Float32Array | null,
  epsilon: number, dx: Float32Array, dgamma: Float32Array, dbeta: Float32Array,
): boolean {
  if (!usable(view)) return false;
  const channels = view.size, count = view.outer * view.inner;
  const job = plan(rt, view.outer, channels, view.inner);
  try {
    job.coeffs.set(mean.subarray(0, channels));
    const desc = describe(rt, BACKWARD, x, dy, dx, view, job);
    rt.pool.run('batchNormStatsTask', desc, job.tasks, job.parallel);
    const k = job.coeffs;
    for (let c = 0; c < channels; c++) {
      const [sumDy, sumDyCentred] = totals(job, channels, c);
      const invStd = 1 / Math.sqrt(variance[c]! + epsilon);
      const dg = sumDyCentred * invStd;
      dbeta[c] = sumDy;
      dgamma[c] = dg;
      const a = (gamma ? gamma[c]! : 1) * invStd;
      // dx = a·(dy − Σdy/N − x̂·dgamma/N) with x̂ = (x − mean)·invStd.
      k[channels + c] = a;
      k[2 * channels + c] = (-a * invStd * dg) / count;
      k[3 * channels + c] = (-a * sumDy) / count;
    }
    rt.pool.run('batchNormApplyTask', describe(rt, BACKWARD, x, dy, dx, view, job), job.tasks, job.parallel);
  } finally {
    job.release();
  }
  return true;
}

/** See `Backend.batchNormInference`: the output sweep alone, from coefficients of the given statistics. */
export function batchNormInference(
  rt: WasmRuntime, x: Float32Array, view: AxisView, mean: Float32Array, variance: Float32Array, gamma: Float32Array | null,
  beta: Float32Array | null, epsilon: number, out: Float32Array,
): boolean {
  if (!usable(view)) return false;
  const channels = view.size;
  const job = plan(rt, view.outer, channels, view.inner);
  try {
    const k = job.coeffs;
    for (let c = 0; c < channels; c++) {
      k[c] = mean[c]!;
      k[channels + c] = (gamma ? gamma[c]! : 1) / Math.sqrt(variance[c]! + epsilon);
      k[2 * channels + c] = beta ? beta[c]! : 0;
    }
    rt.pool.run('batchNormApplyTask', describe(rt, FORWARD, x, null, out, view, job), job.tasks, job.parallel);
  } finally {
    job.release();
  }
  return true;
}
