/**
 * Kernel cases: cumsum, gather, scatterAdd, oneHot, topK. Expected values come from by-hand examples
 * and from naive formulas over explicit `[outer, size, inner]` triple loops.
 */
import type { KernelCase } from '../case-helpers.js';
import { randomValues, upload } from '../case-helpers.js';
import type { AxisView } from '../../../src/backend/kernels.js';

const at = (view: AxisView, o: number, j: number, i: number): number => (o * view.size + j) * view.inner + i;

/** Running sums written as "sum of the elements before (or after) j", with no carried state. */
function naiveCumsum(x: Float32Array, view: AxisView, exclusive: boolean, reverse: boolean): Float32Array {
  const out = new Float32Array(x.length);
  for (let o = 0; o < view.outer; o++)
    for (let i = 0; i < view.inner; i++)
      for (let j = 0; j < view.size; j++) {
        let s = 0;
        for (let q = 0; q < view.size; q++) {
          const included = reverse ? (exclusive ? q > j : q >= j) : exclusive ? q < j : q <= j;
          if (included) s += x[at(view, o, q, i)]!;
        }
        out[at(view, o, j, i)] = s;
      }
  return out;
}

function naiveGather(x: Float32Array, view: AxisView, indices: number[]): Float32Array {
  const out = new Float32Array(view.outer * indices.length * view.inner);
  const outView = { ...view, size: indices.length };
  for (let o = 0; o < view.outer; o++)
    for (let j = 0; j < indices.length; j++)
      for (let i = 0; i < view.inner; i++) out[at(outView, o, j, i)] = x[at(view, o, indices[j]!, i)]!;
  return out;
}

/** Scatter-add as "for each destination, sum the updates whose index points at it". */
function naiveScatterAdd(updates: Float32Array, view: AxisView, indices: number[]): Float32Array {
  const out = new Float32Array(view.outer * view.size * view.inner);
  const inView = { ...view, size: indices.length };
  for (let o = 0; o < view.outer; o++)
    for (let d = 0; d < view.size; d++)
      for (let i = 0; i < view.inner; i++) {
        let s = 0;
        indices.forEach((index, j) => {
          if (index === d) s += updates[at(inView, o, j, i)]!;
        });
        out[at(view, o, d, i)] = s;
      }
  return out;
}

/** Top-k by repeatedly taking the largest remaining element (first one wins ties). */
function naiveTopK(x: Float32Array, outer: number, size: number, k: number): [Float32Array, Int32Array] {
  const values = new Float32Array(outer * k);
  const indices = new Int32Array(outer * k);
  for (let o = 0; o < outer; o++) {
    const taken = new Set<number>();
    for (let r = 0; r < k; r++) {
      let best = -1;
      for (let j = 0; j < size; j++) if (!taken.has(j) && (best < 0 || x[o * size + j]! > x[o * size + best]!)) best = j;
      taken.add(best);
      values[o * k + r] = x[o * size + best]!;
      indices[o * k + r] = best;
    }
  }
  return [values, indices];
}

const views: AxisView[] = [
  { outer: 1, size: 9, inner: 1 },
  { outer: 4, size: 6, inner: 1 },
  { outer: 3, size: 5, inner: 7 },
  { outer: 1, size: 4, inner: 10 },
];

const cumsumCases = views.flatMap((view) =>
  [[false, false], [true, false], [false, true], [true, true]].map(([exclusive, reverse]): KernelCase => {
    const x = randomValues(view.outer * view.size * view.inner, view.size);
    return {
      name: `cumsum over [${view.outer},${view.size},${view.inner}] exclusive=${exclusive} reverse=${reverse}`,
      run: (b) => {
        const out = b.alloc('float32', x.length);
        b.cumsum(upload(b, x), view, out, exclusive!, reverse!);
        return [out];
      },
      expected: [naiveCumsum(x, view, exclusive!, reverse!)],
    };
  }),
);

const gatherIndices = [[0], [3, 0, 3, 1], [2, 2, 2, 2, 2, 2, 2, 2], []];

const gatherCases = views.flatMap((view, v) => {
  const indices = gatherIndices[v]!.map((j) => Math.min(j, view.size - 1));
  const x = randomValues(view.outer * view.size * view.inner, 20 + v);
  const updates = randomValues(view.outer * indices.length * view.inner, 30 + v);
  const name = `[${view.outer},${view.size},${view.inner}] at [${indices.join(',')}]`;
  return [
    {
      name: `gather ${name}`,
      run: (b) => {
        const out = b.alloc('float32', view.outer * indices.length * view.inner);
        b.gather(upload(b, x), view, upload(b, Int32Array.from(indices)), out);
        return [out];
      },
      expected: [naiveGather(x, view, indices)],
    },
    {
      name: `scatterAdd ${name}`,
      run: (b) => {
        // Garbage in `out` must not survive: the kernel zeroes it first.
        const out = upload(b, new Float32Array(view.outer * view.size * view.inner).fill(5)) as Float32Array;
        b.scatterAdd(upload(b, updates), view, upload(b, Int32Array.from(indices)), out);
        return [out];
      },
      expected: [naiveScatterAdd(updates, view, indices)],
    },
  ] satisfies KernelCase[];
});

