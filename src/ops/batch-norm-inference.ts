/**
 * Batch normalization with given per-channel statistics (inference with running statistics) as one
 * fused pass, instead of a subtraction, a multiplication and an addition over the whole input.
 * @module
 */
import { ArgumentError, ShapeError } from '../errors.js';
import { record } from '../autograd/tape.js';
import { normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { assertFloatTensor, assertTensor, axisView, compute } from './util.js';
import { add, mul, neg, sub } from './arithmetic.js';
import { rsqrt } from './math.js';
import { sum } from './reduce.js';
import { reshape } from './shape-ops.js';
import { checkChannelVector } from './batch-norm-training.js';

/**
 * `(x − mean) / sqrt(variance + eps)·gamma + beta` per channel (the `axis`, last by default) with
 * statistics, scale and offset given as `[channels]` vectors (`gamma`/`beta` may be `null`): what
 * batch norm computes at inference. Gradients flow to every input, as the composite `batchNorm`'s do.
 * @example batchNormInference(images, runningMean, runningVar, gamma, beta)   // NHWC
 */
export function batchNormInference(
  x: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor | null, beta: Tensor | null, axis = -1, eps = 1e-3,
): Tensor {
  const op = 'batchNormInference';
  assertTensor(op, 'x', x);
  assertFloatTensor(op, 'x', x);
  if (x.rank < 1) throw new ShapeError(`${op}: x is a scalar, expected a channel axis`);
  const a = normalizeAxis(op, axis, x.rank);
  const channels = x.shape[a]!;
  assertTensor(op, 'mean', mean);
  assertTensor(op, 'variance', variance);
  checkChannelVector(op, 'mean', mean, channels, x, a);
  checkChannelVector(op, 'variance', variance, channels, x, a);
  checkChannelVector(op, 'gamma', gamma, channels, x, a);
  checkChannelVector(op, 'beta', beta, channels, x, a);
  if (!(eps >= 0) || !Number.isFinite(eps)) throw new ArgumentError(`${op}: eps must be a finite number >= 0, got ${eps}`);
  const { view } = axisView(op, x.shape, a);
  const out = compute(x.shape, 'float32', (b, o) =>
    b.batchNormInference(x.values as Float32Array, view, mean.values as Float32Array, variance.values as Float32Array,
      gamma ? (gamma.values as Float32Array) : null, beta ? (beta.values as Float32Array) : null, eps, o.values as Float32Array), true);
  const inputs = [x, mean, variance, ...(gamma ? [gamma] : []), ...(beta ? [beta] : [])];
  return record(op, inputs, out, (dy, needsGrad) => {
    // Per-channel vectors broadcast against x as [1, ..., channels, ..., 1].
    const asBroadcast = (t: Tensor): Tensor => (a === x.rank - 1 ? t : reshape(t, x.shape.map((d, i) => (i === a ? d : 1))));
    const reduceAxes = [...x.shape.keys()].filter((i) => i !== a);
    const perChannel = (t: Tensor): Tensor => sum(t, reduceAxes);
    const invStd = rsqrt(add(variance, eps));
    const scale = gamma ? mul(invStd, gamma) : invStd;
    const [needX, needMean, needVariance, ...rest] = needsGrad;
    const needGamma = gamma ? rest[0]! : false;
    const needBeta = beta ? rest[gamma ? 1 : 0]! : false;
    let dyCentred: Tensor | null = null;
    const sumDyCentred = (): Tensor => (dyCentred ??= perChannel(mul(dy, sub(x, asBroadcast(mean)))));
    const grads: (Tensor | null)[] = [
      needX ? mul(dy, asBroadcast(scale)) : null,
      needMean ? neg(mul(perChannel(dy), scale)) : null,
      // d/dv of (v + eps)^(-1/2)·gamma·Σdy(x − mean) = −½·gamma·invStd³·Σdy(x − mean)
      needVariance ? mul(mul(sumDyCentred(), mul(scale, mul(invStd, invStd))), -0.5) : null,
    ];
    if (gamma) grads.push(needGamma ? mul(sumDyCentred(), invStd) : null);
    if (beta) grads.push(needBeta ? perChannel(dy) : null);
    return grads;
  });
}
