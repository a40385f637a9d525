/**
 * Sample-axis operations on whole data sets held in memory: turning user arrays into tensors,
 * gathering a batch of rows, stacking samples and concatenating batches. They copy typed arrays
 * directly (no autograd), since data never needs gradients.
 * @module
 */
import { ArgumentError, ShapeError, formatShape } from '../errors.js';
import { emptyUninitialized, tensor } from '../tensor/creation.js';
import { arrayConstructor, type DType, type TypedArray } from '../tensor/dtype.js';
import { sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** A flat typed array (or number array) with the shape it holds, samples on the first axis. */
export interface ShapedArray {
  data: TypedArray | readonly number[];
  shape: readonly number[];
  /** Defaults to the typed array's dtype (float32 for number arrays). */
  dtype?: DType;
}

/** Data as a tensor or a shaped array, samples on the first axis. */
export type ArrayData = Tensor | ShapedArray;

/** True for tensors (including tensors from another copy of the library). */
export function isTensor(x: unknown): x is Tensor {
  return typeof x === 'object' && x !== null && (x as { isTensor?: unknown }).isTensor === true;
}

/** True for `{ data, shape }` objects. */
export function isShapedArray(x: unknown): x is ShapedArray {
  if (typeof x !== 'object' || x === null) return false;
  const { data, shape } = x as Partial<ShapedArray>;
  return (ArrayBuffer.isView(data) || Array.isArray(data)) && Array.isArray(shape);
}

/** Converts a tensor or shaped array to a tensor; `what` names the argument in errors (`fit: x`). */
export function toTensor(x: ArrayData, what: string): Tensor {
  if (isTensor(x)) {
    if (x.isDisposed) throw new ArgumentError(`${what} was disposed and cannot be used`);
    return x;
  }
  if (isShapedArray(x)) {
    if (x.data.length !== sizeOf(x.shape)) {
      throw new ShapeError(`${what}: data has ${x.data.length} values, shape ${formatShape(x.shape)} needs ${sizeOf(x.shape)}`);
    }
    return tensor(x.data, x.shape, x.dtype);
  }
  throw new ArgumentError(`${what} must be a Tensor or { data, shape }, got ${x === null ? 'null' : Array.isArray(x) ? 'an array' : typeof x}`);
}

/** Number of samples (first axis); throws for scalars. */
export function numSamples(t: Tensor, what: string): number {
  if (t.rank === 0) throw new ShapeError(`${what} is a scalar; expected samples on the first axis`);
  return t.shape[0]!;
}

/**
 * Rows `indices[start..end)` of `t` (rows `start..end` when `indices` is null), as a new tensor.
 * Rows are copied straight into the backend's storage, element by element for gathered rows, so a
 * batch costs no JavaScript garbage that grows with its size (no staging array, no per-row views).
 */
export function gatherRows(t: Tensor, indices: ArrayLike<number> | null, start: number, end: number): Tensor {
  const rowSize = sizeOf(t.shape.slice(1));
  const source = t.values;
  const count = end - start;
  const batch = emptyUninitialized([count, ...t.shape.slice(1)], t.dtype);
  const out = batch.values;
  if (indices === null) {
    out.set(source.subarray(start * rowSize, end * rowSize));
  } else {
    for (let i = 0; i < count; i++) {
      const from = indices[start + i]! * rowSize;
      const to = i * rowSize;
      for (let j = 0; j < rowSize; j++) out[to + j] = source[from + j]!;
    }
  }
  return batch;
}

/** Stacks same-shaped samples along a new first axis. */
export function stackSamples(samples: readonly Tensor[], what = 'batch'): Tensor {
  const first = samples[0];
  if (!first) throw new ArgumentError(`${what}: nothing to stack`);
  const out = new (arrayConstructor(first.dtype))(first.size * samples.length);
  samples.forEach((s, i) => {
    if (s.size !== first.size || s.rank !== first.rank || s.shape.some((d, k) => d !== first.shape[k]) || s.dtype !== first.dtype) {
      throw new ShapeError(`${what}: element ${i} is ${s.dtype} ${formatShape(s.shape)}, element 0 is ${first.dtype} ${formatShape(first.shape)}; every element must match`);
    }
    out.set(s.values, i * first.size);
  });
  return tensor(out, [samples.length, ...first.shape], first.dtype);
}

/** Concatenates batches along the first axis. */
export function concatRows(parts: readonly Tensor[], what = 'concat'): Tensor {
  const first = parts[0];
  if (!first) throw new ArgumentError(`${what}: nothing to concatenate`);
  const rows = parts.reduce((n, p) => n + p.shape[0]!, 0);
  const out = new (arrayConstructor(first.dtype))(parts.reduce((n, p) => n + p.size, 0));
  let offset = 0;
  parts.forEach((p, i) => {
    if (p.rank !== first.rank || p.shape.some((d, k) => k > 0 && d !== first.shape[k])) {
      throw new ShapeError(`${what}: part ${i} ${formatShape(p.shape)} does not match part 0 ${formatShape(first.shape)} beyond the first axis`);
    }
    out.set(p.values, offset);
    offset += p.size;
  });
  return tensor(out, [rows, ...first.shape.slice(1)], first.dtype);
}

/**
 * The first non-finite value in `t` as `{ index, value }` (flat index), or null. `nanOnly` ignores
 * infinities.
 */
export function firstNonFinite(t: Tensor, nanOnly = false): { index: number; value: number } | null {
  if (t.dtype !== 'float32') return null;
  const v = t.values;
  for (let i = 0; i < v.length; i++) {
    const x = v[i]!;
    if (nanOnly ? Number.isNaN(x) : !Number.isFinite(x)) return { index: i, value: x };
  }
  return null;
}

/**
 * Formats a flat index of a tensor as a sample and position: `sample 3, element [4,5,0]`. `sample`
 * names the row instead (a batch passes the row's position in the whole data set).
 */
export function describeIndex(shape: readonly number[], flat: number, sampleName: (row: number) => string = (row) => `sample ${row}`): string {
  const rowSize = sizeOf(shape.slice(1));
  const sample = Math.floor(flat / rowSize);
  let rest = flat % rowSize;
  const position: number[] = [];
  for (let axis = shape.length - 1; axis >= 1; axis--) {
    position.unshift(rest % shape[axis]!);
    rest = Math.floor(rest / shape[axis]!);
  }
  return position.length > 0 ? `${sampleName(sample)}, element ${formatShape(position)}` : sampleName(sample);
}
