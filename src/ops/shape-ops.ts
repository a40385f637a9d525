/**
 * Ops that change how elements are arranged: reshape, transpose, expandDims, squeeze, flatten,
 * broadcastTo.
 * @module
 */
import { ShapeError, ArgumentError, formatShape } from '../errors.js';
import { record } from '../autograd/tape.js';
import { Tensor } from '../tensor/tensor.js';
import { broadcastShapes, broadcastedAxes, inferReshape, normalizeAxes, normalizeAxis, shapesEqual } from '../tensor/shape.js';
import { assertTensor, compute } from './util.js';
import { sum } from './reduce.js';

/**
 * Gives `x` a new shape with the same number of elements (one entry may be -1). Shares storage:
 * no copy is made.
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  assertTensor('reshape', 'x', x);
  const target = inferReshape('reshape', x.shape, shape);
  if (shapesEqual(target, x.shape)) return x;
  const out = new Tensor(x.sharedStorage, target, x.dtype);
  return record('reshape', [x], out, (dy) => [reshape(dy, x.shape)]);
}

/** Collapses all axes but the first: `[batch, ...] -> [batch, product]`. */
export function flatten(x: Tensor): Tensor {
  assertTensor('flatten', 'x', x);
  if (x.rank === 0) return reshape(x, [1]);
  return reshape(x, [x.shape[0]!, -1]);
}

/**
 * Permutes axes; without `perm`, reverses them (a matrix transpose for rank 2).
 * @example transpose(images, [0, 3, 1, 2]) // NHWC -> NCHW
 */
export function transpose(x: Tensor, perm?: readonly number[]): Tensor {
  assertTensor('transpose', 'x', x);
  const order = perm ? perm.map((p) => normalizeAxis('transpose', p, x.rank)) : [...x.shape.keys()].reverse();
  if (order.length !== x.rank || new Set(order).size !== x.rank) {
    throw new ArgumentError(`transpose: perm [${perm?.join(',')}] is not a permutation of the ${x.rank} axes of ${formatShape(x.shape)}`);
  }
  if (order.every((p, i) => p === i)) return x;
  const outShape = order.map((p) => x.shape[p]!);
  const out = compute(outShape, x.dtype, (b, o) => b.transpose(x.values, x.shape, order, o.values), true);
  const inverse = new Array<number>(order.length);
  order.forEach((p, i) => (inverse[p] = i));
  return record('transpose', [x], out, (dy) => [transpose(dy, inverse)]);
}

/** Inserts an axis of size 1 at `axis` (negative counts from the end of the result). */
export function expandDims(x: Tensor, axis = 0): Tensor {
  assertTensor('expandDims', 'x', x);
  const a = normalizeAxis('expandDims', axis, x.rank + 1);
  const shape = [...x.shape];
  shape.splice(a, 0, 1);
  return reshape(x, shape);
}

/** Removes the given axes of size 1, or every axis of size 1 without `axes`. */
export function squeeze(x: Tensor, axes?: number | readonly number[]): Tensor {
  assertTensor('squeeze', 'x', x);
  const list = axes === undefined ? x.shape.flatMap((d, i) => (d === 1 ? [i] : [])) : normalizeAxes('squeeze', axes, x.rank);
  for (const a of list) {
    if (x.shape[a] !== 1) throw new ShapeError(`squeeze: axis ${a} of ${formatShape(x.shape)} has size ${x.shape[a]}, expected 1`);
  }
  return reshape(x, x.shape.filter((_, i) => !list.includes(i)));
}

/** Repeats `x` along broadcast axes to reach `shape` (a copy; most ops broadcast by themselves). */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  assertTensor('broadcastTo', 'x', x);
  const target = broadcastShapes('broadcastTo', x.shape, shape);
  if (!shapesEqual(target, shape)) {
    throw new ShapeError(`broadcastTo: ${formatShape(x.shape)} cannot be broadcast to ${formatShape(shape)}`);
  }
  if (shapesEqual(x.shape, shape)) return x;
  const out = compute(shape, x.dtype, (b, o) => {
    const zeros = b.alloc(x.dtype, 1);
    b.binary(x.dtype === 'bool' ? 'logicalOr' : 'add', x.values, x.shape, zeros, [], o.values, shape);
    b.free(zeros);
  }, true);
  return record('broadcastTo', [x], out, (dy) => [sumToShape(dy, x.shape)]);
}

/**
 * Sums `g` over the axes along which a tensor of `shape` was broadcast, returning a tensor of `shape`.
 * The vjp of every broadcasting op ends with it.
 */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const axes = broadcastedAxes(shape, g.shape);
  return reshape(sum(g, axes), shape);
}
