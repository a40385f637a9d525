/**
 * Shape arithmetic: sizes, strides, broadcasting and axis normalisation.
 * Pure functions on `number[]`; no tensors here.
 * @module
 */
import { ArgumentError, ShapeError, formatShape } from '../errors.js';

/** A tensor shape: one non-negative integer per axis, outermost first. */
export type Shape = readonly number[];

/** Number of elements of a tensor of `shape` (1 for a scalar). */
export function sizeOf(shape: Shape): number {
  let n = 1;
  // An index loop: for-of allocates an iterator wherever the optimiser does not remove it.
  for (let i = 0; i < shape.length; i++) n *= shape[i]!;
  return n;
}

/** Row-major strides, in elements, of a contiguous tensor of `shape`. */
export function stridesOf(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

/** True when two shapes are identical. */
export function shapesEqual(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Throws an {@link ArgumentError} unless every entry of `shape` is a non-negative integer. */
export function assertValidShape(op: string, shape: Shape): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) {
      throw new ArgumentError(`${op}: shape ${formatShape(shape)} must hold non-negative integers`);
    }
  }
}

/**
 * The NumPy broadcast of two shapes: trailing axes are aligned, and each pair of sizes
 * must be equal or contain a 1.
 */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast: axis ${i} has sizes ${da} and ${db}`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * The axes along which `inputShape` was broadcast to reach `outputShape`: the leading axes it lacked and the
 * axes where it had size 1. Gradients are summed over these axes to return to the input's shape.
 */
export function broadcastedAxes(inputShape: Shape, outputShape: Shape): number[] {
  const axes: number[] = [];
  const offset = outputShape.length - inputShape.length;
  for (let i = 0; i < outputShape.length; i++) {
    const d = i < offset ? 1 : inputShape[i - offset]!;
    if (i < offset || (d === 1 && outputShape[i] !== 1)) axes.push(i);
  }
  return axes;
}

/** Resolves a possibly negative `axis` against `rank`, throwing an {@link ArgumentError} when out of range. */
export function normalizeAxis(op: string, axis: number, rank: number): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= Math.max(rank, 1)) {
    throw new ArgumentError(`${op}: axis ${axis} is out of range for a tensor of rank ${rank}`);
  }
  return axis < 0 ? axis + rank : axis;
}

/**
 * Resolves `axes` (one axis, several, or undefined for all) into sorted, unique, non-negative axes.
 */
export function normalizeAxes(op: string, axes: number | readonly number[] | undefined, rank: number): number[] {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : [...axes];
  const resolved = list.map((a) => normalizeAxis(op, a, rank));
  const unique = [...new Set(resolved)].sort((x, y) => x - y);
  if (unique.length !== resolved.length) {
    throw new ArgumentError(`${op}: axes [${list.join(',')}] repeat an axis`);
  }
  return unique;
}

/** The shape left after reducing `axes` of `shape`, keeping them as size 1 when `keepDims`. */
export function reducedShape(shape: Shape, axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (axes.includes(i)) {
      if (keepDims) out.push(1);
    } else {
      out.push(shape[i]!);
    }
  }
  return out;
}

/**
 * Resolves a reshape target with at most one `-1` against `size` elements.
 */
export function inferReshape(op: string, from: Shape, to: readonly number[]): number[] {
  const size = sizeOf(from);
  const unknown = to.indexOf(-1);
  if (to.indexOf(-1, unknown + 1) !== -1 && unknown !== -1) {
    throw new ArgumentError(`${op}: target shape ${formatShape(to)} has more than one -1`);
  }
  for (const d of to) {
    if (d !== -1 && (!Number.isInteger(d) || d < 0)) {
      throw new ArgumentError(`${op}: target shape ${formatShape(to)} must hold non-negative integers or one -1`);
    }
  }
  const known = to.reduce((p, d) => (d === -1 ? p : p * d), 1);
  const out = [...to];
  if (unknown !== -1) {
    if (known === 0 || size % known !== 0) {
      throw new ShapeError(`${op}: cannot reshape ${formatShape(from)} (${size} elements) to ${formatShape(to)}`);
    }
    out[unknown] = size / known;
  } else if (known !== size) {
    throw new ShapeError(`${op}: cannot reshape ${formatShape(from)} (${size} elements) to ${formatShape(to)} (${known} elements)`);
  }
  return out;
}
