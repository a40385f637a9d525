/**
 * Kernel cases: matrix products with fewer than 16 columns (fast backends' narrow path: Dense layers
 * with few units), with every transpose combination, odd row counts (row-tile tails), inner
 * dimensions that are not a multiple of 4, column counts that leave partial column tiles, broadcast
 * batches, and sizes large enough to run threaded. The expected values of the small case are worked
 * out by hand.
 */
import type { KernelCase } from '../kernel-suite.js';
import { randomValues, upload } from '../kernel-suite.js';
import type { MatMulInfo } from '../../../src/backend/kernels.js';

function product(info: MatMulInfo, aSize: number, bSize: number): KernelCase {
  return {
    name: `matmul narrow: batch=${info.batch} m=${info.m} k=${info.k} n=${info.n} transposeA=${info.transposeA} transposeB=${info.transposeB}`,
    atol: 1e-4,
    rtol: 1e-4,
    run: (b) => {
      const out = b.alloc('float32', info.batch * info.m * info.n) as Float32Array;
      b.matmul(upload(b, randomValues(aSize, info.m + 3)), upload(b, randomValues(bSize, info.n + 5)), out, info);
      return [out];
    },
  };
}

function single(m: number, k: number, n: number, transposeA: boolean, transposeB: boolean): KernelCase {
  return product({ batch: 1, m, k, n, transposeA, transposeB, aBatchStride: 0, bBatchStride: 0 }, m * k, k * n);
}

const transposes: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];

export const gemmNarrowCases: KernelCase[] = [
  {
    // [[1,2,3],[4,5,6],[7,8,9]] · [[1,0],[0,1],[1,1]]: each row's first two entries plus its third.
    name: 'matmul narrow: 3x3 by 3x2 by hand',
    run: (b) => {
      const out = b.alloc('float32', 6) as Float32Array;
      const a = upload(b, Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]));
      const w = upload(b, Float32Array.from([1, 0, 0, 1, 1, 1]));
      b.matmul(a, w, out, { batch: 1, m: 3, k: 3, n: 2, transposeA: false, transposeB: false, aBatchStride: 0, bBatchStride: 0 });
      return [out];
    },
    expected: [[4, 5, 10, 11, 16, 17]],
  },
  // Small (one thread): every column count from 1 to 15 on odd shapes.
  ...transposes.flatMap(([ta, tb]) => [1, 4, 5, 7, 10, 15].map((n) => single(13, 37, n, ta, tb))),
  // Dense(21632 -> 10)-like shapes, scaled down but threaded: forward, and the weight gradient.
  ...transposes.map(([ta, tb]) => single(33, 6003, 10, ta, tb)),
  ...transposes.map(([ta, tb]) => single(2005, 33, 10, ta, tb)),
  single(1003, 1001, 13, true, false),
  single(1003, 1001, 3, false, false),
  product({ batch: 3, m: 41, k: 301, n: 9, transposeA: false, transposeB: false, aBatchStride: 41 * 301, bBatchStride: 0 }, 3 * 41 * 301, 301 * 9),
  product({ batch: 2, m: 27, k: 50, n: 6, transposeA: true, transposeB: true, aBatchStride: 27 * 50, bBatchStride: 50 * 6 }, 2 * 27 * 50, 2 * 50 * 6),
];
