/**
 * Kernel cases: nearest and bilinear resize and their gradients. A resize is separable, so the
 * expected values are matrix products written here: `out = Rh · X · Rwᵀ` per image and channel,
 * `dx = Rhᵀ · dY · Rw`, with one interpolation matrix per axis built from the coordinate rule.
 * Tiny cases computed by hand pin the coordinate rules themselves.
 */
import type { KernelCase } from '../case-helpers.js';
import { randomValues, upload } from '../case-helpers.js';
import type { ResizeInfo } from '../../../src/backend/kernels.js';

type Method = 'nearest' | 'bilinear';

/** Row `dst` holds the weights output coordinate `dst` gives each input coordinate. */
function interpolationMatrix(method: Method, inSize: number, outSize: number, alignCorners: boolean): number[][] {
  return Array.from({ length: outSize }, (_, dst) => {
    const row = new Array<number>(inSize).fill(0);
    const ratio = alignCorners ? (outSize > 1 ? (inSize - 1) / (outSize - 1) : 0) : inSize / outSize;
    if (method === 'nearest') {
      const src = alignCorners ? Math.round(dst * ratio) : Math.min(Math.floor((dst * inSize) / outSize), inSize - 1);
      row[src] = 1;
    } else {
      // Half-pixel centres: output pixel dst covers [dst, dst+1) in output units, centre dst + 0.5.
      const src = alignCorners ? dst * ratio : Math.max((dst + 0.5) * ratio - 0.5, 0);
      const below = Math.floor(src);
      const frac = src - below;
      row[Math.min(below, inSize - 1)]! += 1 - frac;
      row[Math.min(below + 1, inSize - 1)]! += frac;
    }
    return row;
  });
}

/** `out[n, :, :, c] = A · X[n, :, :, c] · Bᵀ` with `A` `[outH, inH]` and `B` `[outW, inW]`. */
function separable(x: ArrayLike<number>, n: number, c: number, a: number[][], bm: number[][]): Float32Array {
  const [outH, inH, outW, inW] = [a.length, a[0]!.length, bm.length, bm[0]!.length];
  const out = new Float32Array(n * outH * outW * c);
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let i = 0; i < outH; i++)
        for (let j = 0; j < outW; j++) {
          let s = 0;
          for (let y = 0; y < inH; y++)
            for (let x0 = 0; x0 < inW; x0++) s += a[i]![y]! * x[((b * inH + y) * inW + x0) * c + ch]! * bm[j]![x0]!;
          out[((b * outH + i) * outW + j) * c + ch] = s;
        }
  return out;
}

function transposed(m: number[][]): number[][] {
  return m[0]!.map((_, j) => m.map((row) => row[j]!));
}

function resizeCase(method: Method, info: ResizeInfo, seed: number, given?: { x: number[]; dy: number[]; expected: number[][] }): KernelCase {
  const { batch, inHeight, inWidth, channels, outHeight, outWidth, alignCorners } = info;
  const xv = given ? Float32Array.from(given.x) : randomValues(batch * inHeight * inWidth * channels, seed);
  const dyv = given ? Float32Array.from(given.dy) : randomValues(batch * outHeight * outWidth * channels, seed + 1);
  const rows = interpolationMatrix(method, inHeight, outHeight, alignCorners);
  const cols = interpolationMatrix(method, inWidth, outWidth, alignCorners);
  return {
    name: `resize ${method} and backward: [${batch},${inHeight},${inWidth},${channels}] -> ${outHeight}x${outWidth} alignCorners ${alignCorners}`,
    run: (b) => {
      const out = b.alloc('float32', dyv.length) as Float32Array;
      const dx = b.alloc('float32', xv.length) as Float32Array;
      dx.fill(7); // the backward kernel must overwrite its output
      const [x, dy] = [upload(b, xv), upload(b, dyv)];
      if (method === 'nearest') {
        b.resizeNearest(x, out, info);
        b.resizeNearestBackward(dy, dx, info);
      } else {
        b.resizeBilinear(x, out, info);
        b.resizeBilinearBackward(dy, dx, info);
      }
      return [out, dx];
    },
    expected: given?.expected ?? [
      separable(xv, batch, channels, rows, cols),
      separable(dyv, batch, channels, transposed(rows), transposed(cols)),
    ],
  };
}

function info(batch: number, inHeight: number, inWidth: number, channels: number, outHeight: number, outWidth: number, alignCorners = false): ResizeInfo {
  return { batch, inHeight, inWidth, channels, outHeight, outWidth, alignCorners };
}

// Bilinear 2 -> 4 with half-pixel centres samples at 0, 0.25, 0.75, 1 (clamped at both ends).
const r = [0, 0.25, 0.75, 1];
// With aligned corners 2 -> 3 samples at 0, 0.5, 1.
const a = [0, 0.5, 1];

const sizes: [number, number, number, number][] = [
  [1, 1, 3, 3], [2, 3, 4, 6], [3, 5, 7, 9], [4, 6, 2, 3], [5, 7, 3, 2], [7, 3, 4, 8], [6, 6, 6, 6], [3, 4, 1, 1], [1, 5, 4, 1],
];

export const resizeCases: KernelCase[] = [
  resizeCase('bilinear', info(1, 2, 2, 1, 4, 4), 0, {
    // x = [[0,1],[2,3]] is 2·row + column, and bilinear reproduces it exactly: out[i][j] = 2·r[i] + r[j].
    x: [0, 1, 2, 3], dy: new Array<number>(16).fill(1),
    expected: [r.flatMap((ri) => r.map((rj) => 2 * ri + rj)), [4, 4, 4, 4]],
  }),
  resizeCase('bilinear', info(1, 2, 2, 1, 3, 3, true), 0, {
    x: [0, 1, 2, 3], dy: new Array<number>(9).fill(1),
    expected: [a.flatMap((ai) => a.map((aj) => 2 * ai + aj)), [2.25, 2.25, 2.25, 2.25]],
  }),
  resizeCase('bilinear', info(1, 1, 2, 1, 1, 4), 0, {
    // Weights per output column: [1,0], [.75,.25], [.25,.75], [0,1]; dx = Wᵀ·[1,2,3,4].
    x: [10, 20], dy: [1, 2, 3, 4],
    expected: [[10, 12.5, 17.5, 20], [1 + 1.5 + 0.75, 0.5 + 2.25 + 4]],
  }),
  resizeCase('nearest', info(1, 2, 3, 1, 4, 6), 0, {
    x: [1, 2, 3, 4, 5, 6], dy: new Array<number>(24).fill(1),
    expected: [[1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 4, 4, 5, 5, 6, 6], [4, 4, 4, 4, 4, 4]],
  }),
  resizeCase('nearest', info(1, 1, 5, 1, 1, 2), 0, {
    // Shrinking 5 -> 2 reads columns ⌊0·2.5⌋ = 0 and ⌊1·2.5⌋ = 2.
    x: [1, 2, 3, 4, 5], dy: [10, 20], expected: [[1, 3], [10, 0, 20, 0, 0]],
  }),
  resizeCase('nearest', info(1, 1, 2, 1, 1, 3, true), 0, {
    // Aligned corners 2 -> 3 reads round(0), round(0.5) = 1, round(1).
    x: [1, 2], dy: [1, 2, 3], expected: [[1, 2, 2], [1, 5]],
  }),
  ...sizes.flatMap(([ih, iw, oh, ow], i) =>
    (['nearest', 'bilinear'] as const).flatMap((method) =>
      [false, true].map((align) => resizeCase(method, info(2, ih, iw, 3, oh, ow, align), 700 + i * 2)),
    ),
  ),
];
