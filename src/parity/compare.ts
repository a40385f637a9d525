/**
 * The fixture tolerance: `|a - b| <= 1e-4 + 1e-3·|b|` elementwise; a NaN matches only a NaN, an
 * infinity only the same infinity.
 * @module
 */

/** Result of comparing one tensor. */
export interface Comparison {
  ok: boolean;
  maxAbsErr: number;
  /** Why it failed, when it did (shape mismatch or the worst element). */
  detail?: string;
}

/**
 * The error of one element: 0 for equal values (infinities included) and for NaN against NaN,
 * Infinity for any other pair involving a NaN or an infinity, else `|a − b|`.
 */
function elementError(a: number, b: number): number {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  return Math.abs(a - b);
}

/** Compares `actual` with `expected` (both row-major, same layout); the detail names the worst failing element. */
export function compareValues(actual: ArrayLike<number>, actualShape: readonly number[], expected: ArrayLike<number>, expectedShape: readonly number[], atol = 1e-4, rtol = 1e-3): Comparison {
  const sameShape = actualShape.length === expectedShape.length && actualShape.every((d, i) => d === expectedShape[i]);
  if (!sameShape) {
    return { ok: false, maxAbsErr: Infinity, detail: `shape [${actualShape.join(',')}], expected [${expectedShape.join(',')}]` };
  }
  let maxAbsErr = 0;
  let worst = -1;
  let worstErr = -1;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const b = expected[i]!;
    const err = elementError(a, b);
    maxAbsErr = Math.max(maxAbsErr, err);
    const bad = err === Infinity || err > atol + rtol * Math.abs(b);
    if (bad && err > worstErr) {
      worst = i;
      worstErr = err;
    }
  }
  return worst < 0 ? { ok: true, maxAbsErr } : { ok: false, maxAbsErr, detail: `element ${worst}: got ${actual[worst]}, expected ${expected[worst]}` };
}
