/**
 * Slicing and joining: slice, stridedSlice, reverse, concat, stack, split, unstack, pad, tile.
 * @module
 */
import type { PadMode } from '../backend/kernels.js';
import { ArgumentError, ShapeError, formatShape } from '../errors.js';
import { record } from '../autograd/tape.js';
import { promoteTypes } from '../tensor/dtype.js';
import { arange, zeros } from '../tensor/creation.js';
import { normalizeAxes, normalizeAxis, shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { assertIntegers, assertTensor, compute } from './util.js';
import { broadcastTo, expandDims, reshape } from './shape-ops.js';
import { cast } from './cast.js';
import { scatterAdd } from './indexing.js';

/**
 * Copies `x[begin + j * step]` on every axis into a tensor of `outShape`, recording a vjp that puts
 * the gradient back where each element was read from.
 */
function stridedCopy(op: string, x: Tensor, begin: readonly number[], step: readonly number[], outShape: readonly number[]): Tensor {
  if (shapesEqual(outShape, x.shape) && step.every((s) => s === 1)) return x;
  const out = compute(outShape, x.dtype, (b, o) => b.slice(x.values, x.shape, begin, step, o.values, outShape), true);
  return record(op, [x], out, (dy) => [unslice(dy, x.shape, begin, step)]);
}

/** The adjoint of {@link stridedCopy}: a tensor of `shape` holding `dy` at the positions read, zeros elsewhere. */
function unslice(dy: Tensor, shape: readonly number[], begin: readonly number[], step: readonly number[]): Tensor {
  if (dy.size === 0) return zeros(shape, dy.dtype);
  const n = dy.shape;
  // Axes read backwards are mirrored first, so that every axis runs forwards from its lowest position.
  const low = begin.map((b, a) => (step[a]! < 0 ? b + (n[a]! - 1) * step[a]! : b));
  let g = dy;
  if (step.some((s) => s < 0)) {
    g = stridedCopy('reverse', g, step.map((s, a) => (s < 0 ? n[a]! - 1 : 0)), step.map((s) => (s < 0 ? -1 : 1)), n);
  }
  // Axes read with a stride spread their gradient over the span they covered.
  step.forEach((s, a) => {
    const stride = Math.abs(s);
    if (stride > 1) g = scatterAdd(g, Array.from({ length: n[a]! }, (_, j) => j * stride), (n[a]! - 1) * stride + 1, a);
  });
  return embed(g, shape, low);
}

/** Places `g` into zeros of `shape` starting at `offset` on every axis. */
function embed(g: Tensor, shape: readonly number[], offset: readonly number[]): Tensor {
  if (shapesEqual(g.shape, shape)) return g;
  const out = compute(shape, g.dtype, (b, o) => b.assignSlice(g.values, g.shape, o.values, shape, offset));
  return record('embed', [g], out, (dy) => [stridedCopy('slice', dy, offset, offset.map(() => 1), g.shape)]);
}

/**
 * The block of `x` starting at `begin` with `size` elements per axis (-1: to the end of the axis), as
 * TensorFlow's `slice`. Axes after the given ones are taken whole.
 *
 * @example slice(images, [0, 8, 8, 0], [-1, 16, 16, -1])   // centre crop of 32×32 NHWC images
 */
export function slice(x: Tensor, begin: readonly number[], size?: readonly number[]): Tensor {
  assertTensor('slice', 'x', x);
  const sizes = size ?? begin.map(() => -1);
  if (begin.length > x.rank || sizes.length !== begin.length) {
    throw new ArgumentError(
      `slice: begin [${begin.join(',')}] and size [${sizes.join(',')}] must have the same length, at most the rank ${x.rank} of x ${formatShape(x.shape)}`,
    );
  }
  assertIntegers('slice', 'begin', begin, 0);
  assertIntegers('slice', 'size', sizes, -1);
  const starts = x.shape.map((_, a) => begin[a] ?? 0);
  const outShape = x.shape.map((d, a) => {
    const b = starts[a]!;
    const s = sizes[a] ?? -1;
    const length = s === -1 ? d - b : s;
    if (b > d || b + length > d) {
      throw new ArgumentError(`slice: begin ${b} and size ${s} exceed axis ${a} of x ${formatShape(x.shape)} (size ${d})`);
    }
    return length;
  });
  return stridedCopy('slice', x, starts, starts.map(() => 1), outShape);
}

/**
 * One axis of a {@link stridedSlice}: an index (selects and drops the axis), `[start, stop, step]` with
 * Python slice semantics (any entry may be omitted or null), or null for the whole axis.
 */
export type SliceSpec = number | readonly [start?: number | null, stop?: number | null, step?: number | null] | null | undefined;

/** Python's `slice.indices`: clamps start and stop to the axis and counts the elements. */
function resolveRange(spec: readonly (number | null | undefined)[], n: number, axis: number, x: Tensor): { begin: number; step: number; length: number } {
  const [start, stop, step = 1] = spec.map((v) => v ?? undefined);
  for (const v of [start, stop, step]) {
    if (spec.length > 3 || (v !== undefined && !Number.isInteger(v))) {
      throw new ArgumentError(`stridedSlice: axis ${axis} of x ${formatShape(x.shape)}: [${spec.join(',')}] must hold at most three integers (start, stop, step)`);
    }
  }
  if (step === 0) throw new ArgumentError(`stridedSlice: axis ${axis} of x ${formatShape(x.shape)}: step must not be 0`);
  const [lower, upper] = step < 0 ? [-1, n - 1] : [0, n];
  const clamp = (v: number | undefined, fallback: number): number => {
    if (v === undefined) return fallback;
    const w = v < 0 ? v + n : v;
    return Math.min(Math.max(w, lower), upper);
  };
  const begin = clamp(start, step < 0 ? upper : lower);
  const end = clamp(stop, step < 0 ? lower : upper);
  const length = step < 0 ? (end < begin ? Math.floor((begin - end - 1) / -step) + 1 : 0) : begin < end ? Math.floor((end - begin - 1) / step) + 1 : 0;
  return { begin, step, length };
}

/**
 * NumPy-style basic indexing, one spec per leading axis (missing trailing specs take whole axes):
 * a number selects one entry and drops the axis (negative counts from the end), `[start, stop, step]`
 * slices with Python's rules (negative indices, negative steps, out-of-range bounds clamped), and
 * `null` keeps the whole axis.
 *
 * @example stridedSlice(x, [null, [undefined, undefined, -1]])   // x[:, ::-1]
 * @example stridedSlice(x, [-1, [1, 5, 2]])                      // x[-1, 1:5:2]
 */
export function stridedSlice(x: Tensor, specs: readonly SliceSpec[]): Tensor {
  assertTensor('stridedSlice', 'x', x);
  if (specs.length > x.rank) {
    throw new ArgumentError(`stridedSlice: ${specs.length} specs for x ${formatShape(x.shape)} of rank ${x.rank}, expected at most one per axis`);
  }
  const begin: number[] = [];
  const step: number[] = [];
  const outShape: number[] = [];
  const kept: number[] = [];
  x.shape.forEach((n, axis) => {
    const spec = specs[axis];
    if (typeof spec === 'number') {
      if (!Number.isInteger(spec) || spec < -n || spec >= n) {
        throw new ArgumentError(`stridedSlice: index ${spec} is out of range for axis ${axis} of x ${formatShape(x.shape)} (size ${n})`);
      }
      begin.push(spec < 0 ? spec + n : spec);
      step.push(1);
      outShape.push(1);
      return;
    }
    if (spec !== null && spec !== undefined && !Array.isArray(spec)) {
      throw new ArgumentError(`stridedSlice: spec for axis ${axis} must be an index, [start, stop, step] or null, got ${JSON.stringify(spec)}`);
    }
    const range = spec === null || spec === undefined ? { begin: 0, step: 1, length: n } : resolveRange(spec, n, axis, x);
    begin.push(range.begin);
    step.push(range.step);
    outShape.push(range.length);
    kept.push(range.length);
  });
  return reshape(stridedCopy('stridedSlice', x, begin, step, outShape), kept);
}

/**
 * Reverses the order of elements along `axes` (every axis by default), as NumPy's `flip`.
 * @example reverse(images, 2)   // mirror NHWC images left-right
 */
export function reverse(x: Tensor, axes?: number | readonly number[]): Tensor {
  assertTensor('reverse', 'x', x);
  const flipped = normalizeAxes('reverse', axes, x.rank);
  const begin = x.shape.map((d, a) => (flipped.includes(a) ? d - 1 : 0));
  const step = x.shape.map((_, a) => (flipped.includes(a) ? -1 : 1));
  return stridedCopy('reverse', x, begin, step, x.shape);
}

function assertTensorList(op: string, tensors: readonly Tensor[]): void {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new ArgumentError(`${op}: tensors must be a non-empty array of tensors`);
  tensors.forEach((t, i) => assertTensor(op, `tensors[${i}]`, t));
}

/**
 * Joins tensors along an existing `axis`; the other axes must match. Mixed dtypes promote as in
 * arithmetic.
 * @example concat([a, b], -1)   // [2,3] and [2,5] -> [2,8]
 */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  assertTensorList('concat', tensors);
  const first = tensors[0]!;
  if (first.rank === 0) throw new ShapeError('concat: tensors[0] is a scalar [], expected rank >= 1 (use stack to join scalars)');
  const a = normalizeAxis('concat', axis, first.rank);
  tensors.forEach((t, i) => {
    if (t.rank !== first.rank || t.shape.some((d, j) => j !== a && d !== first.shape[j])) {
      throw new ShapeError(`concat: tensors[${i}] ${formatShape(t.shape)} does not match tensors[0] ${formatShape(first.shape)} on the axes other than ${a}`);
    }
  });
  const dtype = tensors.map((t) => t.dtype).reduce(promoteTypes);
  const parts = tensors.map((t) => cast(t, dtype));
  if (parts.length === 1) return parts[0]!;
  const offsets: number[][] = [];
  let along = 0;
  for (const t of parts) {
    offsets.push(t.shape.map((_, j) => (j === a ? along : 0)));
    along += t.shape[a]!;
  }
  const outShape = first.shape.map((d, j) => (j === a ? along : d));
  const out = compute(outShape, dtype, (b, o) => parts.forEach((t, i) => b.assignSlice(t.values, t.shape, o.values, outShape, offsets[i]!)));
  return record('concat', parts, out, (dy) => parts.map((t, i) => stridedCopy('slice', dy, offsets[i]!, t.shape.map(() => 1), t.shape)));
}

