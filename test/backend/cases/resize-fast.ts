/**
 * Kernel cases aimed at fast backends' resize kernels: images large enough to be split over
 * threads (bands of rows that cross image boundaries), odd channel counts that leave vector tails,
 * shrinking and growing by non-integer factors, and NaN in neighbours whose weight is zero (which
 * must not reach the result).
 */
import type { KernelCase } from '../case-helpers.js';
import { randomValues, upload } from '../case-helpers.js';
import type { ResizeInfo } from '../../../src/backend/kernels.js';

const infos: ResizeInfo[] = [
  { batch: 2, inHeight: 37, inWidth: 41, channels: 5, outHeight: 75, outWidth: 83, alignCorners: false },
  { batch: 2, inHeight: 37, inWidth: 41, channels: 5, outHeight: 75, outWidth: 83, alignCorners: true },
  { batch: 1, inHeight: 64, inWidth: 64, channels: 16, outHeight: 128, outWidth: 128, alignCorners: false },
  { batch: 3, inHeight: 50, inWidth: 61, channels: 4, outHeight: 17, outWidth: 20, alignCorners: false },
  { batch: 9, inHeight: 7, inWidth: 9, channels: 3, outHeight: 31, outWidth: 29, alignCorners: true },
  { batch: 40, inHeight: 13, inWidth: 11, channels: 7, outHeight: 26, outWidth: 22, alignCorners: false },
];

const size = (i: ResizeInfo, side: 'in' | 'out'): number =>
  i.batch * i.channels * (side === 'in' ? i.inHeight * i.inWidth : i.outHeight * i.outWidth);

export const resizeFastCases: KernelCase[] = [
  ...infos.flatMap((info, k) =>
    (['nearest', 'bilinear'] as const).map((method): KernelCase => ({
      name: `resize ${method} and backward, large: [${info.batch},${info.inHeight},${info.inWidth},${info.channels}] -> ${info.outHeight}x${info.outWidth} alignCorners ${info.alignCorners}`,
      run: (b) => {
        const x = upload(b, randomValues(size(info, 'in'), 60 + k));
        const dy = upload(b, randomValues(size(info, 'out'), 70 + k));
        const out = b.alloc('float32', size(info, 'out')) as Float32Array;
        const dx = b.alloc('float32', size(info, 'in')) as Float32Array;
        dx.fill(7); // the backward kernel must overwrite its output
        if (method === 'nearest') {
          b.resizeNearest(x, out, info);
          b.resizeNearestBackward(dy, dx, info);
        } else {
          b.resizeBilinear(x, out, info);
          b.resizeBilinearBackward(dy, dx, info);
        }
        return [out, dx];
      },
    })),
  ),
  {
    name: 'resize: NaN in neighbours with zero weight stays out (nearest 1x5 -> 1x2, bilinear aligned 1x3 -> 1x5)',
    run: (b) => {
      const x = upload(b, Float32Array.from([1, NaN, 3, NaN, NaN]));
      const nearest = b.alloc('float32', 2) as Float32Array;
      b.resizeNearest(x, nearest, { batch: 1, inHeight: 1, inWidth: 5, channels: 1, outHeight: 1, outWidth: 2, alignCorners: false });
      // Aligned 3 -> 5 samples at 0, 0.5, 1, 1.5, 2: the middle output reads x[1] (= 4) with weight 1 only.
      const y = upload(b, Float32Array.from([2, 4, NaN]));
      const bilinear = b.alloc('float32', 5) as Float32Array;
      b.resizeBilinear(y, bilinear, { batch: 1, inHeight: 1, inWidth: 3, channels: 1, outHeight: 1, outWidth: 5, alignCorners: true });
      return [nearest, bilinear];
    },
    expected: [[1, 3], [2, 3, 4, NaN, NaN]],
  },
];
