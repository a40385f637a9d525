/**
 * Formatting and comparing shapes whose batch axis (or other axes) may be unknown.
 * @module
 */
import type { SymbolicShape } from '../nn/symbolic.js';

/** Formats a shape with unknown axes as `null`: `[null,26,26,32]`. */
export function formatSymbolicShape(shape: SymbolicShape | readonly number[]): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(',')}]`;
}

/** True when `got` can be fed where `expected` is declared: same rank, and known axes agree. */
export function shapesCompatible(expected: SymbolicShape, got: SymbolicShape | readonly number[]): boolean {
  if (expected.length !== got.length) return false;
  return expected.every((d, i) => d === null || got[i] === null || d === got[i]);
}

/** The symbolic shape of a batch of data: the concrete shape with its batch axis unknown. */
export function batchShapeOf(shape: readonly number[]): SymbolicShape {
  return [null, ...shape.slice(1)];
}
