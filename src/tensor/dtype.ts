/**
 * Element types and the typed arrays that store them.
 * @module
 */
import { DTypeError } from '../errors.js';

/** The element types atelier supports. `bool` is stored as one byte per element (0 or 1). */
export type DType = 'float32' | 'int32' | 'bool';

/** Maps a dtype to the typed array that stores it. */
export interface DTypeArrayMap {
  float32: Float32Array;
  int32: Int32Array;
  bool: Uint8Array;
}

/** Any typed array used as tensor storage. */
export type TypedArray = Float32Array | Int32Array | Uint8Array;

/** Constructor of the typed array that stores `dtype`. */
export function arrayConstructor(dtype: DType): Float32ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor {
  switch (dtype) {
    case 'float32': return Float32Array;
    case 'int32': return Int32Array;
    case 'bool': return Uint8Array;
  }
}

/** Bytes per element of `dtype`. */
export function bytesPerElement(dtype: DType): number {
  return dtype === 'bool' ? 1 : 4;
}

/** The dtype that a typed array stores. */
export function dtypeOfArray(values: TypedArray): DType {
  if (values instanceof Float32Array) return 'float32';
  if (values instanceof Int32Array) return 'int32';
  return 'bool';
}

/** True when `value` is one of the known dtype names. */
export function isDType(value: unknown): value is DType {
  return value === 'float32' || value === 'int32' || value === 'bool';
}

/** Throws a {@link DTypeError} unless `dtype` is float32: used by ops that only make sense on real numbers. */
export function assertFloat(op: string, arg: string, dtype: DType): void {
  if (dtype !== 'float32') {
    throw new DTypeError(`${op}: ${arg} has dtype ${dtype}, expected float32 (use cast(x, 'float32') first)`);
  }
}

/** The dtype of a result mixing `a` and `b` (float wins over int, int over bool), as NumPy promotes. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === 'float32' || b === 'float32') return 'float32';
  if (a === 'int32' || b === 'int32') return 'int32';
  return 'bool';
}
