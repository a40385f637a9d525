/**
 * Unit-step slices, writes into a region (`assignSlice`: concat, stack) and constant padding on the
 * wasm module (asm/copy-rows.ts): the copied block is coalesced into contiguous rows (the trailing
 * axes that are contiguous on both sides) walked over at most six outer axes, each row one
 * `memory.copy`. Strided (non-unit) slices, reflect/symmetric padding and blocks that do not
 * coalesce use the reference kernels.
 * @module
 */
import type { PadMode } from '../kernels.js';
import type { TypedArray } from '../../tensor/dtype.js';
import { stridesOf, type Shape } from '../../tensor/shape.js';
import type { WasmRuntime } from './runtime.js';
import { descriptorViews } from './descriptor-views.js';

/** Outer axes asm/copy-rows.ts walks. */
const MAX_RANK = 6;
const PARALLEL_MIN_ELEMENTS = 1 << 16;
const ELEMENTS_PER_TASK = 1 << 14;

/**
 * Copies the block `dims` from `src` (element offset `srcStart`, strides `srcStrides`) to `dst`
 * (`dstStart`, `dstStrides`); false when it does not reduce to rows over at most six outer axes.
 */
function copyBlock(
  rt: WasmRuntime, src: TypedArray, srcStart: number, srcStrides: readonly number[], dst: TypedArray, dstStart: number, dstStrides: readonly number[],
  dims: Shape,
): boolean {
  const total = dims.reduce((p, d) => p * d, 1);
  if (total === 0) return true;
  // Innermost first; size-1 axes never move a pointer.
  const axes = [...dims.keys()].filter((d) => dims[d] !== 1).reverse();
  let row = 1;
  let k = 0;
  while (k < axes.length && srcStrides[axes[k]!] === row && dstStrides[axes[k]!] === row) row *= dims[axes[k++]!]!;
  const outer: { size: number; src: number; dst: number }[] = [];
  for (; k < axes.length; k++) {
    const a = axes[k]!;
    const last = outer[outer.length - 1];
    if (last && srcStrides[a] === last.src * last.size && dstStrides[a] === last.dst * last.size) last.size *= dims[a]!;
    else outer.push({ size: dims[a]!, src: srcStrides[a]!, dst: dstStrides[a]! });
  }
  if (outer.length > MAX_RANK) return false;
  outer.reverse();
  if (outer.length === 0) outer.push({ size: 1, src: 0, dst: 0 });
  const eb = src.BYTES_PER_ELEMENT;
  const rows = total / row;
  const parallel = total >= PARALLEL_MIN_ELEMENTS;
  const rowsPerTask = parallel ? Math.max(1, Math.floor(ELEMENTS_PER_TASK / row)) : rows;
  const { words: d, offset: desc } = descriptorViews(rt, 1);
  d[0] = src.byteOffset + srcStart * eb;
  d[1] = dst.byteOffset + dstStart * eb;
  d[2] = row * eb;
  d[3] = outer.length;
  d[4] = rowsPerTask;
  outer.forEach((axis, i) => {
    d[8 + i] = axis.size;
    d[8 + MAX_RANK + i] = axis.src * eb;
    d[8 + 2 * MAX_RANK + i] = axis.dst * eb;
  });
  rt.pool.run('copyRowsTask', desc, Math.ceil(rows / rowsPerTask), parallel);
  return true;
}

function offsetOf(position: readonly number[], strides: readonly number[]): number {
  return position.reduce((sum, p, axis) => sum + p * strides[axis]!, 0);
}

/** A slice with unit steps (on every axis longer than one) of arrays of one dtype; false otherwise. */
export function slice(rt: WasmRuntime, x: TypedArray, shape: Shape, begin: readonly number[], step: readonly number[], out: TypedArray, outShape: Shape): boolean {
  if (x.constructor !== out.constructor || outShape.some((d, axis) => d > 1 && step[axis] !== 1)) return false;
  const strides = stridesOf(shape);
  return copyBlock(rt, x, offsetOf(begin, strides), strides, out, 0, stridesOf(outShape), outShape);
}

/** Writes `src` into `out` at `offset` (arrays of one dtype); false when it does not coalesce. */
export function assignSlice(rt: WasmRuntime, src: TypedArray, srcShape: Shape, out: TypedArray, outShape: Shape, offset: readonly number[]): boolean {
  if (src.constructor !== out.constructor) return false;
  const strides = stridesOf(outShape);
  return copyBlock(rt, src, 0, stridesOf(srcShape), out, offsetOf(offset, strides), strides, srcShape);
}

/** Fills `out` (float32 or int32) with the 32-bit pattern of `value`. */
function fill(rt: WasmRuntime, out: Float32Array | Int32Array, value: number): void {
  const bytes = out.length * 4;
  const pattern = out instanceof Float32Array ? new Int32Array(Float32Array.of(value).buffer)[0]! : value | 0;
  const parallel = out.length >= PARALLEL_MIN_ELEMENTS;
  const perTask = parallel ? ELEMENTS_PER_TASK * 4 : bytes;
  const { words: d, offset: desc } = descriptorViews(rt, 1);
  d[0] = out.byteOffset;
  d[1] = bytes;
  d[2] = pattern;
  d[3] = perTask;
  rt.pool.run('fillTask', desc, Math.ceil(bytes / perTask), parallel);
}

/** Constant padding (non-negative widths) of float32 or int32 arrays; false for other modes and dtypes. */
export function pad(
  rt: WasmRuntime, x: TypedArray, shape: Shape, paddings: readonly (readonly [number, number])[], mode: PadMode, value: number, out: TypedArray,
): boolean {
  if (mode !== 'constant' || x.constructor !== out.constructor || !(out instanceof Float32Array || out instanceof Int32Array)) return false;
  if (paddings.some(([before, after]) => before < 0 || after < 0)) return false;
  const outShape = shape.map((d, axis) => paddings[axis]![0] + d + paddings[axis]![1]);
  const outStrides = stridesOf(outShape);
  if (out.length > x.length) fill(rt, out, value);
  // When the interior does not coalesce, the reference pad that runs instead rewrites every element anyway.
  return copyBlock(rt, x, 0, stridesOf(shape), out, offsetOf(paddings.map((p) => p[0]), outStrides), outStrides, shape);
}
