/**
 * Top-k accuracy: is the true class among the k highest-scoring ones?
 * @module
 */
import { ArgumentError, ShapeError, formatShape } from '../../errors.js';
import { argmax, cast, greater, less, select, sum } from '../../ops/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import { meanPerSample } from '../losses/common.js';
import { oneHotMask, sparseLabels } from '../losses/labels.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';

function checkK(op: string, k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new ArgumentError(`${op}: k must be a positive integer, got ${k}`);
}

/**
 * 1 where the class marked by `mask` is in the top `k` of `yPred` along the last axis. Ties count
 * in its favour, as `tf.math.in_top_k` does: a class is in the top k when fewer than k classes score
 * strictly higher. No sort is needed.
 */
function inTopK(yPred: Tensor, mask: Tensor, k: number): Tensor {
  const targetScore = sum(select(mask, yPred, 0), -1, true);
  const higher = sum(greater(yPred, targetScore), -1);
  return cast(less(higher, k), 'float32');
}

/** Per sample, 1 where the arg-max class of the one-hot `yTrue` is among the top `k` predictions. */
export function topKCategoricalAccuracy(yTrue: Tensor, yPred: Tensor, k = 5): Tensor {
  checkK('top_k_categorical_accuracy', k);
  if (yPred.rank < 2 || yTrue.rank !== yPred.rank || yTrue.shape[yTrue.rank - 1] !== yPred.shape[yPred.rank - 1]) {
    throw new ShapeError(`top_k_categorical_accuracy: yTrue ${formatShape(yTrue.shape)} and yPred ${formatShape(yPred.shape)} must both be [batch, ..., classes]`);
  }
  const classes = yPred.shape[yPred.rank - 1]!;
  return meanPerSample(inTopK(yPred, oneHotMask(argmax(yTrue, -1), classes), k));
}

/** Per sample, 1 where the integer label (`[batch]` or `[batch, 1]`) is among the top `k` predictions. */
export function sparseTopKCategoricalAccuracy(yTrue: Tensor, yPred: Tensor, k = 5): Tensor {
  const op = 'sparse_top_k_categorical_accuracy';
  checkK(op, k);
  if (yPred.rank < 2) throw new ShapeError(`${op}: yPred ${formatShape(yPred.shape)} has rank ${yPred.rank}, expected [batch, ..., classes]`);
  const classes = yPred.shape[yPred.rank - 1]!;
  const labels = sparseLabels(op, yTrue, yPred.shape.slice(0, -1), classes);
  return meanPerSample(inTopK(yPred, oneHotMask(labels, classes), k));
}

/** Streaming {@link topKCategoricalAccuracy}. Default k is 5, as in Keras. */
export class TopKCategoricalAccuracy extends MeanMetricWrapper {
  constructor(options: { k?: number; name?: string } = {}) {
    const k = options.k ?? 5;
    checkK('top_k_categorical_accuracy', k);
    super(options.name ?? 'top_k_categorical_accuracy', (t, p) => topKCategoricalAccuracy(t, p, k), { k });
  }
}

/** Streaming {@link sparseTopKCategoricalAccuracy}. Default k is 5, as in Keras. */
export class SparseTopKCategoricalAccuracy extends MeanMetricWrapper {
  constructor(options: { k?: number; name?: string } = {}) {
    const k = options.k ?? 5;
    checkK('sparse_top_k_categorical_accuracy', k);
    super(options.name ?? 'sparse_top_k_categorical_accuracy', (t, p) => sparseTopKCategoricalAccuracy(t, p, k), { k });
  }
}