/**
 * Joins tensors of one shape along a new `axis`.
 * @example stack([a, b, c])   // three [4,5] -> [3,4,5]
 */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  assertTensorList('stack', tensors);
  const first = tensors[0]!;
  tensors.forEach((t, i) => {
    if (!shapesEqual(t.shape, first.shape)) {
      throw new ShapeError(`stack: tensors[${i}] ${formatShape(t.shape)} differs from tensors[0] ${formatShape(first.shape)}; stacked tensors must share one shape`);
    }
  });
  const a = normalizeAxis('stack', axis, first.rank + 1);
  return concat(tensors.map((t) => expandDims(t, a)), a);
}

/**
 * Cuts `x` along `axis` into `count` equal parts, or into parts of the given `sizes` (one may be -1:
 * the rest).
 * @example const [train, test] = split(x, [50000, 10000]);
 */
export function split(x: Tensor, sizesOrCount: number | readonly number[], axis = 0): Tensor[] {
  assertTensor('split', 'x', x);
  if (x.rank === 0) throw new ShapeError('split: x is a scalar [], expected rank >= 1');
  const a = normalizeAxis('split', axis, x.rank);
  const n = x.shape[a]!;
  let sizes: number[];
  if (typeof sizesOrCount === 'number') {
    const count = sizesOrCount;
    if (!Number.isInteger(count) || count < 1) throw new ArgumentError(`split: count must be a positive integer, got ${count}`);
    if (n % count !== 0) {
      throw new ArgumentError(`split: axis ${a} of x ${formatShape(x.shape)} (size ${n}) cannot be split into ${count} equal parts`);
    }
    sizes = new Array<number>(count).fill(n / count);
  } else {
    sizes = [...sizesOrCount];
    assertIntegers('split', 'sizes', sizes, -1);
    const rest = sizes.indexOf(-1);
    if (rest !== sizes.lastIndexOf(-1)) throw new ArgumentError(`split: sizes [${sizes.join(',')}] may hold at most one -1`);
    const known = sizes.reduce((s, v) => (v === -1 ? s : s + v), 0);
    if (rest >= 0) sizes[rest] = n - known;
    if (sizes.some((v) => v < 0) || sizes.reduce((s, v) => s + v, 0) !== n) {
      throw new ArgumentError(`split: sizes [${sizesOrCount.join(',')}] do not add up to axis ${a} of x ${formatShape(x.shape)} (size ${n})`);
    }
  }
  let start = 0;
  return sizes.map((size) => {
    const begin = x.shape.map((_, j) => (j === a ? start : 0));
    start += size;
    return stridedCopy('split', x, begin, begin.map(() => 1), x.shape.map((d, j) => (j === a ? size : d)));
  });
}

