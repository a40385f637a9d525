/**
 * Kernel cases for the reductions beyond sum/mean/max/min: argmax/argmin (ties, NaN, int32),
 * logSumExp, prod, any/all on every dtype, and softmax/log-softmax along a non-last axis, in every
 * layout (contiguous rows, columns narrower and wider than one block) and above the sizes at which
 * fast backends split work over threads.
 */
import type { KernelCase } from '../case-helpers.js';
import { randomValues, upload } from '../case-helpers.js';
import type { AxisView } from '../../../src/backend/kernels.js';

const views: AxisView[] = [
  { outer: 7, size: 10, inner: 1 },
  { outer: 333, size: 301, inner: 1 },
  { outer: 1, size: 300001, inner: 1 },
  { outer: 3, size: 71, inner: 1201 },
  { outer: 1, size: 3, inner: 100003 },
  { outer: 5, size: 1, inner: 6 },
];

const shape = (v: AxisView): string => `[${v.outer},${v.size},${v.inner}]`;
const count = (v: AxisView): number => v.outer * v.size * v.inner;

/** Values in {-2, -1.5, ..., 2}: many ties, so the first-index rule is exercised. */
function tiedValues(n: number, seed: number): Float32Array {
  return randomValues(n, seed).map((v) => Math.round(v * 4) / 2);
}

const argCases: KernelCase[] = views.flatMap((view) => [
  {
    name: `reduce argmax/argmin float32 over ${shape(view)} (ties)`,
    run: (b) => {
      const x = upload(b, tiedValues(count(view), 21));
      const outs = [b.alloc('int32', view.outer * view.inner), b.alloc('int32', view.outer * view.inner)];
      b.reduce('argmax', x, view, outs[0]!);
      b.reduce('argmin', x, view, outs[1]!);
      return outs;
    },
  },
  {
    name: `reduce argmax/argmin float32 over ${shape(view)} (distinct values)`,
    run: (b) => {
      const x = upload(b, randomValues(count(view), 22));
      const outs = [b.alloc('int32', view.outer * view.inner), b.alloc('int32', view.outer * view.inner)];
      b.reduce('argmax', x, view, outs[0]!);
      b.reduce('argmin', x, view, outs[1]!);
      return outs;
    },
  },
  {
    name: `reduce argmax/argmin int32 over ${shape(view)}`,
    run: (b) => {
      const x = upload(b, Int32Array.from(randomValues(count(view), 23), (v) => Math.round(v * 1e9)));
      const outs = [b.alloc('int32', view.outer * view.inner), b.alloc('int32', view.outer * view.inner)];
      b.reduce('argmax', x, view, outs[0]!);
      b.reduce('argmin', x, view, outs[1]!);
      return outs;
    },
  },
  {
    name: `reduce logSumExp and prod over ${shape(view)}`,
    atol: 1e-4,
    run: (b) => {
      const x = upload(b, randomValues(count(view), 24).map((v) => v * 30));
      const p = upload(b, randomValues(count(view), 25).map((v) => 1 + v * 0.002));
      const outs = [b.alloc('float32', view.outer * view.inner), b.alloc('float32', view.outer * view.inner)];
      b.reduce('logSumExp', x, view, outs[0]!);
      b.reduce('prod', p, view, outs[1]!);
      return outs;
    },
  },
  {
    name: `reduce int32 sum/max/min over ${shape(view)} (sums wrap)`,
    run: (b) => {
      const x = upload(b, Int32Array.from(randomValues(count(view), 28), (v, i) => (i % 13 === 0 ? Math.trunc(v * 2 ** 31) : Math.round(v * 1000))));
      return (['sum', 'max', 'min'] as const).map((op) => {
        const out = b.alloc('int32', view.outer * view.inner);
        b.reduce(op, x, view, out);
        return out;
      });
    },
  },
  {
    name: `reduce any/all on bool, float32 and int32 over ${shape(view)}`,
    run: (b) => {
      const n = count(view);
      const r = randomValues(n, 26);
      // Mostly true with sparse false entries, and the reverse, so both early exits are reached.
      const bools = upload(b, Uint8Array.from(r, (v) => (v > -0.995 ? 1 : 0)));
      const floats = upload(b, r.map((v) => (v > 0.995 ? v : v > 0.99 ? NaN : v > 0 ? 0 : -0)));
      const ints = upload(b, Int32Array.from(r, (v) => (v > 0.99 ? 7 : 0)));
      const outs = Array.from({ length: 6 }, () => b.alloc('bool', view.outer * view.inner));
      [bools, floats, ints].forEach((x, k) => {
        b.reduce('any', x, view, outs[2 * k]!);
        b.reduce('all', x, view, outs[2 * k + 1]!);
      });
      return outs;
    },
  },
]);

