/**
 * Kernel cases of the fused layer normalization over the last axis (forward and backward): a small
 * case by hand, and odd and large shapes (SIMD tails, several tasks, null gamma or beta) against
 * the reference backend.
 */
import type { Backend } from '../../../src/backend/kernels.js';
import type { KernelCase } from '../case-helpers.js';
import { randomValues, upload } from '../case-helpers.js';

/** Runs both kernels; returns [out, mean, rstd, dx, dgamma, dbeta] (dgamma, dbeta empty when not asked for). */
function layerNorm(
  b: Backend, xValues: Float32Array, cols: number, gammaValues: Float32Array | null, betaValues: Float32Array | null, epsilon: number, dyValues: Float32Array,
  gradients = true,
): Float32Array[] {
  const rows = xValues.length / cols;
  const x = upload(b, xValues);
  const gamma = gammaValues ? upload(b, gammaValues) : null;
  const beta = betaValues ? upload(b, betaValues) : null;
  const out = b.alloc('float32', x.length) as Float32Array;
  const mean = b.alloc('float32', rows) as Float32Array;
  const rstd = b.alloc('float32', rows) as Float32Array;
  b.layerNorm(x, cols, gamma, beta, epsilon, out, mean, rstd);
  const dx = b.alloc('float32', x.length) as Float32Array;
  const dgamma = gradients ? (b.alloc('float32', cols) as Float32Array) : null;
  const dbeta = gradients ? (b.alloc('float32', cols) as Float32Array) : null;
  b.layerNormBackward(x, upload(b, dyValues), cols, mean, rstd, gamma, dx, dgamma, dbeta);
  return [out, mean, rstd, dx, dgamma ?? new Float32Array(0), dbeta ?? new Float32Array(0)];
}

// Rows [1, 2, 3, 6] (mean 3, variance 3.5) and [0, 0, 4, 4] (mean 2, variance 4).
const x = Float32Array.from([1, 2, 3, 6, 0, 0, 4, 4]);
const eps = 1e-3;
const rowMean = [3, 2];
const rowRstd = [1 / Math.sqrt(3.5 + eps), 1 / Math.sqrt(4 + eps)];
const xhat = Array.from(x, (v, i) => (v - rowMean[i >> 2]!) * rowRstd[i >> 2]!);

/** Every layer-norm case. */
export const layerNormCases: KernelCase[] = [
  {
    // dy = 1: dbeta counts the rows, dgamma = Σ x̂ over rows, dx = gamma-weighted centring of dy·gamma.
    name: 'layerNorm by hand: row statistics, gamma and beta; dy = 1',
    atol: 1e-5,
    run: (b) => layerNorm(b, x, 4, Float32Array.from([1, 1, 1, 1]), Float32Array.from([0.5, 0, 0, -1]), eps, new Float32Array(8).fill(1)),
    expected: [
      xhat.map((v, i) => v + [0.5, 0, 0, -1][i % 4]!), rowMean, rowRstd, new Array(8).fill(0),
      [0, 1, 2, 3].map((c) => xhat[c]! + xhat[4 + c]!), [2, 2, 2, 2],
    ],
  },
  ...([[1, 1], [3, 5], [7, 4], [5, 13], [2048, 128], [300, 96], [17, 257]] as const).map(([rows, cols]): KernelCase => ({
    name: `layerNorm forward and backward, [${rows}, ${cols}]`,
    atol: 1e-4,
    run: (b) => {
      const n = rows * cols;
      // An offset far from zero: the variance must not cancel.
      const values = randomValues(n, n).map((v) => 20 + 3 * v);
      return layerNorm(b, values, cols, randomValues(cols, 2), randomValues(cols, 3), 1e-5, randomValues(n, 4));
    },
  })),
  {
    name: 'layerNorm without gamma or beta, gradients of x only',
    atol: 1e-4,
    run: (b) => layerNorm(b, randomValues(600 * 64, 9), 64, null, null, 1e-5, randomValues(600 * 64, 10), false),
  },
];
