/**
 * Layer normalization over the last axis on the wasm module (asm/layer-norm.ts): bands of rows per
 * task, each row normalised (forward) or differentiated (backward) in one cache-resident sweep. The
 * backward tasks write partial sums of the gamma and beta gradients, `[tasks, 2·cols]`, which one
 * sum over the task axis adds up.
 * @module
 */
import { descriptorViews, type DescriptorViews } from './descriptor-views.js';
import { reduce } from './reduce.js';
import type { WasmRuntime } from './runtime.js';

// Descriptor words, mirrored from asm/layer-norm.ts.
const X = 0, OUT = 1, GAMMA = 2, BETA = 3, MEAN = 4, RSTD = 5, ROWS = 6, COLS = 7, ROWS_PER_TASK = 8, EPSILON = 9;
const DY = 10, PARTIALS = 11;
/** Elements below which a call stays on the calling thread. */
const PARALLEL_MIN_ELEMENTS = 1 << 15;
/** Elements per task at least: each backward task also clears and writes 2·cols partial sums. */
const MIN_ELEMENTS_PER_TASK = 1 << 13;

interface Plan {
  rows: number;
  perTask: number;
  tasks: number;
  parallel: boolean;
}

function plan(rt: WasmRuntime, size: number, cols: number): Plan {
  const rows = size / cols;
  const parallel = size >= PARALLEL_MIN_ELEMENTS && rt.pool.threads > 1;
  const perTask = parallel ? Math.max(Math.ceil(MIN_ELEMENTS_PER_TASK / cols), Math.ceil(rows / (4 * rt.pool.threads))) : rows;
  return { rows, perTask, tasks: Math.ceil(rows / perTask), parallel };
}

/** Fills the words both directions share; returns the descriptor's offset. */
function describe(rt: WasmRuntime, p: Plan, x: Float32Array, out: Float32Array, cols: number, gamma: Float32Array | null, mean: Float32Array, rstd: Float32Array): DescriptorViews {
  const views = descriptorViews(rt, 1);
  const d = views.words;
  d[X] = x.byteOffset;
  d[OUT] = out.byteOffset;
  d[GAMMA] = gamma ? gamma.byteOffset : 0;
  d[MEAN] = mean.byteOffset;
  d[RSTD] = rstd.byteOffset;
  d[ROWS] = p.rows;
  d[COLS] = cols;
  d[ROWS_PER_TASK] = p.perTask;
  return views;
}

/** See {@link Backend.layerNorm}; every array lives in `rt`'s memory. */
export function layerNorm(
  rt: WasmRuntime, x: Float32Array, cols: number, gamma: Float32Array | null, beta: Float32Array | null, epsilon: number,
  out: Float32Array, mean: Float32Array, rstd: Float32Array,
): void {
  if (x.length === 0 || cols === 0) return;
  const p = plan(rt, x.length, cols);
  const { words, floats, offset } = describe(rt, p, x, out, cols, gamma, mean, rstd);
  words[BETA] = beta ? beta.byteOffset : 0;
  floats[EPSILON] = epsilon;
  rt.pool.run('layerNormTask', offset, p.tasks, p.parallel);
}

/** See {@link Backend.layerNormBackward}; every array lives in `rt`'s memory. */
export function layerNormBackward(
  rt: WasmRuntime, x: Float32Array, dy: Float32Array, cols: number, mean: Float32Array, rstd: Float32Array, gamma: Float32Array | null,
  dx: Float32Array, dgamma: Float32Array | null, dbeta: Float32Array | null,
): void {
  if (cols === 0) return;
  if (x.length === 0) {
    dgamma?.fill(0);
    dbeta?.fill(0);
    return;
  }
  const p = plan(rt, x.length, cols);
  const partials = rt.heap.alloc('float32', p.tasks * 2 * cols, false) as Float32Array;
  const sums = rt.heap.alloc('float32', 2 * cols, false) as Float32Array;
  try {
    const { words, offset } = describe(rt, p, x, dx, cols, gamma, mean, rstd);
    words[DY] = dy.byteOffset;
    words[PARTIALS] = partials.byteOffset;
    rt.pool.run('layerNormBackwardTask', offset, p.tasks, p.parallel);
    if (dgamma || dbeta) {
      if (!reduce(rt, 'sum', partials, { outer: 1, size: p.tasks, inner: 2 * cols }, sums)) throw new Error('wasm layerNormBackward: the sum kernel declined float32 rows');
      dgamma?.set(sums.subarray(0, cols));
      dbeta?.set(sums.subarray(cols));
    }
  } finally {
    rt.heap.free(partials);
    rt.heap.free(sums);
  }
}