const specialCases: KernelCase[] = [
  {
    name: 'reduce argmax/argmin with NaN, infinities and signed zeros (rows and columns)',
    run: (b) => {
      // Rows of 6: NaN late, NaN first, two NaNs, all -Inf, -0 before +0, ties of Inf.
      const x = upload(b, Float32Array.from([
        1, 5, 2, 5, NaN, 9,
        NaN, 1, 2, 3, 4, 5,
        0, -1, NaN, 7, NaN, 1,
        -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity,
        -0, 0, -0, 0, -1, 1,
        Infinity, 3, Infinity, -Infinity, 2, -Infinity,
      ]));
      const rows = { outer: 6, size: 6, inner: 1 };
      const cols = { outer: 1, size: 6, inner: 6 };
      const outs = Array.from({ length: 4 }, () => b.alloc('int32', 6));
      b.reduce('argmax', x, rows, outs[0]!);
      b.reduce('argmin', x, rows, outs[1]!);
      b.reduce('argmax', x, cols, outs[2]!);
      b.reduce('argmin', x, cols, outs[3]!);
      return outs;
    },
    expected: [
      [4, 0, 2, 0, 5, 0],
      [4, 0, 2, 0, 4, 3],
      [1, 0, 2, 2, 0, 0],
      [1, 3, 2, 3, 0, 3],
    ],
  },
  {
    name: 'reduce logSumExp and prod with NaN, infinities and zeros',
    run: (b) => {
      const x = upload(b, Float32Array.from([
        0, 0, 0, 0, 0,
        1, NaN, 2, 3, 4,
        -Infinity, -Infinity, -Infinity, -Infinity, -Infinity,
        1, Infinity, 2, 3, 4,
        -Infinity, 0, -Infinity, 0, Math.log(3),
      ]));
      const view = { outer: 5, size: 5, inner: 1 };
      const outs = [b.alloc('float32', 5), b.alloc('float32', 5)];
      b.reduce('logSumExp', x, view, outs[0]!);
      b.reduce('prod', x, view, outs[1]!);
      return outs;
    },
    expected: [
      [Math.log(5), NaN, -Infinity, Infinity, Math.log(5)],
      [0, NaN, -Infinity, Infinity, NaN],
    ],
  },
];

specialCases.push({
  name: 'reduce int32 sum/max/min by hand, and over an empty axis',
  run: (b) => {
    const x = upload(b, Int32Array.from([2147483647, 1, -5, 7, -2147483648, -1]));
    const outs = (['sum', 'max', 'min'] as const).flatMap((op) => {
      const rows = b.alloc('int32', 2);
      const cols = b.alloc('int32', 3);
      const empty = b.alloc('int32', 3);
      b.reduce(op, x, { outer: 2, size: 3, inner: 1 }, rows);
      b.reduce(op, x, { outer: 1, size: 2, inner: 3 }, cols);
      b.reduce(op, x, { outer: 3, size: 0, inner: 1 }, empty);
      return [rows, cols, empty];
    });
    return outs;
  },
  expected: [
    [2147483643, -2147483642], [-2147483642, -2147483647, -6], [0, 0, 0],
    [2147483647, 7], [2147483647, 1, -1], [0, 0, 0],
    [-5, -2147483648], [7, -2147483648, -5], [0, 0, 0],
  ],
});

const softmaxViews: AxisView[] = [
  { outer: 2, size: 6, inner: 3 },
  { outer: 517, size: 5, inner: 7 },
  { outer: 3, size: 71, inner: 1201 },
  { outer: 1, size: 3, inner: 100003 },
];

const softmaxCases: KernelCase[] = [
  ...softmaxViews.map((view): KernelCase => ({
    name: `softmax and logSoftmax along a non-last axis over ${shape(view)} (large logits)`,
    atol: 1e-6,
    run: (b) => {
      const x = upload(b, randomValues(count(view), 27).map((v) => v * 40));
      const s = b.alloc('float32', count(view));
      const l = b.alloc('float32', count(view));
      b.softmax(x, view, s);
      b.logSoftmax(x, view, l);
      return [s, l];
    },
  })),
  {
    name: 'softmax and logSoftmax along a non-last axis with infinities and NaN',
    run: (b) => {
      // [1, 3, 5]: columns (0, 1, 2), (-Inf, Inf, 1), (-Inf x3), (0, NaN, 1), (2, 2, 2).
      const x = upload(b, Float32Array.from([
        0, -Infinity, -Infinity, 0, 2,
        1, Infinity, -Infinity, NaN, 2,
        2, 1, -Infinity, 1, 2,
      ]));
      const view = { outer: 1, size: 3, inner: 5 };
      const s = b.alloc('float32', 15);
      const l = b.alloc('float32', 15);
      b.softmax(x, view, s);
      b.logSoftmax(x, view, l);
      return [s, l];
    },
  },
];

/** Every case of this file. */
export const reduceExtraCases: KernelCase[] = [...argCases, ...specialCases, ...softmaxCases];
