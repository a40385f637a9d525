/**
 * Creating tensors: from nested arrays or typed arrays, filled, ranges, identity.
 * @module
 */
import { getBackend } from '../backend/registry.js';
import { ArgumentError, DTypeError, ShapeError, formatShape } from '../errors.js';
import { dtypeOfArray, isDType, type DType, type TypedArray } from './dtype.js';
import { assertValidShape, sizeOf, type Shape } from './shape.js';
import { Tensor, type NestedArray } from './tensor.js';

/** Anything {@link tensor} accepts as values. */
export type TensorLike = NestedArray | TypedArray | readonly number[];

/** @internal Allocates an uninitialised (zeroed) tensor on the current backend and returns it with its storage. */
export function empty(shape: Shape, dtype: DType = 'float32'): Tensor {
  const backend = getBackend();
  return Tensor.fromValues(backend.alloc(dtype, sizeOf(shape)), shape, dtype, backend);
}

/**
 * @internal Like {@link empty} but with unspecified contents (the backend's `allocUninitialized`,
 * which skips clearing a reused block): only for tensors whose every element is written next.
 */
export function emptyUninitialized(shape: Shape, dtype: DType = 'float32'): Tensor {
  const backend = getBackend();
  const size = sizeOf(shape);
  const values = backend.allocUninitialized ? backend.allocUninitialized(dtype, size) : backend.alloc(dtype, size);
  return Tensor.fromValues(values, shape, dtype, backend);
}

function inferShape(values: NestedArray): number[] {
  const shape: number[] = [];
  let v: NestedArray = values;
  while (Array.isArray(v)) {
    shape.push(v.length);
    if (v.length === 0) break;
    v = v[0]!;
  }
  return shape;
}

function flatten(values: NestedArray, shape: number[], axis: number, out: number[], path: string): void {
  if (axis === shape.length) {
    if (Array.isArray(values)) throw new ShapeError(`tensor: ragged nested array: element ${path} is an array, expected a number`);
    out.push(typeof values === 'boolean' ? (values ? 1 : 0) : (values));
    return;
  }
  if (!Array.isArray(values) || values.length !== shape[axis]) {
    const got = Array.isArray(values) ? `length ${values.length}` : 'a number';
    throw new ShapeError(`tensor: ragged nested array: element ${path || 'root'} has ${got}, expected length ${shape[axis]}`);
  }
  values.forEach((v, i) => flatten(v, shape, axis + 1, out, `${path}[${i}]`));
}

/**
 * Creates a tensor from nested arrays, a flat array with a shape, or a typed array (copied).
 * The dtype defaults to the typed array's, `bool` for booleans, else `float32`.
 *
 * @example
 * tensor([[1, 2], [3, 4]]);                  // float32 [2,2]
 * tensor([1, 2, 3, 4, 5, 6], [2, 3], 'int32');
 * tensor(new Float32Array(784), [28, 28, 1]);
 */
export function tensor(values: TensorLike, shape?: Shape, dtype?: DType): Tensor {
  if (dtype !== undefined && !isDType(dtype)) throw new DTypeError(`tensor: unknown dtype '${String(dtype)}', expected float32, int32 or bool`);
  let flat: ArrayLike<number>;
  let inferred: number[];
  let defaultDType: DType = 'float32';
  if (ArrayBuffer.isView(values)) {
    flat = values;
    inferred = [flat.length];
    defaultDType = dtypeOfArray(values);
  } else if (typeof values === 'number' || typeof values === 'boolean') {
    flat = [typeof values === 'boolean' ? (values ? 1 : 0) : values];
    inferred = [];
    if (typeof values === 'boolean') defaultDType = 'bool';
  } else {
    inferred = inferShape(values as NestedArray);
    const out: number[] = [];
    flatten(values as NestedArray, inferred, 0, out, '');
    flat = out;
    if (typeof firstLeaf(values as NestedArray) === 'boolean') defaultDType = 'bool';
  }
  const finalShape = shape ?? inferred;
  assertValidShape('tensor', finalShape);
  if (sizeOf(finalShape) !== flat.length) {
    throw new ShapeError(`tensor: ${flat.length} values cannot fill shape ${formatShape(finalShape)} (${sizeOf(finalShape)} elements)`);
  }
  // Every element is written below.
  const t = emptyUninitialized(finalShape, dtype ?? defaultDType);
  const target = t.values;
  if (target instanceof Uint8Array) for (let i = 0; i < flat.length; i++) target[i] = flat[i] ? 1 : 0;
  else if (target instanceof Int32Array && !(flat instanceof Int32Array)) for (let i = 0; i < flat.length; i++) target[i] = Math.trunc(flat[i]!);
  else target.set(flat);
  return t;
}

