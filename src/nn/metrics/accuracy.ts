/**
 * Accuracy metrics: binary (thresholded), categorical (one-hot targets) and sparse (integer labels).
 * @module
 */
import { ShapeError, formatShape } from '../../errors.js';
import { argmax, cast, equal, greater, reshape } from '../../ops/index.js';
import { shapesEqual } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { alignTargets, meanPerSample } from '../losses/common.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';

/**
 * Per sample, the fraction of elements where `yPred > threshold` equals `yTrue` (targets 0 or 1).
 * Pass `threshold: 0` when the model outputs logits.
 */
export function binaryAccuracy(yTrue: Tensor, yPred: Tensor, threshold = 0.5): Tensor {
  const target = alignTargets('binary_accuracy', yTrue, yPred);
  const predicted = cast(greater(yPred, threshold), 'float32');
  return meanPerSample(cast(equal(target, predicted), 'float32'));
}

/** Per sample, 1 where the arg-max of `yPred` is the arg-max of the one-hot `yTrue`. */
export function categoricalAccuracy(yTrue: Tensor, yPred: Tensor): Tensor {
  if (!shapesEqual(yTrue.shape, yPred.shape) || yPred.rank < 2) {
    throw new ShapeError(`categorical_accuracy: yTrue ${formatShape(yTrue.shape)} and yPred ${formatShape(yPred.shape)} must both be [batch, ..., classes]`);
  }
  return meanPerSample(cast(equal(argmax(yTrue, -1), argmax(yPred, -1)), 'float32'));
}

/**
 * Per sample, 1 where the arg-max of `yPred` equals the integer label (labels `[batch]` or `[batch, 1]`,
 * int32 or float32). Labels out of range simply count as wrong.
 */
export function sparseCategoricalAccuracy(yTrue: Tensor, yPred: Tensor): Tensor {
  const leading = yPred.shape.slice(0, -1);
  if (yPred.rank < 2 || yTrue.size !== leading.reduce((a, b) => a * b, 1) || yTrue.shape[0] !== yPred.shape[0]) {
    throw new ShapeError(`sparse_categorical_accuracy: labels ${formatShape(yTrue.shape)} do not match predictions ${formatShape(yPred.shape)}: expected ${formatShape(leading)}`);
  }
  const labels = cast(reshape(yTrue, leading), 'float32');
  return meanPerSample(cast(equal(labels, cast(argmax(yPred, -1), 'float32')), 'float32'));
}

/** Options shared by accuracy metric classes. */
export interface AccuracyOptions {
  /** Name in logs and history. */
  name?: string;
}

/** Streaming {@link binaryAccuracy}. */
export class BinaryAccuracy extends MeanMetricWrapper {
  constructor(options: AccuracyOptions & { threshold?: number } = {}) {
    const threshold = options.threshold ?? 0.5;
    super(options.name ?? 'binary_accuracy', (t, p) => binaryAccuracy(t, p, threshold), { threshold });
  }
}

/** Streaming {@link categoricalAccuracy}. */
export class CategoricalAccuracy extends MeanMetricWrapper {
  constructor(options: AccuracyOptions = {}) {
    super(options.name ?? 'categorical_accuracy', categoricalAccuracy);
  }
}

/** Streaming {@link sparseCategoricalAccuracy}. */
export class SparseCategoricalAccuracy extends MeanMetricWrapper {
  constructor(options: AccuracyOptions = {}) {
    super(options.name ?? 'sparse_categorical_accuracy', sparseCategoricalAccuracy);
  }
}

/**
 * `accuracy` when the loss does not say which kind is meant: decided from shapes on each batch, as
 * Keras 3 does (one output unit: binary; labels without a class axis: sparse; else categorical).
 */
export class ShapeResolvedAccuracy extends MeanMetricWrapper {
  constructor(options: AccuracyOptions & { threshold?: number } = {}) {
    const threshold = options.threshold ?? 0.5;
    super(options.name ?? 'accuracy', (t, p) => accuracyByShape(t, p, threshold), { threshold });
  }
}

function accuracyByShape(yTrue: Tensor, yPred: Tensor, threshold: number): Tensor {
  if (yPred.rank < 2 || yPred.shape[yPred.rank - 1] === 1) return binaryAccuracy(yTrue, yPred, threshold);
  if (shapesEqual(yTrue.shape, yPred.shape)) return categoricalAccuracy(yTrue, yPred);
  return sparseCategoricalAccuracy(yTrue, yPred);
}
