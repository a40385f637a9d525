/**
 * Normalization as functions: moments, batch norm, layer norm and instance norm. They are composed
 * of differentiable ops, so gradients flow to the input and to the scale and offset.
 * @module
 */
import { ArgumentError, ShapeError, formatShape } from '../errors.js';
import { broadcastShapes, normalizeAxes, shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { assertFloatTensor, assertTensor } from './util.js';
import { add, mul, sub } from './arithmetic.js';
import { rsqrt, square } from './math.js';
import { mean as reduceMean, type Axes } from './reduce.js';
import { reshape } from './shape-ops.js';
import { isFeatureVector, layerNormRows } from './layer-norm-rows.js';

/** Mean and (biased, divide-by-N) variance of a tensor over some axes. */
export interface Moments {
  mean: Tensor;
  variance: Tensor;
}

/**
 * Mean and population variance of `x` over `axes` (all by default), as batch norm uses them.
 * @example const { mean, variance } = moments(images, [0, 1, 2]);   // per channel of NHWC
 */
export function moments(x: Tensor, axes?: Axes, keepDims = false): Moments {
  assertTensor('moments', 'x', x);
  assertFloatTensor('moments', 'x', x);
  const ax = normalizeAxes('moments', axes, x.rank);
  const m = reduceMean(x, ax, true);
  const v = reduceMean(square(sub(x, m)), ax, keepDims);
  return { mean: keepDims ? m : reshape(m, x.shape.filter((_, i) => !ax.includes(i))), variance: v };
}

function checkBroadcast(op: string, arg: string, t: Tensor | null | undefined, x: Tensor): void {
  if (t === null || t === undefined) return;
  assertTensor(op, arg, t);
  assertFloatTensor(op, arg, t);
  let ok = t.rank <= x.rank;
  if (ok) {
    try {
      ok = shapesEqual(broadcastShapes(op, x.shape, t.shape), x.shape);
    } catch {
      ok = false;
    }
  }
  if (!ok) throw new ShapeError(`${op}: ${arg} ${formatShape(t.shape)} does not broadcast to x ${formatShape(x.shape)}`);
}

function checkEpsilon(op: string, eps: number): void {
  if (!(eps >= 0) || !Number.isFinite(eps)) throw new ArgumentError(`${op}: eps must be a finite number >= 0, got ${eps}`);
}

/**
 * `(x − mean) / sqrt(variance + eps) · gamma + beta`, every statistic broadcast against `x`
 * (for NHWC pass `[C]`-shaped tensors). `gamma` and `beta` may be omitted (`null`).
 */
export function batchNorm(x: Tensor, mean: Tensor, variance: Tensor, gamma?: Tensor | null, beta?: Tensor | null, eps = 1e-3): Tensor {
  assertTensor('batchNorm', 'x', x);
  assertFloatTensor('batchNorm', 'x', x);
  checkBroadcast('batchNorm', 'mean', mean, x);
  checkBroadcast('batchNorm', 'variance', variance, x);
  checkBroadcast('batchNorm', 'gamma', gamma, x);
  checkBroadcast('batchNorm', 'beta', beta, x);
  checkEpsilon('batchNorm', eps);
  let scale = rsqrt(add(variance, eps));
  if (gamma) scale = mul(scale, gamma);
  const y = mul(sub(x, mean), scale);
  return beta ? add(y, beta) : y;
}

/**
 * Normalises each sample over `axes` (the last by default) with its own mean and variance, then
 * scales by `gamma` and shifts by `beta` (which broadcast against `x`: for the trailing axes, their
 * shape). PyTorch's `layer_norm` with `eps` 1e-5 is `layerNorm(x, w, b, -1, 1e-5)`. Over the last axis
 * with `[features]` (or null) gamma and beta it runs as one fused kernel per direction.
 */
export function layerNorm(x: Tensor, gamma: Tensor | null, beta: Tensor | null, axes: Axes = -1, eps = 1e-5): Tensor {
  assertTensor('layerNorm', 'x', x);
  assertFloatTensor('layerNorm', 'x', x);
  checkBroadcast('layerNorm', 'gamma', gamma, x);
  checkBroadcast('layerNorm', 'beta', beta, x);
  checkEpsilon('layerNorm', eps);
  const ax = normalizeAxes('layerNorm', axes, x.rank);
  if (ax.length === 0) throw new ArgumentError(`layerNorm: axes must name at least one axis of x ${formatShape(x.shape)}`);
  // The Transformer form (the last axis, per-feature scale and shift) has a fused kernel pair.
  const cols = x.shape[x.rank - 1]!;
  if (ax.length === 1 && ax[0] === x.rank - 1 && isFeatureVector(gamma, cols) && isFeatureVector(beta, cols)) return layerNormRows(x, gamma, beta, eps);
  const { mean, variance } = moments(x, ax, true);
  return batchNorm(x, mean, variance, gamma, beta, eps);
}

/**
 * Instance normalization of NHWC images: each sample's each channel is normalised over height and
 * width, then scaled by `gamma` `[C]` and shifted by `beta` `[C]` (either may be `null`).
 */
export function instanceNorm(x: Tensor, gamma: Tensor | null, beta: Tensor | null, eps = 1e-5): Tensor {
  assertTensor('instanceNorm', 'x', x);
  if (x.rank !== 4) throw new ShapeError(`instanceNorm: x ${formatShape(x.shape)} has rank ${x.rank}, expected [batch, height, width, channels]`);
  const channels = x.shape[3]!;
  for (const [arg, t] of [['gamma', gamma], ['beta', beta]] as const) {
    if (t && !(t.rank === 1 && t.shape[0] === channels)) {
      throw new ShapeError(`instanceNorm: ${arg} ${formatShape(t.shape)} must be [${channels}] for x ${formatShape(x.shape)}`);
    }
  }
  const { mean, variance } = moments(x, [1, 2], true);
  return batchNorm(x, mean, variance, gamma, beta, eps);
}
