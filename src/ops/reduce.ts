/**
 * Reductions over any set of axes, with `keepDims`: sum, mean, prod, max, min, argmax, argmin,
 * variance, logSumExp, norm, any, all.
 * @module
 */
import type { ReduceOp } from '../backend/kernels.js';
import { ArgumentError } from '../errors.js';
import { noGrad, record } from '../autograd/tape.js';
import type { DType } from '../tensor/dtype.js';
import { normalizeAxes, reducedShape, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { assertFloatTensor, assertTensor, compute } from './util.js';
import { broadcastTo, reshape, transpose } from './shape-ops.js';
import { cast } from './cast.js';
import { div, mul, sub } from './arithmetic.js';
import { exp, sqrt, square, abs, isNaN } from './math.js';
import { equal, logicalAnd, logicalOr, select } from './compare.js';

/** Axes to reduce: one axis, several, or `undefined` for all. */
export type Axes = number | readonly number[] | undefined;

/**
 * Runs a reduction kernel over `axes`. Adjacent axes reduce in one pass over an `[outer, size, inner]`
 * view; scattered axes are first moved to the end.
 */
function reduceKernel(op: ReduceOp, x: Tensor, axes: readonly number[], outDType: DType): Tensor {
  const outShape = reducedShape(x.shape, axes, false);
  const contiguous = axes.every((a, i) => i === 0 || a === axes[i - 1]! + 1);
  let source = x;
  let first = axes[0] ?? x.rank;
  let last = axes[axes.length - 1] ?? x.rank - 1;
  if (!contiguous) {
    const kept = [...x.shape.keys()].filter((i) => !axes.includes(i));
    source = transpose(x, [...kept, ...axes]);
    first = kept.length;
    last = x.rank - 1;
  }
  const view = {
    outer: sizeOf(source.shape.slice(0, first)),
    size: sizeOf(source.shape.slice(first, last + 1)),
    inner: sizeOf(source.shape.slice(last + 1)),
  };
  return compute(outShape, outDType, (b, o) => b.reduce(op, source.values, view, o.values), true);
}

function finish(out: Tensor, x: Tensor, axes: readonly number[], keepDims: boolean): Tensor {
  return keepDims ? reshape(out, reducedShape(x.shape, axes, true)) : out;
}

/** Shape of `x` reduced over `axes` with kept dims: used to broadcast gradients back. */
function keptShape(x: Tensor, axes: readonly number[]): number[] {
  return reducedShape(x.shape, axes, true);
}

/** Sum over `axes` (all by default). Integer and bool inputs sum to int32. */
export function sum(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  assertTensor('sum', 'x', x);
  const ax = normalizeAxes('sum', axes, x.rank);
  const outDType = x.dtype === 'float32' ? 'float32' : 'int32';
  const source = x.dtype === 'bool' ? cast(x, 'int32') : x;
  const out = finish(reduceKernel('sum', source, ax, outDType), x, ax, keepDims);
  return record('sum', [x], out, (dy) => [broadcastLike(reshape(dy, keptShape(x, ax)), x)]);
}

/** Mean over `axes` (all by default). */
export function mean(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  assertTensor('mean', 'x', x);
  assertFloatTensor('mean', 'x', x);
  const ax = normalizeAxes('mean', axes, x.rank);
  const count = sizeOf(ax.map((a) => x.shape[a]!));
  const out = finish(reduceKernel('mean', x, ax, 'float32'), x, ax, keepDims);
  return record('mean', [x], out, (dy) => [broadcastLike(div(reshape(dy, keptShape(x, ax)), count), x)]);
}

/**
 * `d prod / d x_i`, the product of the other elements of `x_i`'s group, without dividing by zero:
 * with no zero in a group it is `prod / x_i`; with exactly one zero it is the product of the
 * non-zero elements at that zero and 0 elsewhere; with two or more zeros it is 0 everywhere.
 */
function productOfOthers(x: Tensor, axes: readonly number[]): Tensor {
  const isZero = equal(x, 0);
  const nonZero = select(isZero, 1, x);
  const nonZeroProduct = broadcastLike(prod(nonZero, axes, true), x);
  const zeros = broadcastLike(sum(cast(isZero, 'float32'), axes, true), x);
  const atSoleZero = logicalAnd(isZero, equal(zeros, 1));
  return select(equal(zeros, 0), div(nonZeroProduct, nonZero), select(atSoleZero, nonZeroProduct, 0));
}

/** Product over `axes`. */
export function prod(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  assertTensor('prod', 'x', x);
  const ax = normalizeAxes('prod', axes, x.rank);
  const out = finish(reduceKernel('prod', x, ax, x.dtype === 'bool' ? 'int32' : x.dtype), x, ax, keepDims);
  return record('prod', [x], out, (dy) => [mul(broadcastLike(reshape(dy, keptShape(x, ax)), x), productOfOthers(x, ax))]);
}

function extremum(op: 'max' | 'min', x: Tensor, axes: Axes, keepDims: boolean): Tensor {
  assertTensor(op, 'x', x);
  const ax = normalizeAxes(op, axes, x.rank);
  const out = finish(reduceKernel(op, x, ax, x.dtype), x, ax, keepDims);
  return record(op, [x], out, (dy) => {
    // Gradient goes to every element equal to the extremum, shared equally among ties; a NaN
    // extremum's gradient goes to the group's NaNs (PyTorch's full max/min; amax would give NaN).
    const shaped = keptShape(x, ax);
    const equalMask = equal(x, reshape(out, shaped));
    const mask = cast(x.dtype === 'float32' ? logicalOr(equalMask, isNaN(x)) : equalMask, 'float32');
    const count = sum(mask, ax, true);
    return [mul(div(mask, count), reshape(dy, shaped))];
  });
}

/**
 * Maximum over `axes`; NaN wins (a group with a NaN gives NaN). The gradient flows to the maximal
 * elements, split evenly among ties, or to the group's NaNs.
 */
export function max(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  return extremum('max', x, axes, keepDims);
}

/** Minimum over `axes`; NaN wins, the gradient as {@link max}'s. */
export function min(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  return extremum('min', x, axes, keepDims);
}

function argExtremum(op: 'argmax' | 'argmin', x: Tensor, axis: number | undefined): Tensor {
  assertTensor(op, 'x', x);
  if (axis === undefined) return argExtremum(op, reshape(x, [-1]), 0);
  if (Array.isArray(axis)) throw new ArgumentError(`${op}: axis must be a single axis`);
  const ax = normalizeAxes(op, axis, x.rank);
  return reduceKernel(op, x, ax, 'int32');
}

/** Index (int32) of the largest element along `axis` (of the flattened tensor without one). First wins ties; NaN counts as the largest (the first NaN). */
export function argmax(x: Tensor, axis?: number): Tensor {
  return argExtremum('argmax', x, axis);
}

/** Index (int32) of the smallest element along `axis`; NaN counts as the smallest (the first NaN), as PyTorch. */
export function argmin(x: Tensor, axis?: number): Tensor {
  return argExtremum('argmin', x, axis);
}

/** Population variance (divides by N, as Keras and batch norm do) over `axes`. */
export function variance(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  assertFloatTensor('variance', 'x', x);
  const m = mean(x, axes, true);
  return mean(square(sub(x, m)), axes, keepDims);
}

/** `log(sum(exp(x)))` over `axes`, computed stably; its gradient is the softmax. */
export function logSumExp(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  assertTensor('logSumExp', 'x', x);
  assertFloatTensor('logSumExp', 'x', x);
  const ax = normalizeAxes('logSumExp', axes, x.rank);
  const out = finish(reduceKernel('logSumExp', x, ax, 'float32'), x, ax, keepDims);
  return record('logSumExp', [x], out, (dy) => {
    const shaped = keptShape(x, ax);
    return [mul(exp(sub(x, reshape(out, shaped))), reshape(dy, shaped))];
  });
}

/** `sqrt(sum(x²))` with the subgradient 0 at an all-zero group (where `x / norm` is 0/0), as PyTorch. */
function euclideanNorm(x: Tensor, axes: Axes, keepDims: boolean): Tensor {
  const ax = normalizeAxes('norm', axes, x.rank);
  const out = noGrad(() => sqrt(sum(square(x), ax, keepDims)));
  return record('norm', [x], out, (dy) => {
    const n = broadcastLike(reshape(out, keptShape(x, ax)), x);
    const g = broadcastLike(reshape(dy, keptShape(x, ax)), x);
    return [mul(g, select(equal(n, 0), 0, div(x, n)))];
  });
}

/** Vector norm over `axes`: `ord` 2 (Euclidean, default), 1, or Infinity. */
export function norm(x: Tensor, ord: 1 | 2 | typeof Infinity = 2, axes?: Axes, keepDims = false): Tensor {
  assertFloatTensor('norm', 'x', x);
  if (ord === 1) return sum(abs(x), axes, keepDims);
  if (ord === Infinity) return max(abs(x), axes, keepDims);
  if (ord === 2) return euclideanNorm(x, axes, keepDims);
  throw new ArgumentError(`norm: ord must be 1, 2 or Infinity, got ${String(ord)}`);
}

/** True where any element along `axes` is non-zero (bool). */
export function any(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  assertTensor('any', 'x', x);
  const ax = normalizeAxes('any', axes, x.rank);
  return finish(reduceKernel('any', x, ax, 'bool'), x, ax, keepDims);
}

/** True where every element along `axes` is non-zero (bool). */
export function all(x: Tensor, axes?: Axes, keepDims = false): Tensor {
  assertTensor('all', 'x', x);
  const ax = normalizeAxes('all', axes, x.rank);
  return finish(reduceKernel('all', x, ax, 'bool'), x, ax, keepDims);
}

/** Broadcasts a kept-dims gradient `g` back to `like`'s shape. */
function broadcastLike(g: Tensor, like: Tensor): Tensor {
  return broadcastTo(g, like.shape);
}
