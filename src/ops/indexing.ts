/**
 * Indexing ops: gather/take, scatterAdd, takeAlongAxis, oneHot, topK and cumsum.
 * @module
 */
import type { AxisView } from '../backend/kernels.js';
import { ArgumentError, DTypeError, ShapeError, formatShape } from '../errors.js';
import { record } from '../autograd/tape.js';
import { tensor, zeros } from '../tensor/creation.js';
import { normalizeAxis, shapesEqual, sizeOf, type Shape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { assertFloatTensor, assertTensor, axisView, compute } from './util.js';
import { broadcastTo, reshape } from './shape-ops.js';
import { cast } from './cast.js';

/** Integer indices: an int32 tensor of any shape, or a plain array of integers (a 1-D index list). */
export type Indices = Tensor | readonly number[];

/** Turns `indices` into an int32 tensor, rejecting other dtypes and non-integers. */
function indexTensor(op: string, indices: Indices): Tensor {
  if (Array.isArray(indices)) {
    const bad = indices.findIndex((v) => !Number.isInteger(v));
    if (bad >= 0) throw new ArgumentError(`${op}: indices must be integers, got ${String(indices[bad])} at position [${bad}]`);
    return tensor(indices as number[], [indices.length], 'int32');
  }
  assertTensor(op, 'indices', indices);
  const t = indices;
  if (t.dtype !== 'int32') throw new DTypeError(`${op}: indices has dtype ${t.dtype}, expected int32 (use cast(indices, 'int32'))`);
  return t;
}

/** The multi-index of flat position `p` in `shape`, formatted `[i,j,...]`. */
function positionOf(p: number, shape: Shape): string {
  const index = new Array<number>(shape.length);
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    index[axis] = p % shape[axis]!;
    p = Math.floor(p / shape[axis]!);
  }
  return formatShape(index);
}

/**
 * Copies the values of `indices` with negative entries counted from the end (as NumPy does), throwing
 * an {@link ArgumentError} that names the offending index and its position when one is out of `[-size, size)`.
 */
function resolveIndices(op: string, indices: Tensor, size: number, target: string): Int32Array {
  const values = indices.values;
  const out = new Int32Array(values.length);
  for (let p = 0; p < values.length; p++) {
    const v = values[p]!;
    if (v < -size || v >= size) {
      throw new ArgumentError(
        `${op}: index ${v} at position ${positionOf(p, indices.shape)} of indices ${formatShape(indices.shape)} is out of range for ${target} (valid: ${-size} to ${size - 1})`,
      );
    }
    out[p] = v < 0 ? v + size : v;
  }
  return out;
}

/** Runs the scatter-add kernel: `updates` viewed as `[outer, indices.length, inner]` summed into `shape`. */
function scatterKernel(updates: Tensor, view: AxisView, indices: Int32Array, shape: Shape): Tensor {
  return compute(shape, 'float32', (b, o) => b.scatterAdd(updates.values as Float32Array, view, indices, o.values as Float32Array));
}

/** Reads elements of `x` at flat positions `flat` (a gather over `x` seen as one long axis). */
function gatherFlat(x: Tensor, flat: Int32Array, shape: Shape): Tensor {
  return compute(shape, x.dtype, (b, o) => b.gather(x.values, { outer: 1, size: x.size, inner: 1 }, flat, o.values));
}

/** The adjoint of {@link gatherFlat}: sums `dy` into a zero tensor of `shape` at flat positions `flat`. */
function scatterFlat(dy: Tensor, flat: Int32Array, shape: Shape): Tensor {
  return scatterKernel(dy, { outer: 1, size: sizeOf(shape), inner: 1 }, flat, shape);
}

/**
 * Picks slices of `x` along `axis` at `indices` (int32, any shape; negative counts from the end).
 * The result has shape `x.shape[:axis] + indices.shape + x.shape[axis+1:]`, as NumPy's `take`.
 * The gradient scatter-adds back, so repeated indices accumulate.
 *
 * @example gather(embeddings, tokenIds)          // [vocab, dim] with [batch, time] -> [batch, time, dim]
 * @example gather(x, [2, 0], 1)                  // columns 2 and 0
 */
