/**
 * The fixture tolerance: `|a - b| <= 1e-4 + 1e-3·|b|` elementwise.
 * @module
 */

/** Result of comparing one tensor. */
export interface Comparison {
  ok: boolean;
  maxAbsErr: number;
  /** Why it failed, when it did (shape mismatch or the worst element). */
  detail?: string;
}

/** Compares `actual` with `expected` (both row-major, same layout). */
export function compareValues(actual: ArrayLike<number>, actualShape: readonly number[], expected: ArrayLike<number>, expectedShape: readonly number[], atol = 1e-4, rtol = 1e-3): Comparison {
  const sameShape = actualShape.length === expectedShape.length && actualShape.every((d, i) => d === expectedShape[i]);
  if (!sameShape) {
    return { ok: false, maxAbsErr: Infinity, detail: `shape [${actualShape.join(',')}], expected [${expectedShape.join(',')}]` };
  }
  let maxAbsErr = 0;
  let ok = true;
  let worst = -1;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const b = expected[i]!;
    const err = Math.abs(a - b);
    if (!(err <= maxAbsErr) || Number.isNaN(err)) {
      maxAbsErr = Number.isNaN(err) ? Infinity : err;
      worst = i;
    }
    if (!(err <= atol + rtol * Math.abs(b))) ok = false;
  }
  return ok ? { ok, maxAbsErr } : { ok, maxAbsErr, detail: `element ${worst}: got ${actual[worst]}, expected ${expected[worst]}` };
}
