/**
 * The `matmul` kernel on the wasm GEMM.
 * @module
 */
import type { MatMulInfo } from '../kernels.js';
import { sgemm } from './gemm.js';
import type { WasmRuntime } from './runtime.js';

/** `out[p] = op(a[p]) @ op(b[p])` for arrays in the runtime's memory. */
export function matmul(rt: WasmRuntime, a: Float32Array, b: Float32Array, out: Float32Array, info: MatMulInfo): void {
  const { batch, m, k, n, transposeA, transposeB } = info;
  sgemm(rt, {
    a: a.byteOffset,
    lda: transposeA ? m : k,
    b: b.byteOffset,
    ldb: transposeB ? k : n,
    c: out.byteOffset,
    ldc: n,
    m,
    n,
    k,
    transA: transposeA,
    transB: transposeB,
    batch,
    aBatch: info.aBatchStride,
    bBatch: info.bBatchStride,
    cBatch: m * n,
  });
}
