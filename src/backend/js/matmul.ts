/**
 * Reference batched matrix product (i-k-j loop order, float64 accumulation per output row).
 * @module
 */
import type { MatMulInfo } from '../kernels.js';

/** `out[b] = op(a[b]) @ op(b[b])`, see {@link MatMulInfo}. */
export function matmul(a: Float32Array, b: Float32Array, out: Float32Array, info: MatMulInfo): void {
  const { batch, m, k, n, transposeA, transposeB, aBatchStride, bBatchStride } = info;
  const row = new Float64Array(n);
  for (let p = 0; p < batch; p++) {
    const aOff = p * aBatchStride;
    const bOff = p * bBatchStride;
    const oOff = p * m * n;
    for (let i = 0; i < m; i++) {
      row.fill(0);
      for (let q = 0; q < k; q++) {
        const av = a[aOff + (transposeA ? q * m + i : i * k + q)]!;
        if (transposeB) {
          for (let j = 0; j < n; j++) row[j]! += av * b[bOff + j * k + q]!;
        } else {
          const bRow = bOff + q * n;
          for (let j = 0; j < n; j++) row[j]! += av * b[bRow + j]!;
        }
      }
      for (let j = 0; j < n; j++) out[oOff + i * n + j] = row[j]!;
    }
  }
}
