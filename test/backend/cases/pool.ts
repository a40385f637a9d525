/**
 * Kernel cases: max and average pooling and their gradients. Expected values come from naive
 * formulas written here (a window scan per output; gradients as gathers over the outputs that use
 * each input) and from tiny cases computed by hand.
 */
import type { KernelCase } from '../case-helpers.js';
import { randomValues, upload } from '../case-helpers.js';
import type { Pool2DInfo } from '../../../src/backend/kernels.js';

interface PoolProblem {
  n: number; h: number; w: number; c: number;
  kh: number; kw: number; sh: number; sw: number;
  top: number; bottom: number; left: number; right: number;
  countIncludePad: boolean;
}

function infoOf(p: PoolProblem): Pool2DInfo {
  return {
    batch: p.n, inHeight: p.h, inWidth: p.w, channels: p.c,
    outHeight: Math.floor((p.h + p.top + p.bottom - p.kh) / p.sh) + 1,
    outWidth: Math.floor((p.w + p.left + p.right - p.kw) / p.sw) + 1,
    filterHeight: p.kh, filterWidth: p.kw, strideHeight: p.sh, strideWidth: p.sw,
    padTop: p.top, padLeft: p.left, countIncludePad: p.countIncludePad,
  };
}

/** Input indices inside the window of each output, in row-major window order, per output (NHWC order). */
function windows(p: PoolProblem): number[][] {
  const { outHeight, outWidth } = infoOf(p);
  const result: number[][] = [];
  for (let n = 0; n < p.n; n++)
    for (let oy = 0; oy < outHeight; oy++)
      for (let ox = 0; ox < outWidth; ox++)
        for (let c = 0; c < p.c; c++) {
          const cells: number[] = [];
          for (let ky = 0; ky < p.kh; ky++)
            for (let kx = 0; kx < p.kw; kx++) {
              const y = oy * p.sh + ky - p.top;
              const x = ox * p.sw + kx - p.left;
              if (y >= 0 && y < p.h && x >= 0 && x < p.w) cells.push(((n * p.h + y) * p.w + x) * p.c + c);
            }
          result.push(cells);
        }
  return result;
}

/** PyTorch's scan: a cell wins when it is greater or NaN, so ties keep the first and NaNs the last. */
function naiveArgmax(x: Float32Array, p: PoolProblem): number[] {
  return windows(p).map((cells) => cells.reduce((best, i) => (x[i]! > x[best]! || Number.isNaN(x[i]!) ? i : best), cells[0]!));
}

function naiveMaxPool(x: Float32Array, dy: Float32Array, p: PoolProblem): number[][] {
  const argmax = naiveArgmax(x, p);
  const dx = Array.from(x, (_, i) => argmax.reduce((s, a, o) => (a === i ? s + dy[o]! : s), 0));
  return [argmax.map((i) => x[i]!), argmax, dx];
}

function naiveAvgPool(x: Float32Array, dy: Float32Array, p: PoolProblem): number[][] {
  const ws = windows(p);
  const divisor = (cells: number[]): number => (p.countIncludePad ? p.kh * p.kw : cells.length);
  const out = ws.map((cells) => cells.reduce((s, i) => s + x[i]!, 0) / divisor(cells));
  const dx = Array.from(x, (_, i) => ws.reduce((s, cells, o) => (cells.includes(i) ? s + dy[o]! / divisor(cells) : s), 0));
  return [out, dx];
}

function describe(p: PoolProblem): string {
  return `x [${p.n},${p.h},${p.w},${p.c}] window ${p.kh}x${p.kw} strides ${p.sh}x${p.sw} pad [[${p.top},${p.bottom}],[${p.left},${p.right}]]`;
}

function maxPoolCase(p: PoolProblem, xv: Float32Array, dyv: Float32Array, expected?: number[][]): KernelCase {
  const info = infoOf(p);
  const outSize = p.n * info.outHeight * info.outWidth * p.c;
  return {
    name: `maxPool2d and backward: ${describe(p)}`,
    run: (b) => {
      const out = b.alloc('float32', outSize) as Float32Array;
      const argmax = b.alloc('int32', outSize) as Int32Array;
      const dx = b.alloc('float32', xv.length) as Float32Array;
      dx.fill(7); // the backward kernel must overwrite its output
      b.maxPool2d(upload(b, xv), out, argmax, info);
      b.maxPool2dBackward(upload(b, dyv), argmax, dx, info);
      return [out, argmax, dx];
    },
    expected: expected ?? naiveMaxPool(xv, dyv, p),
  };
}

function avgPoolCase(p: PoolProblem, xv: Float32Array, dyv: Float32Array, expected?: number[][]): KernelCase {
  const info = infoOf(p);
  const outSize = p.n * info.outHeight * info.outWidth * p.c;
  return {
    name: `avgPool2d and backward (countIncludePad ${p.countIncludePad}): ${describe(p)}`,
    run: (b) => {
      const out = b.alloc('float32', outSize) as Float32Array;
      const dx = b.alloc('float32', xv.length) as Float32Array;
      dx.fill(7);
      b.avgPool2d(upload(b, xv), out, info);
      b.avgPool2dBackward(upload(b, dyv), dx, info);
      return [out, dx];
    },
    expected: expected ?? naiveAvgPool(xv, dyv, p),
  };
}

