/**
 * Kernel cases aimed at fast backends' indexing kernels: cumsum in every direction over rows and
 * over columns narrower and wider than one block, above the threading threshold, on float32 (with
 * NaN and infinities) and int32 (with wrap-around); topK with small and large k over long rows,
 * many rows above the threading threshold, ties, signed zeros, NaN and infinities; oneHot with
 * out-of-range indices, above the threading threshold.
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
  { outer: 5, size: 4, inner: 3 },
];
const modes: [boolean, boolean][] = [[false, false], [true, false], [false, true], [true, true]];
const count = (v: AxisView): number => v.outer * v.size * v.inner;

/** [outer, size, k] for topK. */
const topKShapes: [number, number, number][] = [[2048, 10, 3], [300, 1000, 5], [2, 100003, 1000], [7, 33, 33], [4, 5000, 4999], [3, 70001, 1]];

/** Values with many ties, a few signed zeros, NaN and infinities. */
function topKValues(n: number, seed: number): Float32Array {
  return randomValues(n, seed).map((v, i) =>
    i % 101 === 0 ? NaN : i % 103 === 0 ? Infinity : i % 107 === 0 ? -Infinity : i % 11 === 0 ? (i % 2 ? 0 : -0) : Math.round(v * 50) / 10);
}

export const indexingFastCases: KernelCase[] = [
  ...topKShapes.map(([outer, size, k]): KernelCase => ({
    name: `topK k=${k} of [${outer},${size}], float32 with ties, ±0, NaN and ±Inf, and int32`,
    run: (b) => {
      const x = upload(b, topKValues(outer * size, 91));
      const xi = upload(b, Int32Array.from(randomValues(outer * size, 92), (v) => Math.round(v * 100) * (2 ** 23)));
      const values = b.alloc('float32', outer * k);
      const indices = b.alloc('int32', outer * k) as Int32Array;
      const ivalues = b.alloc('int32', outer * k);
      const iindices = b.alloc('int32', outer * k) as Int32Array;
      b.topK(x, outer, size, k, values, indices);
      b.topK(xi, outer, size, k, ivalues, iindices);
      return [values, indices, ivalues, iindices];
    },
  })),
  ...views.map((view): KernelCase => ({
    name: `cumsum float32 and int32 over [${view.outer},${view.size},${view.inner}], all four modes`,
    // Running sums of up to 300k terms: float32 outputs of magnitudes up to a few hundred.
    atol: 1e-3,
    run: (b) => {
      const x = upload(b, randomValues(count(view), 81));
      const xi = upload(b, Int32Array.from(randomValues(count(view), 82), (v, i) => (i % 97 === 0 ? Math.trunc(v * 2 ** 31) : Math.round(v * 1000))));
      return modes.flatMap(([exclusive, reverse]) => {
        const out = b.alloc('float32', count(view));
        const outInt = b.alloc('int32', count(view));
        b.cumsum(x, view, out, exclusive, reverse);
        b.cumsum(xi, view, outInt, exclusive, reverse);
        return [out, outInt];
      });
    },
  })),
  ...([[32, 10], [4099, 97], [3, 70001]] as const).map(([rows, depth]): KernelCase => ({
    name: `oneHot of ${rows} indices, depth ${depth} (some out of range)`,
    run: (b) => {
      const indices = upload(b, Int32Array.from({ length: rows }, (_, i) => (i % 17 === 5 ? -1 : i % 19 === 3 ? depth : (i * 7919) % depth)));
      const out = b.alloc('float32', rows * depth) as Float32Array;
      out.fill(9); // every entry must be written
      b.oneHot(indices, depth, 0.9, -0.1, out);
      return [out];
    },
  })),
  {
    name: 'cumsum with NaN and infinities, rows and columns',
    run: (b) => {
      const x = upload(b, Float32Array.from([1, NaN, 2, 3, Infinity, 1, -Infinity, 2, 1, 1, 1, 1]));
      const rows = b.alloc('float32', 12);
      const cols = b.alloc('float32', 12);
      b.cumsum(x, { outer: 3, size: 4, inner: 1 }, rows, false, false);
      b.cumsum(x, { outer: 1, size: 3, inner: 4 }, cols, true, true);
      return [rows, cols];
    },
    expected: [
      [1, NaN, NaN, NaN, Infinity, Infinity, NaN, NaN, 1, 2, 3, 4],
      [Infinity, 2, -Infinity, 3, 1, 1, 1, 1, 0, 0, 0, 0],
    ],
  },
];
