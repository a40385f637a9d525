/**
 * Fused batch normalization with batch statistics (training mode): one kernel computes each
 * channel's mean and variance and the normalised output, one computes `dx`, `dgamma` and `dbeta`
 * in closed form, instead of a dozen elementwise ops and reductions and their vjps.
 * @module
 */
import { ArgumentError, ShapeError, formatShape } from '../errors.js';
import { record } from '../autograd/tape.js';
import { empty } from '../tensor/creation.js';
import { normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { assertFloatTensor, assertTensor, axisView, compute } from './util.js';

/** What {@link batchNormTraining} returns. */
export interface BatchNormTrainingResult {
  /** The normalised, scaled and shifted input (x's shape). */
  output: Tensor;
  /** Per-channel batch mean `[channels]` (a constant: no gradient flows through it). */
  mean: Tensor;
  /** Per-channel biased (divide-by-N) batch variance `[channels]` (a constant, like {@link mean}). */
  variance: Tensor;
}

/** @internal Throws unless `t` is null or a float32 `[channels]` vector (errors name `op`, `arg`, x and the axis). */
export function checkChannelVector(op: string, arg: string, t: Tensor | null, channels: number, x: Tensor, axis: number): void {
  if (t === null) return;
  assertTensor(op, arg, t);
  assertFloatTensor(op, arg, t);
  if (!(t.rank === 1 && t.shape[0] === channels)) {
    throw new ShapeError(`${op}: ${arg} ${formatShape(t.shape)} must be [${channels}], the size of axis ${axis} of x ${formatShape(x.shape)}`);
  }
}

/**
 * Normalises `x` per channel (the `axis`, last by default) with the mean and biased variance over
 * every other axis, then scales by `gamma` and shifts by `beta` (`[channels]` each, or `null`):
 * `(x − mean) / sqrt(variance + eps)·gamma + beta`, as batch norm does while training. Gradients flow
 * to `x`, `gamma` and `beta` (through the statistics too, as the composite formula's would);
 * the returned `mean` and `variance` are for updating running statistics.
 * @example const { output, mean, variance } = batchNormTraining(images, gamma, beta);   // NHWC
 */
export function batchNormTraining(x: Tensor, gamma: Tensor | null, beta: Tensor | null, axis = -1, eps = 1e-3): BatchNormTrainingResult {
  const op = 'batchNormTraining';
  assertTensor(op, 'x', x);
  assertFloatTensor(op, 'x', x);
  if (x.rank < 1) throw new ShapeError(`${op}: x is a scalar, expected a channel axis`);
  const a = normalizeAxis(op, axis, x.rank);
  const channels = x.shape[a]!;
  checkChannelVector(op, 'gamma', gamma, channels, x, a);
  checkChannelVector(op, 'beta', beta, channels, x, a);
  if (!(eps >= 0) || !Number.isFinite(eps)) throw new ArgumentError(`${op}: eps must be a finite number >= 0, got ${eps}`);
  const { view } = axisView(op, x.shape, a);
  const g = gamma ? (gamma.values as Float32Array) : null;
  const mean = empty([channels], 'float32');
  const variance = empty([channels], 'float32');
  const output = compute(x.shape, 'float32', (b, o) =>
    b.batchNormTraining(x.values as Float32Array, view, g, beta ? (beta.values as Float32Array) : null, eps, o.values as Float32Array,
      mean.values as Float32Array, variance.values as Float32Array), true);
  const inputs = [x, ...(gamma ? [gamma] : []), ...(beta ? [beta] : [])];
  const result = record(op, inputs, output, (dy) => {
    const dgamma = empty([channels], 'float32');
    const dbeta = empty([channels], 'float32');
    const dx = compute(x.shape, 'float32', (b, o) =>
      b.batchNormBackward(x.values as Float32Array, dy.values as Float32Array, view, mean.values as Float32Array, variance.values as Float32Array,
        gamma ? (gamma.values as Float32Array) : null, eps, o.values as Float32Array, dgamma.values as Float32Array, dbeta.values as Float32Array), true);
    return [dx, ...(gamma ? [dgamma] : []), ...(beta ? [dbeta] : [])];
  });
  return { output: result, mean, variance };
}
