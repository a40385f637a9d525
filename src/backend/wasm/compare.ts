/**
 * Broadcasting comparisons of float32 or int32 operands into bool on the wasm module
 * (asm/compare.ts), with the broadcast coalesced as for the arithmetic binary kernels.
 * @module
 */
import type { BinaryOp } from '../kernels.js';
import type { TypedArray } from '../../tensor/dtype.js';
import type { Shape } from '../../tensor/shape.js';
import { coalesceBroadcast } from './elementwise.js';
import type { WasmRuntime } from './runtime.js';
import { descriptorViews } from './descriptor-views.js';

const codes: Partial<Record<BinaryOp, number>> = { equal: 0, notEqual: 1, less: 2, lessEqual: 3, greater: 4, greaterEqual: 5 };
/** Dimensions asm/compare.ts walks after coalescing. */
const MAX_RANK = 6;
const PARALLEL_MIN_ELEMENTS = 1 << 16;
/** Elements per task for large calls (a multiple of 4). */
const ELEMENTS_PER_TASK = 1 << 14;

/** `out = op(a, b)` for comparisons of two float32 or two int32 operands into a bool `out`; false for anything else. */
export function compare(rt: WasmRuntime, op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): boolean {
  const code = codes[op];
  const isFloat = a instanceof Float32Array && b instanceof Float32Array;
  const isInt = a instanceof Int32Array && b instanceof Int32Array;
  if (code === undefined || !(isFloat || isInt) || !(out instanceof Uint8Array)) return false;
  const total = out.length;
  if (total === 0) return true;
  const { dims, aStrides, bStrides } = coalesceBroadcast(aShape, bShape, outShape);
  const rank = dims.length;
  if (rank > MAX_RANK) return false;
  const inner = dims[rank - 1]!;
  const parallel = total >= PARALLEL_MIN_ELEMENTS;
  const chunk = Math.min(inner, ELEMENTS_PER_TASK);
  const units = (total / inner) * Math.ceil(inner / chunk);
  const unitsPerTask = parallel ? Math.max(1, Math.floor(ELEMENTS_PER_TASK / chunk)) : units;
  const { words: d, offset: desc } = descriptorViews(rt, 1);
  d[0] = code;
  d[1] = a.byteOffset;
  d[2] = b.byteOffset;
  d[3] = out.byteOffset;
  d[4] = rank;
  d[5] = chunk;
  d[6] = unitsPerTask;
  d[7] = isInt ? 1 : 0;
  d.set(dims, 8);
  d.set(aStrides, 8 + MAX_RANK);
  d.set(bStrides, 8 + 2 * MAX_RANK);
  rt.pool.run('compareTask', desc, Math.ceil(units / unitsPerTask), parallel);
  return true;
}
