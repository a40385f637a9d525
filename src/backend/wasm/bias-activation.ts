/**
 * The fused bias add + activation and its gradient on the wasm module (asm/bias-activation.ts):
 * one pass over the layer output instead of a bias add and an activation (forward), and one pass
 * over dy instead of the activation's gradient and a bias-gradient reduction (backward). Rows are
 * split over threads like the elementwise kernels; each backward task sums its rows' bias gradient
 * into a partial row, added up by a last serial task.
 * @module
 */
import type { BiasActivation } from '../kernels.js';
import { descriptorViews } from './descriptor-views.js';
import type { WasmRuntime } from './runtime.js';

/** Elements below which a call stays on the calling thread. */
const PARALLEL_MIN_ELEMENTS = 1 << 16;
/** Elements per task for large calls. */
const ELEMENTS_PER_TASK = 1 << 14;

// Activation codes and descriptor words, mirrored from asm/bias-activation.ts.
const codes: Record<BiasActivation, number> = { linear: 0, relu: 1 };
const ACT = 0, ROWS = 1, CHANNELS = 2, ROWS_PER_TASK = 3, TASKS = 4;
const X = 5, BIAS = 6, OUT = 7;
const DY = 5, Y = 6, DX = 7, D_BIAS = 8, PARTIAL = 9;

/** Fills the words shared by both directions; returns the task count and whether to thread. */
function describe(rt: WasmRuntime, words: Int32Array, size: number, channels: number, activation: BiasActivation): { tasks: number; parallel: boolean } {
  const rows = size / channels;
  const parallel = size >= PARALLEL_MIN_ELEMENTS && rt.pool.threads > 1;
  const perTask = parallel ? Math.max(1, Math.floor(ELEMENTS_PER_TASK / channels)) : rows;
  const tasks = Math.ceil(rows / perTask);
  words[ACT] = codes[activation];
  words[ROWS] = rows;
  words[CHANNELS] = channels;
  words[ROWS_PER_TASK] = perTask;
  words[TASKS] = tasks;
  return { tasks, parallel };
}

/** `out = act(x + bias)` over `[rows, bias.length]`; every array lives in `rt`'s memory. */
export function biasActivation(rt: WasmRuntime, x: Float32Array, bias: Float32Array, out: Float32Array, activation: BiasActivation): void {
  if (out.length === 0 || bias.length === 0) return;
  const { words, offset } = descriptorViews(rt, 1);
  const { tasks, parallel } = describe(rt, words, out.length, bias.length, activation);
  words[X] = x.byteOffset;
  words[BIAS] = bias.byteOffset;
  words[OUT] = out.byteOffset;
  rt.pool.run('biasActivationTask', offset, tasks, parallel);
}

/** `dx = dy · act'(y)` (unless `dx` is null) and `dBias = Σ_rows dx`. */
export function biasActivationBackward(
  rt: WasmRuntime, dy: Float32Array, y: Float32Array | null, dx: Float32Array | null, dBias: Float32Array, activation: BiasActivation,
): void {
  const channels = dBias.length;
  if (channels === 0) return;
  if (dy.length === 0) {
    dBias.fill(0);
    return;
  }
  const { words, offset } = descriptorViews(rt, 1);
  const { tasks, parallel } = describe(rt, words, dy.length, channels, activation);
  words[DY] = dy.byteOffset;
  words[Y] = activation === 'relu' ? y!.byteOffset : 0;
  words[DX] = dx ? dx.byteOffset : 0;
  words[D_BIAS] = dBias.byteOffset;
  // One task sums straight into dBias; several write partial rows (each clears its own) first.
  const partial = tasks > 1 ? rt.heap.allocBytes(tasks * channels * 4, false) : dBias.byteOffset;
  words[PARTIAL] = partial;
  try {
    rt.pool.run('biasActivationBackwardTask', offset, tasks, parallel);
    if (tasks > 1) rt.pool.run('biasSumPartialsTask', offset, 1, false);
  } finally {
    if (tasks > 1) rt.heap.freeBytes(partial);
  }
}
