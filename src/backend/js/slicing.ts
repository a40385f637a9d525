/**
 * Reference slicing kernels: strided slice, assignment into a region, and padding.
 * @module
 */
import type { PadMode } from '../kernels.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { stridesOf, type Shape } from '../../tensor/shape.js';

/**
 * Calls `visit(i, offset)` for every element `i` of a row-major walk over `shape`, where `offset` is
 * `start + sum(index[axis] * strides[axis])`: the flat position of the same element in another array.
 */
function walk(shape: Shape, start: number, strides: readonly number[], visit: (i: number, offset: number) => void): void {
  const rank = shape.length;
  let n = 1;
  for (const d of shape) n *= d;
  const index = new Int32Array(rank);
  let offset = start;
  for (let i = 0; i < n; i++) {
    visit(i, offset);
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]!++;
      offset += strides[axis]!;
      if (index[axis]! < shape[axis]!) break;
      offset -= strides[axis]! * shape[axis]!;
      index[axis] = 0;
    }
  }
}

/** `out[j] = x[begin + j * step]` on every axis; `out` has shape `outShape`. Steps may be negative. */
export function slice(x: TypedArray, shape: Shape, begin: readonly number[], step: readonly number[], out: TypedArray, outShape: Shape): void {
  const inStrides = stridesOf(shape);
  let start = 0;
  for (let axis = 0; axis < shape.length; axis++) start += begin[axis]! * inStrides[axis]!;
  const stepStrides = inStrides.map((s, axis) => s * step[axis]!);
  walk(outShape, start, stepStrides, (i, offset) => {
    out[i] = x[offset]!;
  });
}

/** Writes `src` into the region of `out` that starts at `offset` on every axis; the rest of `out` is left alone. */
export function assignSlice(src: TypedArray, srcShape: Shape, out: TypedArray, outShape: Shape, offset: readonly number[]): void {
  const outStrides = stridesOf(outShape);
  let start = 0;
  for (let axis = 0; axis < outShape.length; axis++) start += offset[axis]! * outStrides[axis]!;
  walk(srcShape, start, outStrides, (i, target) => {
    out[target] = src[i]!;
  });
}

/**
 * Where output position `p` of an axis padded by `before` reads from an input axis of `size`, or -1
 * for a constant cell. Reflection is periodic, so any padding width resolves (the op limits widths).
 */
function sourceIndex(p: number, before: number, size: number, mode: PadMode): number {
  const j = p - before;
  if (j >= 0 && j < size) return j;
  if (mode === 'constant') return -1;
  if (mode === 'reflect') {
    // Mirror about the edge elements: ... 2 1 | 0 1 2 3 | 2 1 ...
    if (size === 1) return 0;
    const period = 2 * (size - 1);
    const r = ((j % period) + period) % period;
    return r < size ? r : period - r;
  }
  // 'symmetric' mirrors about the edges themselves: ... 1 0 | 0 1 2 3 | 3 2 ...
  const period = 2 * size;
  const r = ((j % period) + period) % period;
  return r < size ? r : period - 1 - r;
}

/** Pads every axis of `x` by `paddings[axis] = [before, after]` elements filled according to `mode`. */
export function pad(x: TypedArray, shape: Shape, paddings: readonly (readonly [number, number])[], mode: PadMode, value: number, out: TypedArray): void {
  const rank = shape.length;
  const outShape = shape.map((d, axis) => paddings[axis]![0] + d + paddings[axis]![1]);
  const inStrides = stridesOf(shape);
  // Per axis, the input offset contribution of each output position (-1 marks a constant cell).
  const sources = outShape.map((n, axis) =>
    Int32Array.from({ length: n }, (_, p) => {
      const j = sourceIndex(p, paddings[axis]![0], shape[axis]!, mode);
      return j < 0 ? -1 : j * inStrides[axis]!;
    }),
  );
  const index = new Int32Array(rank);
  for (let i = 0; i < out.length; i++) {
    let rest = i;
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis] = rest % outShape[axis]!;
      rest = Math.floor(rest / outShape[axis]!);
    }
    let offset = 0;
    let constant = false;
    for (let axis = 0; axis < rank && !constant; axis++) {
      const s = sources[axis]![index[axis]!]!;
      if (s < 0) constant = true;
      else offset += s;
    }
    out[i] = constant ? value : x[offset]!;
  }
}