export function gather(x: Tensor, indices: Indices, axis = 0): Tensor {
  assertTensor('gather', 'x', x);
  if (x.rank === 0) throw new ShapeError('gather: x is a scalar [], expected rank >= 1');
  const idx = indexTensor('gather', indices);
  const { axis: a, view } = axisView('gather', x.shape, axis);
  const flat = resolveIndices('gather', idx, view.size, `axis ${a} of x ${formatShape(x.shape)}`);
  const outShape = [...x.shape.slice(0, a), ...idx.shape, ...x.shape.slice(a + 1)];
  const out = compute(outShape, x.dtype, (b, o) => b.gather(x.values, view, flat, o.values));
  return record('gather', [x], out, (dy) => [scatterKernel(dy, view, flat, x.shape)]);
}

/** Alias of {@link gather}, by NumPy's name. */
export const take = gather;

/**
 * The adjoint of {@link gather}: adds slices of `updates` into a zero tensor whose `axis` has `size`
 * entries, at `indices` (repeated indices accumulate). `updates` has shape
 * `before + indices.shape + after`; the result `before + [size] + after`.
 *
 * @example scatterAdd(tensor([1, 2, 3]), [0, 2, 0], 3)   // [4, 0, 2]
 */
export function scatterAdd(updates: Tensor, indices: Indices, size: number, axis = 0): Tensor {
  assertTensor('scatterAdd', 'updates', updates);
  assertFloatTensor('scatterAdd', 'updates', updates);
  const idx = indexTensor('scatterAdd', indices);
  if (!Number.isInteger(size) || size < 0) throw new ArgumentError(`scatterAdd: size must be a non-negative integer, got ${size}`);
  const resultRank = updates.rank - idx.rank + 1;
  if (resultRank < 1) {
    throw new ShapeError(`scatterAdd: updates ${formatShape(updates.shape)} has fewer axes than indices ${formatShape(idx.shape)}`);
  }
  const a = normalizeAxis('scatterAdd', axis, resultRank);
  const block = updates.shape.slice(a, a + idx.rank);
  if (!shapesEqual(block, idx.shape)) {
    throw new ShapeError(
      `scatterAdd: updates ${formatShape(updates.shape)} must hold indices ${formatShape(idx.shape)} at axis ${a}, found ${formatShape(block)}`,
    );
  }
  const before = updates.shape.slice(0, a);
  const after = updates.shape.slice(a + idx.rank);
  const flat = resolveIndices('scatterAdd', idx, size, `an axis of size ${size}`);
  const shape = [...before, size, ...after];
  const view = { outer: sizeOf(before), size, inner: sizeOf(after) };
  const out = scatterKernel(updates, view, flat, shape);
  return record('scatterAdd', [updates], out, (dy) => [
    reshape(compute([view.outer, flat.length, view.inner], 'float32', (b, o) => b.gather(dy.values, view, flat, o.values)), updates.shape),
  ]);
}

/**
 * Picks one element along `axis` for every entry of `indices`, as NumPy's `take_along_axis`:
 * `indices` has the rank of `x`, and the other axes broadcast against each other.
 *
 * @example takeAlongAxis(logits, reshape(labels, [-1, 1]), 1)   // [batch, classes] -> [batch, 1]: each row's label logit
 */
export function takeAlongAxis(x: Tensor, indices: Tensor, axis: number): Tensor {
  assertTensor('takeAlongAxis', 'x', x);
  const idx = indexTensor('takeAlongAxis', indices);
  if (idx.rank !== x.rank) {
    throw new ShapeError(`takeAlongAxis: indices ${formatShape(idx.shape)} has rank ${idx.rank}, expected rank ${x.rank} like x ${formatShape(x.shape)}`);
  }
  if (x.rank === 0) throw new ShapeError('takeAlongAxis: x is a scalar [], expected rank >= 1');
  const a = axisView('takeAlongAxis', x.shape, axis).axis;
  const common = x.shape.map((d, i) => {
    const e = idx.shape[i]!;
    if (i !== a && d !== e && d !== 1 && e !== 1) {
      throw new ShapeError(
        `takeAlongAxis: x ${formatShape(x.shape)} and indices ${formatShape(idx.shape)} cannot be broadcast: axis ${i} has sizes ${d} and ${e}`,
      );
    }
    return d === 1 ? e : d;
  });
  const xb = broadcastTo(x, common.map((d, i) => (i === a ? x.shape[a]! : d)));
  const ib = broadcastTo(idx, common.map((d, i) => (i === a ? idx.shape[a]! : d)));
  const { view } = axisView('takeAlongAxis', ib.shape, a);
  const size = xb.shape[a]!;
  const resolved = resolveIndices('takeAlongAxis', ib, size, `axis ${a} of x ${formatShape(x.shape)}`);
  // Flat position in xb of every index: the index picks the axis entry, its own position the rest.
  const flat = new Int32Array(resolved.length);
  for (let o = 0; o < view.outer; o++) {
    for (let j = 0; j < view.size; j++) {
      for (let i = 0; i < view.inner; i++) {
        const p = (o * view.size + j) * view.inner + i;
        flat[p] = (o * size + resolved[p]!) * view.inner + i;
      }
    }
  }
  const out = gatherFlat(xb, flat, ib.shape);
  return record('takeAlongAxis', [xb], out, (dy) => [scatterFlat(dy, flat, xb.shape)]);
}

