/**
 * The fused optimizer steps (`adamUpdate`, `sgdUpdate`) on the wasm module (asm/optimizer.ts):
 * one SIMD pass over the weights, split over threads for large variables like the elementwise
 * kernels. The scalars are computed here exactly as the reference kernel computes them, so both
 * backends take the same step.
 * @module
 */
import type { AdamParams, SgdMomentumParams } from '../kernels.js';
import { descriptorViews } from './descriptor-views.js';
import type { WasmRuntime } from './runtime.js';

/** Elements below which a step stays on the calling thread. */
const PARALLEL_MIN_ELEMENTS = 1 << 16;
/** Elements per task for large variables (a multiple of 4). */
const ELEMENTS_PER_TASK = 1 << 14;

// Op codes and descriptor words, mirrored from asm/optimizer.ts.
const ADAM = 0, SGD = 1, SGD_MOMENTUM = 2;
const OP = 0, W = 1, G = 2, M = 3, V = 4, N = 5, PER_TASK = 6, FLAGS = 7;
const LR = 8, MOMENTUM = 9, DAMP = 10, WEIGHT_DECAY = 11;
const BETA1 = 8, BETA2 = 9, C1 = 10, C2 = 11, SQRT_CORRECTION2 = 12, EPSILON = 13, STEP_SIZE = 14, DECAY = 15;

function run(rt: WasmRuntime, words: Int32Array, offset: number, n: number): void {
  const parallel = n >= PARALLEL_MIN_ELEMENTS;
  words[N] = n;
  words[PER_TASK] = parallel ? ELEMENTS_PER_TASK : n;
  rt.pool.run('optimizerTask', offset, Math.ceil(n / words[PER_TASK]), parallel);
}

/** One Adam step in place, see `Backend.adamUpdate`; all four arrays live in `rt`'s memory. */
export function adamUpdate(rt: WasmRuntime, w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, params: AdamParams): void {
  const n = w.length;
  if (n === 0) return;
  const { words, floats, offset } = descriptorViews(rt, 1);
  // The reference rounds the betas to float32 first, bias corrections included.
  const beta1 = Math.fround(params.beta1);
  const beta2 = Math.fround(params.beta2);
  const step = params.step;
  words[OP] = ADAM;
  words[W] = w.byteOffset;
  words[G] = g.byteOffset;
  words[M] = m.byteOffset;
  words[V] = v.byteOffset;
  // Float32 stores round the scalars as the reference's Math.fround does.
  floats[BETA1] = beta1;
  floats[BETA2] = beta2;
  floats[C1] = 1 - beta1;
  floats[C2] = 1 - beta2;
  floats[SQRT_CORRECTION2] = Math.sqrt(1 - beta2 ** step);
  floats[EPSILON] = params.epsilon;
  floats[STEP_SIZE] = params.learningRate / (1 - beta1 ** step);
  floats[DECAY] = params.decay ?? 1;
  run(rt, words, offset, n);
}

/** One plain SGD step in place, see `Backend.sgdUpdate`. */
export function sgdUpdate(rt: WasmRuntime, w: Float32Array, g: Float32Array, learningRate: number): void {
  const n = w.length;
  if (n === 0) return;
  const { words, floats, offset } = descriptorViews(rt, 1);
  words[OP] = SGD;
  words[W] = w.byteOffset;
  words[G] = g.byteOffset;
  floats[BETA1] = learningRate;
  run(rt, words, offset, n);
}

/** One SGD step with momentum in place, see `Backend.sgdMomentumUpdate`. */
export function sgdMomentumUpdate(rt: WasmRuntime, w: Float32Array, g: Float32Array, buffer: Float32Array, params: SgdMomentumParams): void {
  const n = w.length;
  if (n === 0) return;
  const { words, floats, offset } = descriptorViews(rt, 1);
  words[OP] = SGD_MOMENTUM;
  words[W] = w.byteOffset;
  words[G] = g.byteOffset;
  words[M] = buffer.byteOffset;
  words[FLAGS] = (params.first ? 1 : 0) | (params.nesterov ? 2 : 0) | (params.weightDecay !== 0 ? 4 : 0);
  floats[LR] = params.learningRate;
  floats[MOMENTUM] = params.momentum;
  floats[DAMP] = 1 - params.dampening;
  floats[WEIGHT_DECAY] = params.weightDecay;
  run(rt, words, offset, n);
}
