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

/** Compares `actual` with `expected` (both row-major, same layout). */
export function compareValues(actual: ArrayLike<number>, actualShape: readonly number[], expected: ArrayLike<number>, expectedShape: readonly number[], atol = 1e-4, rtol = 1e-3): Comparison {
  const sameShape = actualShape.length === expectedShape.length && actualShape.every((d, i) => d === expectedShape[i]);
  if (!sameShape) {
    return { ok: false, maxAbsErr: Infinity, detail: `shape [${actualShape.join(',')}], expected [${expectedShape.join(',')}]` };
  }
  let maxAbsErr = 0;
  let ok = true;
  let worst = -1;
  let firstBad = -1;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const b = expected[i]!;
    // Equal values (infinities included) and NaN against NaN match exactly; anything else against
    // a NaN or an infinity gives a NaN or infinite error, which fails.
    const err = a === b || (Number.isNaN(a) && Number.isNaN(b)) ? 0 : Math.abs(a - b);
    if (!(err <= maxAbsErr) || Number.isNaN(err)) {
      maxAbsErr = Number.isNaN(err) ? Infinity : err;
      worst = i;
    }
    if (err !== 0 && !(err <= atol + rtol * Math.abs(b))) {
      ok = false;
      if (firstBad < 0) firstBad = i;
    }
  }
  // Name the worst element, or the first failing one when the worst is within tolerance (a relative bound).
  const shown = worst >= 0 && !(Math.abs(actual[worst]! - expected[worst]!) <= atol + rtol * Math.abs(expected[worst]!)) ? worst : firstBad;
  return ok ? { ok, maxAbsErr } : { ok, maxAbsErr, detail: `element ${shown}: got ${actual[shown]}, expected ${expected[shown]}` };
}
