/**
 * Integer class labels: validation and one-hot masks, shared by sparse losses and metrics.
 * @module
 */
import { ArgumentError, DTypeError, ShapeError, formatShape } from '../../errors.js';
import { cast, equal, expandDims, reshape } from '../../ops/index.js';
import { arange } from '../../tensor/creation.js';
import { shapesEqual } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';

/**
 * Checks that `labels` hold class indices in `[0, classes)` and returns them as int32 of shape
 * `leadingShape` (the prediction's shape without its class axis). Labels may be int32 or float32
 * holding integers, shaped `leadingShape` or `leadingShape` plus a trailing 1 (`[batch]` or `[batch, 1]`).
 * The error names the first bad label and its (flat) index.
 */
export function sparseLabels(op: string, labels: Tensor, leadingShape: readonly number[], classes: number): Tensor {
  if (labels.dtype === 'bool') throw new DTypeError(`${op}: labels have dtype bool, expected int32 or float32 class indices`);
  const withTrailingOne = labels.rank === leadingShape.length + 1 && labels.shape[labels.rank - 1] === 1;
  const labelShape = withTrailingOne ? labels.shape.slice(0, -1) : labels.shape;
  if (!shapesEqual(labelShape, leadingShape)) {
    throw new ShapeError(
      `${op}: labels ${formatShape(labels.shape)} do not match predictions ${formatShape([...leadingShape, classes])}: expected ${formatShape(leadingShape)} or ${formatShape([...leadingShape, 1])}`,
    );
  }
  const values = labels.values;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v)) throw new ArgumentError(`${op}: label ${v} at index ${i} is not an integer class index`);
    if (v < 0 || v >= classes) throw new ArgumentError(`${op}: label ${v} at index ${i} is out of range for ${classes} classes`);
  }
  return cast(reshape(labels, leadingShape), 'int32');
}

/**
 * A bool mask of shape `[...labels.shape, classes]`, true at each label's class: a one-hot encoding
 * built from a comparison, without gathering.
 */
export function oneHotMask(labels: Tensor, classes: number): Tensor {
  return equal(expandDims(labels, -1), arange(classes));
}