/** Alias of {@link takeAlongAxis}. */
export const gatherAlongAxis = takeAlongAxis;

/**
 * One-hot encoding: float32 `[...indices.shape, depth]`, `on` at each index and `off` elsewhere.
 * An index outside `[0, depth)` is an error.
 *
 * @example oneHot(labels, 10)   // int32 [batch] -> float32 [batch, 10]
 */
export function oneHot(indices: Indices, depth: number, on = 1, off = 0): Tensor {
  const idx = indexTensor('oneHot', indices);
  if (!Number.isInteger(depth) || depth < 0) throw new ArgumentError(`oneHot: depth must be a non-negative integer, got ${depth}`);
  const values = idx.values;
  for (let p = 0; p < values.length; p++) {
    const v = values[p]!;
    if (v < 0 || v >= depth) {
      throw new ArgumentError(`oneHot: index ${v} at position ${positionOf(p, idx.shape)} of indices ${formatShape(idx.shape)} is out of range for depth ${depth} (valid: 0 to ${depth - 1})`);
    }
  }
  return compute([...idx.shape, depth], 'float32', (b, o) => b.oneHot(values as Int32Array, depth, on, off, o.values as Float32Array));
}

/** What {@link topK} returns. */
export interface TopK {
  /** The `k` largest values along the last axis, in descending order. */
  values: Tensor;
  /** Their int32 positions along the last axis. */
  indices: Tensor;
}

/**
 * The `k` largest entries along the last axis, sorted descending (equal values: lower index first;
 * NaN counts as largest). Gradients flow to `values` and back to the positions they came from.
 *
 * @example const { values, indices } = topK(logits, 5);
 */
export function topK(x: Tensor, k: number): TopK {
  assertTensor('topK', 'x', x);
  if (x.rank === 0) throw new ShapeError('topK: x is a scalar [], expected rank >= 1');
  const size = x.shape[x.rank - 1]!;
  if (!Number.isInteger(k) || k < 0 || k > size) {
    throw new ArgumentError(`topK: k must be an integer from 0 to ${size} (the last axis of x ${formatShape(x.shape)}), got ${k}`);
  }
  const outer = sizeOf(x.shape.slice(0, -1));
  const outShape = [...x.shape.slice(0, -1), k];
  const indices = zeros(outShape, 'int32');
  const values = compute(outShape, x.dtype, (b, o) => b.topK(x.values, outer, size, k, o.values, indices.values as Int32Array));
  const chosen = indices.values;
  const flat = Int32Array.from(chosen, (c, p) => Math.floor(p / k) * size + c);
  record('topK', [x], values, (dy) => [scatterFlat(dy, flat, x.shape)]);
  return { values, indices };
}

/** Options of {@link cumsum}. */
export interface CumsumOptions {
  /** Leave each element out of its own sum (the first sum is 0). */
  exclusive?: boolean;
  /** Sum from the end of the axis towards its start. */
  reverse?: boolean;
}

/**
 * Running sum along `axis` (last by default). Bool input sums to int32.
 *
 * @example cumsum(tensor([1, 2, 3]))                        // [1, 3, 6]
 * @example cumsum(tensor([1, 2, 3]), 0, { exclusive: true }) // [0, 1, 3]
 */
export function cumsum(x: Tensor, axis = -1, options: CumsumOptions = {}): Tensor {
  assertTensor('cumsum', 'x', x);
  if (x.rank === 0) throw new ShapeError('cumsum: x is a scalar [], expected rank >= 1');
  const exclusive = options.exclusive ?? false;
  const reverse = options.reverse ?? false;
  const source = x.dtype === 'bool' ? cast(x, 'int32') : x;
  const { axis: a, view } = axisView('cumsum', x.shape, axis);
  const out = compute(x.shape, source.dtype, (b, o) => b.cumsum(source.values, view, o.values, exclusive, reverse));
  // Each input feeds every later (earlier, when reversed) sum, so the gradient sums dy the other way.
  return record('cumsum', [x], out, (dy) => [cumsum(dy, a, { exclusive, reverse: !reverse })]);
}
