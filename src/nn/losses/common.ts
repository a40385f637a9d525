/**
 * Shape and dtype handling shared by the losses: aligning targets with predictions and averaging
 * per-element values into one value per sample.
 * @module
 */
import { ArgumentError, DTypeError, ShapeError, formatShape } from '../../errors.js';
import { cast, mean, reshape } from '../../ops/index.js';
import { shapesEqual } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';

/** Throws unless `t` is a tensor with a batch axis. */
export function assertBatched(lossName: string, arg: string, t: Tensor): void {
  if (!t || (t as { isTensor?: unknown }).isTensor !== true) throw new ArgumentError(`${lossName}: ${arg} must be a Tensor, got ${t === null ? 'null' : typeof t}`);
  if (t.rank === 0) throw new ShapeError(`${lossName}: ${arg} is a scalar, expected a batch axis first ([batch, ...])`);
}

/** Throws a {@link DTypeError} unless the predictions are float32. */
export function assertFloatPredictions(lossName: string, yPred: Tensor): void {
  if (yPred.dtype !== 'float32') {
    throw new DTypeError(`${lossName}: yPred has dtype ${yPred.dtype}, expected float32 (predictions or logits)`);
  }
}

/**
 * Returns float32 targets with exactly `yPred`'s shape. As Keras does, a trailing axis of size 1 on
 * either side is tolerated (`[batch]` targets for `[batch, 1]` predictions); any other mismatch throws,
 * because silently broadcasting `[batch]` against `[batch, 1]` would compare every pair of samples.
 */
export function alignTargets(lossName: string, yTrue: Tensor, yPred: Tensor): Tensor {
  assertBatched(lossName, 'yTrue', yTrue);
  assertBatched(lossName, 'yPred', yPred);
  assertFloatPredictions(lossName, yPred);
  let target = yTrue;
  if (!shapesEqual(target.shape, yPred.shape)) {
    const squeezedPred = yPred.rank === target.rank + 1 && yPred.shape[yPred.rank - 1] === 1;
    const squeezedTrue = target.rank === yPred.rank + 1 && target.shape[target.rank - 1] === 1;
    const sameLeading = shapesEqual(target.shape.slice(0, Math.min(target.rank, yPred.rank)), yPred.shape.slice(0, Math.min(target.rank, yPred.rank)));
    if (!(sameLeading && (squeezedPred || squeezedTrue))) {
      throw new ShapeError(`${lossName}: yTrue ${formatShape(yTrue.shape)} and yPred ${formatShape(yPred.shape)} must have the same shape`);
    }
    target = reshape(target, yPred.shape);
  }
  return target.dtype === 'float32' ? target : cast(target, 'float32');
}

/** Averages `values` over every axis but the first: `[batch, ...] -> [batch]`, as Keras reduces a sample. */
export function meanPerSample(values: Tensor): Tensor {
  if (values.rank <= 1) return values;
  return mean(values, [...Array(values.rank - 1).keys()].map((a) => a + 1));
}
