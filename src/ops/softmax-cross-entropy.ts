/**
 * Fused softmax cross-entropy from logits: the loss of each row of `[..., classes]` logits against an
 * integer class label ({@link sparseSoftmaxCrossEntropy}) or a target distribution
 * ({@link softmaxCrossEntropy}). One kernel pass per row forward (log-sum-exp and the loss) and one
 * backward (`(softmax·Σt − t)·dy`), instead of log-softmax, a one-hot mask, a product, a sum and the
 * vjps of each.
 * @module
 */
import { ArgumentError, DTypeError, ShapeError, formatShape } from '../errors.js';
import { record } from '../autograd/tape.js';
import { empty } from '../tensor/creation.js';
import { shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { assertFloatTensor, assertTensor, compute } from './util.js';
import { mul, neg } from './arithmetic.js';
import { logSoftmax } from './softmax.js';
import { expandDims } from './shape-ops.js';

function assertLogits(op: string, logits: Tensor): void {
  assertTensor(op, 'logits', logits);
  assertFloatTensor(op, 'logits', logits);
  if (logits.rank < 1) throw new ShapeError(`${op}: logits ${formatShape(logits.shape)} is a scalar, expected [..., classes]`);
}

/** Runs the forward kernel; returns the per-row loss (shape `logits.shape[:-1]`) and the row statistics. */
function forward(logits: Tensor, targets: Tensor): { loss: Tensor; stats: Tensor; rows: number; classes: number } {
  const classes = logits.shape[logits.rank - 1]!;
  const rows = classes === 0 ? 0 : logits.size / classes;
  const stats = empty([rows, 2], 'float32');
  const loss = compute(logits.shape.slice(0, -1), 'float32', (b, o) =>
    b.softmaxCrossEntropy(logits.values as Float32Array, targets.values as Int32Array | Float32Array, rows, classes, o.values as Float32Array, stats.values as Float32Array), true);
  return { loss, stats, rows, classes };
}

/** The logits' gradient `(softmax·Σt − t)·dy` from the saved row statistics. */
function logitsGradient(logits: Tensor, targets: Tensor, stats: Tensor, dy: Tensor, rows: number, classes: number): Tensor {
  return compute(logits.shape, 'float32', (b, dx) =>
    b.softmaxCrossEntropyBackward(
      logits.values as Float32Array, targets.values as Int32Array | Float32Array, stats.values as Float32Array, dy.values as Float32Array, rows, classes,
      dx.values as Float32Array,
    ), true);
}

/**
 * `logSumExp(x) − x[label]` for each row of `logits` `[..., classes]` with int32 `labels` of shape
 * `logits.shape[:-1]` (TensorFlow's `sparse_softmax_cross_entropy_with_logits`); the result has the
 * labels' shape. The gradient flows to the logits only: `(softmax − onehot(label))·dy`.
 * A label outside `[0, classes)` throws an `ArgumentError` naming it and its index.
 * @example sparseSoftmaxCrossEntropy(logits, tensor([3, 0], [2], 'int32'))   // [2, 10] logits -> [2]
 */
export function sparseSoftmaxCrossEntropy(logits: Tensor, labels: Tensor): Tensor {
  const op = 'sparseSoftmaxCrossEntropy';
  assertLogits(op, logits);
  assertTensor(op, 'labels', labels);
  if (labels.dtype !== 'int32') throw new DTypeError(`${op}: labels has dtype ${labels.dtype}, expected int32 class indices (use cast(labels, 'int32'))`);
  if (!shapesEqual(labels.shape, logits.shape.slice(0, -1))) {
    throw new ShapeError(`${op}: labels ${formatShape(labels.shape)} must have the shape of logits ${formatShape(logits.shape)} without the class axis, ${formatShape(logits.shape.slice(0, -1))}`);
  }
  const classes = logits.shape[logits.rank - 1]!;
  const values = labels.values;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < 0 || v >= classes) throw new ArgumentError(`${op}: label ${v} at index ${i} is out of range for ${classes} classes`);
  }
  const { loss, stats, rows } = forward(logits, labels);
  const result = record(op, [logits], loss, (dy) => [logitsGradient(logits, labels, stats, dy, rows, classes)]);
  if (result.gradNode === null) stats.dispose();
  return result;
}

/**
 * `Σ_j t_j·(logSumExp(x) − x_j)` for each row of `logits` `[..., classes]` with float32 `targets` of
 * the same shape (TensorFlow's `softmax_cross_entropy_with_logits`); the result has shape
 * `logits.shape[:-1]`. Targets need not sum to 1. Gradients: `(softmax·Σt − t)·dy` for the logits,
 * `−logSoftmax(x)·dy` for the targets.
 * @example softmaxCrossEntropy(logits, oneHotTargets)   // [2, 10] and [2, 10] -> [2]
 */
export function softmaxCrossEntropy(logits: Tensor, targets: Tensor): Tensor {
  const op = 'softmaxCrossEntropy';
  assertLogits(op, logits);
  assertTensor(op, 'targets', targets);
  assertFloatTensor(op, 'targets', targets);
  if (!shapesEqual(targets.shape, logits.shape)) {
    throw new ShapeError(`${op}: targets ${formatShape(targets.shape)} must have the shape of logits ${formatShape(logits.shape)}`);
  }
  const { loss, stats, rows, classes } = forward(logits, targets);
  const result = record(op, [logits, targets], loss, (dy, needsGrad) => [
    needsGrad[0] ? logitsGradient(logits, targets, stats, dy, rows, classes) : null,
    needsGrad[1] ? mul(neg(logSoftmax(logits, -1)), expandDims(dy, -1)) : null,
  ]);
  if (result.gradNode === null) stats.dispose();
  return result;
}