const base = { n: 1, c: 1, sh: 1, sw: 1, top: 0, bottom: 0, left: 0, right: 0, countIncludePad: true };

/** Random problems: odd sizes, windows 1-4, strides 1-3, padding up to half the window (as the ops allow). */
function randomProblems(count: number): PoolProblem[] {
  const problems: PoolProblem[] = [];
  const r = randomValues(count * 40, 77);
  let k = 0;
  const pick = (lo: number, hi: number): number => lo + Math.floor(((r[k++ % r.length]! + 1) / 2) * (hi - lo + 1));
  while (problems.length < count) {
    const kh = pick(1, 4);
    const kw = pick(1, 4);
    const p: PoolProblem = {
      n: pick(1, 2), h: pick(1, 9), w: pick(1, 9), c: pick(1, 3), kh, kw, sh: pick(1, 3), sw: pick(1, 3),
      top: pick(0, kh >> 1), bottom: pick(0, kh >> 1), left: pick(0, kw >> 1), right: pick(0, kw >> 1),
      countIncludePad: pick(0, 1) === 1,
    };
    const info = infoOf(p);
    if (info.outHeight > 0 && info.outWidth > 0) problems.push(p);
  }
  return problems;
}

function randomCases(p: PoolProblem, seed: number, nans = false): KernelCase[] {
  const { outHeight, outWidth } = infoOf(p);
  // With `nans`, about one input in five is NaN (windows with one, several or none).
  const xv = randomValues(p.n * p.h * p.w * p.c, seed).map((v, i) => (nans && (i * 7 + seed) % 5 === 0 ? NaN : v));
  const dyv = randomValues(p.n * outHeight * outWidth * p.c, seed + 1);
  return [maxPoolCase(p, xv, dyv), avgPoolCase(p, xv, dyv)];
}

const byHand4x4 = Float32Array.from([1, 5, 2, 0, 3, 4, 8, 8, 0, -1, 6, 2, 9, -2, 7, 7]);

export const poolCases: KernelCase[] = [
  // 2x2 windows over a 4x4 image; the tie 8/8 goes to the first (index 6), as does 7/7 (index 14).
  maxPoolCase({ ...base, h: 4, w: 4, kh: 2, kw: 2, sh: 2, sw: 2 }, byHand4x4, Float32Array.from([1, 2, 3, 4]), [
    [5, 8, 9, 7], [1, 6, 12, 14], [0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4, 0],
  ]),
  // All inputs negative with padding 1: padding never wins, so the maxima are the inputs themselves.
  maxPoolCase({ ...base, h: 2, w: 2, kh: 2, kw: 2, sh: 2, sw: 2, top: 1, bottom: 1, left: 1, right: 1 },
    Float32Array.from([-1, -2, -3, -4]), Float32Array.from([1, 2, 3, 4]), [[-1, -2, -3, -4], [0, 1, 2, 3], [1, 2, 3, 4]]),
  avgPoolCase({ ...base, h: 4, w: 4, kh: 2, kw: 2, sh: 2, sw: 2 }, byHand4x4, Float32Array.from([4, 8, 4, 8]), [
    [13 / 4, 18 / 4, 6 / 4, 22 / 4], [1, 1, 2, 2, 1, 1, 2, 2, 1, 1, 2, 2, 1, 1, 2, 2],
  ]),
  // 3x3 windows, stride 1, padding 1 on a 2x2 image of ones: every window holds 4 cells.
  avgPoolCase({ ...base, h: 2, w: 2, kh: 3, kw: 3, top: 1, bottom: 1, left: 1, right: 1, countIncludePad: true },
    Float32Array.from([1, 1, 1, 1]), Float32Array.from([9, 9, 9, 9]), [[4 / 9, 4 / 9, 4 / 9, 4 / 9], [4, 4, 4, 4]]),
  avgPoolCase({ ...base, h: 2, w: 2, kh: 3, kw: 3, top: 1, bottom: 1, left: 1, right: 1, countIncludePad: false },
    Float32Array.from([1, 2, 3, 4]), Float32Array.from([4, 4, 4, 4]), [[2.5, 2.5, 2.5, 2.5], [4, 4, 4, 4]]),
  ...randomProblems(24).flatMap((p, i) => randomCases(p, 500 + i * 2)),
  // NaN wins a max window (the last NaN of the window, as PyTorch) and makes its average NaN.
  ...randomProblems(12).flatMap((p, i) => randomCases({ ...p, c: p.c + 4 }, 900 + i * 2, true)),
  // Two NaNs in one 2x2 window (channels 4: the vector path; the 1-channel problem: the scalar one).
  maxPoolCase({ ...base, h: 2, w: 2, kh: 2, kw: 2, sh: 2, sw: 2 }, Float32Array.from([NaN, 5, NaN, 1]), Float32Array.from([3]), [[NaN], [2], [0, 0, 3, 0]]),
];