/**
 * Splits `x` into its entries along `axis`, dropping that axis.
 * @example const [r, g, b] = unstack(rgb, -1);
 */
export function unstack(x: Tensor, axis = 0): Tensor[] {
  assertTensor('unstack', 'x', x);
  if (x.rank === 0) throw new ShapeError('unstack: x is a scalar [], expected rank >= 1');
  const a = normalizeAxis('unstack', axis, x.rank);
  const rest = x.shape.filter((_, j) => j !== a);
  return split(x, x.shape[a]!, a).map((part) => reshape(part, rest));
}

const PAD_MODES: readonly PadMode[] = ['constant', 'reflect', 'symmetric'];

/**
 * Pads every axis by `paddings[axis] = [before, after]` elements: `constant` fills with `value`,
 * `reflect` mirrors about the edge elements (`[1,2,3]` → `3 2 | 1 2 3 | 2 1`, needs padding < size),
 * `symmetric` mirrors about the edges (`2 1 | 1 2 3 | 3 2`, needs padding <= size).
 * @example pad(images, [[0, 0], [2, 2], [2, 2], [0, 0]], 'reflect')
 */
export function pad(x: Tensor, paddings: readonly (readonly [number, number])[], mode: PadMode = 'constant', value = 0): Tensor {
  assertTensor('pad', 'x', x);
  if (!PAD_MODES.includes(mode)) throw new ArgumentError(`pad: mode '${String(mode)}' is unknown, expected 'constant', 'reflect' or 'symmetric'`);
  const shown = JSON.stringify(paddings);
  const given: unknown = paddings; // Array.isArray(paddings) would narrow paddings to any[]
  if (!Array.isArray(given) || paddings.length !== x.rank || given.some((p) => !Array.isArray(p) || p.length !== 2)) {
    throw new ArgumentError(`pad: paddings ${shown} must hold one [before, after] pair per axis of x ${formatShape(x.shape)}`);
  }
  assertIntegers('pad', 'paddings', paddings.flat(), 0);
  paddings.forEach(([before, after], a) => {
    const n = x.shape[a]!;
    const limit = mode === 'reflect' ? n - 1 : mode === 'symmetric' ? n : Infinity;
    if (before > limit || after > limit) {
      throw new ArgumentError(
        `pad: ${mode} padding [${before},${after}] of axis ${a} of x ${formatShape(x.shape)} (size ${n}) must be ${mode === 'reflect' ? `< ${n}` : `<= ${n}`}`,
      );
    }
  });
  const outShape = x.shape.map((d, a) => paddings[a]![0] + d + paddings[a]![1]);
  const out = compute(outShape, x.dtype, (b, o) => b.pad(x.values, x.shape, paddings, mode, value, o.values));
  return record('pad', [x], out, (dy) => {
    if (mode === 'constant') return [stridedCopy('slice', dy, paddings.map(([before]) => before), x.shape.map(() => 1), x.shape)];
    // Padding the element numbers tells, for every output cell, which input element it copied.
    const source = compute(outShape, 'int32', (b, o) => b.pad(reshape(arange(x.size), x.shape).values, x.shape, paddings, mode, 0, o.values));
    return [reshape(scatterAdd(reshape(dy, [-1]), reshape(source, [-1]), x.size), x.shape)];
  });
}

/**
 * Repeats `x` `reps[axis]` times along each axis, as NumPy's `tile` (the shorter of `x.shape` and
 * `reps` is extended with leading 1s).
 * @example tile(tensor([1, 2]), [2, 2])   // [[1,2,1,2],[1,2,1,2]]
 */
export function tile(x: Tensor, reps: readonly number[]): Tensor {
  assertTensor('tile', 'x', x);
  assertIntegers('tile', 'reps', reps, 0);
  const rank = Math.max(x.rank, reps.length);
  const shape = [...new Array<number>(rank - x.rank).fill(1), ...x.shape];
  const r = [...new Array<number>(rank - reps.length).fill(1), ...reps];
  // Each axis d becomes [1, d], is broadcast to [r, d] and merged back into r·d.
  const interleaved = reshape(x, shape.flatMap((d) => [1, d]));
  const repeated = broadcastTo(interleaved, shape.flatMap((d, i) => [r[i]!, d]));
  return reshape(repeated, shape.map((d, i) => d * r[i]!));
}