function firstLeaf(v: NestedArray): NestedArray | undefined {
  while (Array.isArray(v)) {
    if (v.length === 0) return undefined;
    v = v[0]!;
  }
  return v;
}

/** A rank-0 tensor holding `value`. */
export function scalar(value: number | boolean, dtype?: DType): Tensor {
  return tensor(value, [], dtype);
}

/** A tensor of `shape` with every element `value`. */
export function full(shape: Shape, value: number | boolean, dtype?: DType): Tensor {
  assertValidShape('full', shape);
  const t = empty(shape, dtype ?? (typeof value === 'boolean' ? 'bool' : 'float32'));
  t.values.fill(typeof value === 'boolean' ? Number(value) : value);
  return t;
}

/** A tensor of zeros. */
export function zeros(shape: Shape, dtype: DType = 'float32'): Tensor {
  assertValidShape('zeros', shape);
  return empty(shape, dtype);
}

/** A tensor of ones. */
export function ones(shape: Shape, dtype: DType = 'float32'): Tensor {
  return full(shape, 1, dtype);
}

/** Zeros with the shape and dtype of `t`. */
export function zerosLike(t: Tensor): Tensor {
  return zeros(t.shape, t.dtype);
}

/** Ones with the shape and dtype of `t`. */
export function onesLike(t: Tensor): Tensor {
  return ones(t.shape, t.dtype);
}

/** `value` everywhere, with the shape and dtype of `t`. */
export function fullLike(t: Tensor, value: number): Tensor {
  return full(t.shape, value, t.dtype);
}

/**
 * Evenly spaced values in `[start, stop)`: `arange(5)` is 0..4, `arange(2, 10, 2)` is 2, 4, 6, 8.
 * The dtype is int32 when every argument is an integer, else float32.
 */
export function arange(start: number, stop?: number, step = 1, dtype?: DType): Tensor {
  if (stop === undefined) [start, stop] = [0, start];
  if (step === 0 || !Number.isFinite(step)) throw new ArgumentError(`arange: step must be a non-zero finite number, got ${step}`);
  const n = Math.max(0, Math.ceil((stop - start) / step));
  const type = dtype ?? ([start, stop, step].every(Number.isInteger) ? 'int32' : 'float32');
  const t = empty([n], type);
  const v = t.values;
  for (let i = 0; i < n; i++) v[i] = start + i * step;
  return t;
}

/** `num` evenly spaced float32 values from `start` to `stop` inclusive. */
export function linspace(start: number, stop: number, num: number): Tensor {
  if (!Number.isInteger(num) || num < 0) throw new ArgumentError(`linspace: num must be a non-negative integer, got ${num}`);
  const t = empty([num]);
  const v = t.values;
  const step = num > 1 ? (stop - start) / (num - 1) : 0;
  for (let i = 0; i < num; i++) v[i] = start + i * step;
  if (num > 1) v[num - 1] = stop;
  return t;
}

/** An identity matrix of `rows` × `columns` (square by default). */
export function eye(rows: number, columns = rows, dtype: DType = 'float32'): Tensor {
  assertValidShape('eye', [rows, columns]);
  const t = empty([rows, columns], dtype);
  const v = t.values;
  for (let i = 0; i < Math.min(rows, columns); i++) v[i * columns + i] = 1;
  return t;
}
