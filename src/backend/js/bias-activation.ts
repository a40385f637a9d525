/**
 * Reference kernels of the fused bias add + activation ({@link Backend.biasActivation}) and its
 * gradient: plain loops over `[rows, channels]`, bias sums in float64.
 * @module
 */
import type { BiasActivation, Conv2DInfo } from '../kernels.js';
import { conv2d } from './conv.js';

/** `out[r, c] = act(x[r, c] + bias[c])`, see {@link Backend.biasActivation}. */
export function biasActivation(x: Float32Array, bias: Float32Array, out: Float32Array, activation: BiasActivation): void {
  const channels = bias.length;
  for (let i = 0; i < out.length; i++) {
    const v = Math.fround(x[i]! + bias[i % channels]!);
    // As the relu kernel: NaN (and −0) pass through.
    out[i] = activation === 'relu' ? (v < 0 ? 0 : v) : v;
  }
}

/** `dx = dy · act'(y)`, `dBias[c] = Σ_r dx[r, c]`, see {@link Backend.biasActivationBackward}. */
export function biasActivationBackward(
  dy: Float32Array, y: Float32Array | null, dx: Float32Array | null, dBias: Float32Array, activation: BiasActivation,
): void {
  const channels = dBias.length;
  const sums = new Float64Array(channels);
  for (let i = 0; i < dy.length; i++) {
    // As reluGrad: dy passes where y is positive or NaN.
    const g = activation === 'relu' ? (y![i]! <= 0 ? 0 : dy[i]!) : dy[i]!;
    if (dx) dx[i] = g;
    sums[i % channels]! += g;
  }
  dBias.set(sums);
}

/** The convolution, then the bias and activation in place, see {@link Backend.conv2dBiasActivation}. */
export function conv2dBiasActivation(
  x: Float32Array, filter: Float32Array, bias: Float32Array, out: Float32Array, info: Conv2DInfo, activation: BiasActivation,
): void {
  conv2d(x, filter, out, info);
  biasActivation(out, bias, out, activation);
}
