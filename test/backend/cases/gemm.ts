/**
 * Kernel cases: matrix products large enough for fast backends' blocked, multi-threaded and
 * k-split paths (edge tiles, every transpose combination, broadcast batches, empty inner dimension).
 */
import type { KernelCase } from '../kernel-suite.js';
import { randomValues, upload } from '../kernel-suite.js';
import type { MatMulInfo } from '../../../src/backend/kernels.js';

function product(name: string, info: MatMulInfo, aSize: number, bSize: number, expected?: number[]): KernelCase {
  return {
    name: `matmul ${name}: batch=${info.batch} m=${info.m} k=${info.k} n=${info.n} transposeA=${info.transposeA} transposeB=${info.transposeB}`,
    atol: 1e-4,
    rtol: 1e-4,
    run: (b) => {
      const out = b.alloc('float32', info.batch * info.m * info.n) as Float32Array;
      b.matmul(upload(b, randomValues(aSize, info.m + 7)), upload(b, randomValues(bSize, info.n + 11)), out, info);
      return [out];
    },
    ...(expected ? { expected: [expected] } : {}),
  };
}

function single(name: string, m: number, k: number, n: number, transposeA: boolean, transposeB: boolean): KernelCase {
  return product(name, { batch: 1, m, k, n, transposeA, transposeB, aBatchStride: 0, bBatchStride: 0 }, m * k, k * n);
}

const transposes: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];

export const gemmCases: KernelCase[] = [
  // Odd sizes: partial micro-tiles on both edges, several row blocks and KC slices.
  ...transposes.map(([ta, tb]) => single('blocked', 131, 517, 97, ta, tb)),
  // Few rows and columns, long inner dimension: the k-split path (partial products summed).
  ...transposes.map(([ta, tb]) => single('k-split', 20, 8000, 8, ta, tb)),
  single('k-split with edge columns', 7, 6001, 13, false, false),
  // One row: a vector-matrix product.
  single('row vector', 1, 700, 3000, false, false),
  product('batched, a broadcast', { batch: 4, m: 70, k: 100, n: 90, transposeA: false, transposeB: false, aBatchStride: 0, bBatchStride: 9000 }, 7000, 36000),
  product('batched, b broadcast', { batch: 5, m: 64, k: 129, n: 72, transposeA: true, transposeB: false, aBatchStride: 64 * 129, bBatchStride: 0 }, 5 * 64 * 129, 129 * 72),
  product('batched, both transposed', { batch: 3, m: 41, k: 300, n: 59, transposeA: true, transposeB: true, aBatchStride: 41 * 300, bBatchStride: 300 * 59 }, 3 * 41 * 300, 3 * 300 * 59),
  product('empty inner dimension', { batch: 2, m: 3, k: 0, n: 4, transposeA: false, transposeB: false, aBatchStride: 0, bBatchStride: 0 }, 0, 0, new Array<number>(24).fill(0)),
];
