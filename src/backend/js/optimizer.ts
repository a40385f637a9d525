/**
 * Reference optimizer steps: the fused in-place updates of {@link Backend.adamUpdate} and
 * {@link Backend.sgdUpdate}. Every intermediate is rounded to float32 as the op-by-op update
 * (one float32 tensor per step) rounds it, so the fused and unfused optimizers agree closely.
 * @module
 */
import type { AdamParams, SgdMomentumParams } from '../kernels.js';

const f = Math.fround;

/** Adam in place, see {@link Backend.adamUpdate}. */
export function adamUpdate(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, params: AdamParams): void {
  const { learningRate, step } = params;
  // Scalars enter the op-by-op update as float32 scalar tensors.
  const beta1 = f(params.beta1);
  const beta2 = f(params.beta2);
  const epsilon = f(params.epsilon);
  const c1 = f(1 - beta1);
  const c2 = f(1 - beta2);
  const sqrtCorrection2 = f(Math.sqrt(1 - beta2 ** step));
  const stepSize = f(learningRate / (1 - beta1 ** step));
  const decay = f(params.decay ?? 1);
  for (let i = 0; i < w.length; i++) {
    const gi = g[i]!;
    const mi = f(f(m[i]! * beta1) + f(gi * c1));
    const vi = f(f(v[i]! * beta2) + f(f(gi * gi) * c2));
    m[i] = mi;
    v[i] = vi;
    const denominator = f(f(f(Math.sqrt(vi)) / sqrtCorrection2) + epsilon);
    // w·1 is exact, so Adam without decay rounds as before.
    w[i] = f(f(w[i]! * decay) - f(f(mi / denominator) * stepSize));
  }
}

/** SGD with momentum in place, see {@link Backend.sgdMomentumUpdate}. */
export function sgdMomentumUpdate(w: Float32Array, g: Float32Array, buffer: Float32Array, params: SgdMomentumParams): void {
  const { nesterov, first } = params;
  const lr = f(params.learningRate);
  const momentum = f(params.momentum);
  const weightDecay = f(params.weightDecay);
  const damp = f(1 - params.dampening);
  for (let i = 0; i < w.length; i++) {
    const gi = params.weightDecay !== 0 ? f(g[i]! + f(w[i]! * weightDecay)) : g[i]!;
    // (1 − 0)·g is g exactly, so no dampening needs no test.
    const b = first ? gi : f(f(buffer[i]! * momentum) + f(gi * damp));
    buffer[i] = b;
    const update = nesterov ? f(gi + f(b * momentum)) : b;
    w[i] = f(w[i]! - f(update * lr));
  }
}

/** Plain SGD in place, see {@link Backend.sgdUpdate}. */
export function sgdUpdate(w: Float32Array, g: Float32Array, learningRate: number): void {
  const lr = f(learningRate);
  for (let i = 0; i < w.length; i++) w[i] = f(w[i]! - f(lr * g[i]!));
}
