/**
 * Turning per-sample losses into the scalar that is minimised.
 * @module
 */
import { ArgumentError, ShapeError, formatShape } from '../../errors.js';
import { cast, div, maximum, mean, mul, reshape, sum } from '../../ops/index.js';
import type { Tensor } from '../../tensor/tensor.js';

/**
 * How {@link reduceLoss} combines per-sample values:
 * - `weighted_mean` (default): `sum(w·l) / sum(w)`, the mean over the batch when no weights are given;
 * - `sum_over_batch_size`: `sum(w·l) / batch`, Keras' default (weights scale the loss);
 * - `sum`: `sum(w·l)`.
 */
export type LossReduction = 'weighted_mean' | 'sum_over_batch_size' | 'sum';

/**
 * Reduces per-sample losses (shape `[batch]`) to a scalar, optionally weighted per sample
 * (`sampleWeight` of shape `[batch]` or `[batch, 1]`). With all weights zero the weighted mean is 0.
 *
 * @example const loss = reduceLoss(new MeanSquaredError().perSample(yTrue, yPred));
 */
export function reduceLoss(perSample: Tensor, sampleWeight?: Tensor, reduction: LossReduction = 'weighted_mean'): Tensor {
  if (perSample.rank !== 1) throw new ShapeError(`reduceLoss: perSample ${formatShape(perSample.shape)} must have shape [batch]`);
  if (sampleWeight === undefined) {
    if (reduction === 'sum') return sum(perSample);
    return mean(perSample);
  }
  const batch = perSample.shape[0]!;
  if (sampleWeight.size !== batch || sampleWeight.shape[0] !== batch) {
    throw new ShapeError(`reduceLoss: sampleWeight ${formatShape(sampleWeight.shape)} must have shape [${batch}] (one weight per sample)`);
  }
  const weights = cast(reshape(sampleWeight, [batch]), 'float32');
  const total = sum(mul(perSample, weights));
  switch (reduction) {
    case 'sum': return total;
    case 'sum_over_batch_size': return div(total, Math.max(batch, 1));
    // The floor keeps an all-zero weight vector from producing 0/0; the numerator is then 0 too.
    case 'weighted_mean': return div(total, maximum(sum(weights), 1e-12));
    default: throw new ArgumentError(`reduceLoss: reduction must be 'weighted_mean', 'sum_over_batch_size' or 'sum', got '${String(reduction)}'`);
  }
}
