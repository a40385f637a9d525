/** Test helpers for gradient checks. */
import assert from 'node:assert/strict';
import { Random, checkGradients, mul, sum, type CheckGradientsOptions, type Tensor } from '../../src/index.js';

/**
 * `sum(y * w)` with fixed pseudo-random weights `w` of `y`'s shape: a scalar whose gradient with respect
 * to `y` is `w`, so every output element (and its position) matters in a gradient check.
 */
export function weightedSum(y: Tensor, seed = 7): Tensor {
  return sum(mul(y, new Random(seed).normal(y.shape)));
}

/** Asserts that autograd agrees with finite differences for `f` at `args`, listing the first mismatches. */
export function assertGradients(f: (...args: Tensor[]) => Tensor, args: Tensor[], options?: CheckGradientsOptions): void {
  const result = checkGradients(f, args, options);
  assert.ok(result.ok, `gradient mismatches: ${JSON.stringify(result.mismatches.slice(0, 5))} (max error ${result.maxAbsError})`);
}
