/**
 * What a kernel case is, and helpers for writing one. Case files import from here (not from
 * kernel-suite.ts, which imports every case file).
 */
import type { Backend } from '../../src/backend/kernels.js';
import type { TypedArray } from '../../src/tensor/dtype.js';

/** One kernel case: `run` calls kernels on `backend` and returns the arrays to compare. */
export interface KernelCase {
  name: string;
  run(backend: Backend): TypedArray[];
  /** Known-correct outputs (from hand calculation or naive formulas), one per returned array. */
  expected?: ArrayLike<number>[];
  /** Tolerances (defaults 1e-5 / 1e-4): fast kernels sum in other orders. */
  atol?: number;
  rtol?: number;
}

/** Copies `values` into storage allocated by `backend` (fast backends may need their own memory). */
export function upload<T extends TypedArray>(backend: Backend, values: T): T {
  const dtype = values instanceof Float32Array ? 'float32' : values instanceof Int32Array ? 'int32' : 'bool';
  const out = backend.alloc(dtype, values.length) as T;
  out.set(values);
  return out;
}

/** Deterministic pseudo-random float32 values in [-1, 1) for case inputs. */
export function randomValues(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = (x / 4294967296) * 2 - 1;
  }
  return out;
}