const topKShapes: [number, number, number][] = [[1, 10, 3], [5, 8, 8], [7, 33, 5], [3, 6, 0]];

const topKCases = topKShapes.map(([outer, size, k]): KernelCase => {
  // Rounded values produce ties, which must come out lower index first.
  const x = randomValues(outer * size, size).map((v) => Math.round(v * 4) / 4);
  return {
    name: `topK k=${k} of [${outer},${size}] with ties`,
    run: (b) => {
      const values = b.alloc('float32', outer * k);
      const indices = b.alloc('int32', outer * k) as Int32Array;
      b.topK(upload(b, x), outer, size, k, values, indices);
      return [values, indices];
    },
    expected: naiveTopK(x, outer, size, k),
  };
});

export const indexingCases: KernelCase[] = [
  ...cumsumCases,
  {
    name: 'cumsum by hand: [1,2,3,4] all four ways, and int32',
    run: (b) => {
      const x = upload(b, Float32Array.from([1, 2, 3, 4]));
      const view = { outer: 1, size: 4, inner: 1 };
      const outs = [0, 1, 2, 3].map(() => b.alloc('float32', 4));
      b.cumsum(x, view, outs[0]!, false, false);
      b.cumsum(x, view, outs[1]!, true, false);
      b.cumsum(x, view, outs[2]!, false, true);
      b.cumsum(x, view, outs[3]!, true, true);
      const ints = b.alloc('int32', 6);
      b.cumsum(upload(b, Int32Array.from([1, 2, 3, 4, 5, 6])), { outer: 1, size: 2, inner: 3 }, ints, false, false);
      return [...outs, ints];
    },
    expected: [[1, 3, 6, 10], [0, 1, 3, 6], [10, 9, 7, 4], [9, 7, 4, 0], [1, 2, 3, 5, 7, 9]],
  },
  ...gatherCases,
  {
    name: 'gather by hand: rows [2,0,2] of [[1,2],[3,4],[5,6]], and columns of an int32 matrix',
    run: (b) => {
      const rows = b.alloc('float32', 6);
      b.gather(upload(b, Float32Array.from([1, 2, 3, 4, 5, 6])), { outer: 1, size: 3, inner: 2 }, upload(b, Int32Array.from([2, 0, 2])), rows);
      const cols = b.alloc('int32', 4);
      b.gather(upload(b, Int32Array.from([1, 2, 3, 4, 5, 6])), { outer: 2, size: 3, inner: 1 }, upload(b, Int32Array.from([2, 1])), cols);
      return [rows, cols];
    },
    expected: [[5, 6, 1, 2, 5, 6], [3, 2, 6, 5]],
  },
  {
    name: 'scatterAdd by hand: repeated indices accumulate',
    run: (b) => {
      const out = b.alloc('float32', 6) as Float32Array;
      b.scatterAdd(upload(b, Float32Array.from([1, 10, 2, 20, 3, 30])), { outer: 1, size: 3, inner: 2 }, upload(b, Int32Array.from([0, 2, 0])), out);
      return [out];
    },
    expected: [[4, 40, 0, 0, 2, 20]],
  },
  {
    name: 'oneHot by hand: on/off values, an out-of-range index leaves its row off',
    run: (b) => {
      const out = b.alloc('float32', 12) as Float32Array;
      b.oneHot(upload(b, Int32Array.from([2, 0, -1, 3])), 3, 5, -1, out);
      return [out];
    },
    expected: [[-1, -1, 5, 5, -1, -1, -1, -1, -1, -1, -1, -1]],
  },
  ...topKCases,
  {
    name: 'topK by hand: ties lower index first, NaN largest, -Infinity last, int32',
    run: (b) => {
      const values = b.alloc('float32', 8);
      const indices = b.alloc('int32', 8) as Int32Array;
      b.topK(upload(b, Float32Array.from([3, 1, 3, 5, NaN, 2, -Infinity, 7, 7, 0])), 2, 5, 4, values, indices);
      const ivalues = b.alloc('int32', 2);
      const iindices = b.alloc('int32', 2) as Int32Array;
      b.topK(upload(b, Int32Array.from([4, 9, 9, 1])), 1, 4, 2, ivalues, iindices);
      return [values, indices, ivalues, iindices];
    },
    expected: [[NaN, 5, 3, 3, 7, 7, 2, 0], [4, 3, 0, 2, 2, 3, 0, 4], [9, 9], [1, 2]],
  },
];
