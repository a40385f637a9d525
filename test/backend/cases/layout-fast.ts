/**
 * Kernel cases for transposes that fast backends turn into batched 2-D transposes or block moves
 * (and some they must not): NHWC <-> NCHW, `[T, B, H] -> [B, T, H]`, matrix transposes with odd
 * sizes, size-1 axes, int32 data, large arrays.
 */
import type { KernelCase } from '../kernel-suite.js';
import { randomValues, upload } from '../kernel-suite.js';

const perms: [number[], number[]][] = [
  [[2, 3], [1, 0]],
  [[67, 131], [1, 0]],
  [[4, 9, 11, 5], [0, 3, 1, 2]], // NHWC -> NCHW
  [[4, 5, 9, 11], [0, 2, 3, 1]], // NCHW -> NHWC
  [[3, 1, 7, 1, 6], [4, 1, 0, 3, 2]],
  [[5, 6, 7], [2, 0, 1]],
  [[5, 6, 7], [1, 0, 2]], // swaps non-trailing axes: moves whole innermost blocks
  [[64, 32, 256], [1, 0, 2]], // [T, B, H] -> [B, T, H], large enough for threads
  [[2, 3, 4, 5], [0, 2, 1, 3]], // batched block transpose
  [[4, 6, 2, 3], [1, 0, 2, 3]], // a block of two innermost axes
  [[3, 4, 5, 2], [2, 0, 1, 3]], // groups [0, 1] and [2] swap over blocks of 2
  [[2, 3, 4, 5, 6], [2, 0, 3, 1, 4]], // the other axes interleave: not a block transpose
  [[2, 3, 4, 5], [3, 2, 1, 0]],
  [[3, 301, 257], [0, 2, 1]],
  [[1, 1, 1], [2, 1, 0]],
];

export const layoutFastCases: KernelCase[] = [
  ...perms.map(([shape, perm]): KernelCase => ({
    name: `transpose [${shape}] by [${perm}]`,
    run: (b) => {
      const n = shape.reduce((p, d) => p * d, 1);
      const out = b.alloc('float32', n);
      b.transpose(upload(b, randomValues(n, 21)), shape, perm, out);
      return [out];
    },
  })),
  {
    name: 'transpose int32 [3,4] by hand',
    run: (b) => {
      const out = b.alloc('int32', 12);
      b.transpose(upload(b, Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])), [3, 4], [1, 0], out);
      return [out];
    },
    expected: [[0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]],
  },
  {
    name: 'transpose int32 [2,3,2] by [1,0,2] (whole innermost blocks) by hand',
    run: (b) => {
      const out = b.alloc('int32', 12);
      b.transpose(upload(b, Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11])), [2, 3, 2], [1, 0, 2], out);
      return [out];
    },
    expected: [[0, 1, 6, 7, 2, 3, 8, 9, 4, 5, 10, 11]],
  },
];
