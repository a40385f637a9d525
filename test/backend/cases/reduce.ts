/** Kernel cases: reductions, softmax, log-softmax, matmul. */
import type { KernelCase } from '../case-helpers.js';
import { randomValues, upload } from '../case-helpers.js';
import type { ReduceOp } from '../../../src/backend/kernels.js';

const ops: ReduceOp[] = ['sum', 'mean', 'prod', 'max', 'min', 'argmax', 'argmin', 'logSumExp'];
const views = [
  { outer: 1, size: 1000, inner: 1 },
  { outer: 7, size: 13, inner: 1 },
  { outer: 3, size: 5, inner: 11 },
  { outer: 1, size: 9, inner: 17 },
];

export const reduceCases: KernelCase[] = [
  ...ops.flatMap((op) =>
    views.map((view): KernelCase => ({
      name: `reduce ${op} over [${view.outer},${view.size},${view.inner}]`,
      rtol: op === 'prod' ? 1e-3 : 1e-4,
      run: (b) => {
        const n = view.outer * view.size * view.inner;
        const x = upload(b, randomValues(n, 5).map((v) => (op === 'prod' ? 1 + v * 0.01 : v)));
        const out = b.alloc(op.startsWith('arg') ? 'int32' : 'float32', view.outer * view.inner);
        b.reduce(op, x, view, out);
        return [out];
      },
    })),
  ),
  {
    name: 'reduce by hand: sum/max/argmax of [[1,5,2],[7,0,7]] along rows',
    run: (b) => {
      const x = upload(b, Float32Array.from([1, 5, 2, 7, 0, 7]));
      const view = { outer: 2, size: 3, inner: 1 };
      const s = b.alloc('float32', 2);
      const m = b.alloc('float32', 2);
      const a = b.alloc('int32', 2);
      b.reduce('sum', x, view, s);
      b.reduce('max', x, view, m);
      b.reduce('argmax', x, view, a);
      return [s, m, a];
    },
    expected: [[8, 14], [5, 7], [1, 0]],
  },
  {
    name: 'reduce any/all on bool',
    run: (b) => {
      const x = upload(b, Uint8Array.from([0, 0, 1, 1, 1, 1]));
      const view = { outer: 2, size: 3, inner: 1 };
      const anyOut = b.alloc('bool', 2);
      const allOut = b.alloc('bool', 2);
      b.reduce('any', x, view, anyOut);
      b.reduce('all', x, view, allOut);
      return [anyOut, allOut];
    },
    expected: [[1, 1], [0, 1]],
  },
  ...views.map((view): KernelCase => ({
    name: `softmax and logSoftmax over [${view.outer},${view.size},${view.inner}]`,
    run: (b) => {
      const n = view.outer * view.size * view.inner;
      const x = upload(b, randomValues(n, 9).map((v) => v * 30));
      const s = b.alloc('float32', n);
      const l = b.alloc('float32', n);
      b.softmax(x, view, s);
      b.logSoftmax(x, view, l);
      return [s, l];
    },
  })),
  {
    name: 'softmax by hand, large logits stay finite',
    run: (b) => {
      const x = upload(b, Float32Array.from([1000, 1000, 0, Math.log(3)]));
      const out = b.alloc('float32', 4);
      b.softmax(x, { outer: 2, size: 2, inner: 1 }, out);
      return [out];
    },
    expected: [[0.5, 0.5, 0.25, 0.75]],
  },
];

function naiveMatmul(a: Float32Array, b: Float32Array, m: number, k: number, n: number, ta: boolean, tb: boolean): Float32Array {
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let q = 0; q < k; q++) s += a[ta ? q * m + i : i * k + q]! * b[tb ? j * k + q : q * n + j]!;
      out[i * n + j] = s;
    }
  return out;
}

const matmulShapes: [number, number, number][] = [[1, 1, 1], [3, 5, 7], [17, 33, 9], [64, 64, 64], [67, 130, 35], [1, 300, 10]];

export const matmulCases: KernelCase[] = matmulShapes.flatMap(([m, k, n]) =>
  [[false, false], [true, false], [false, true], [true, true]].map(([ta, tb]): KernelCase => {
    const av = randomValues(m * k, m + 1);
    const bv = randomValues(k * n, n + 2);
    return {
      name: `matmul m=${m} k=${k} n=${n} transposeA=${ta} transposeB=${tb}`,
      atol: 1e-4,
      run: (b) => {
        const out = b.alloc('float32', m * n) as Float32Array;
        b.matmul(upload(b, av), upload(b, bv), out, { batch: 1, m, k, n, transposeA: ta!, transposeB: tb!, aBatchStride: 0, bBatchStride: 0 });
        return [out];
      },
      expected: [naiveMatmul(av, bv, m, k, n, ta!, tb!)],
    };
  }),
).concat([
  {
    name: 'matmul batched with broadcast b (stride 0)',
    atol: 1e-4,
    run: (b) => {
      const a = upload(b, randomValues(3 * 4 * 6, 1));
      const w = upload(b, randomValues(6 * 5, 2));
      const out = b.alloc('float32', 3 * 4 * 5) as Float32Array;
      b.matmul(a, w, out, { batch: 3, m: 4, k: 6, n: 5, transposeA: false, transposeB: false, aBatchStride: 24, bBatchStride: 0 });
      return [out];
    },
    expected: [(() => {
      const a = randomValues(72, 1);
      const w = randomValues(30, 2);
      const out = new Float32Array(60);
      for (let p = 0; p < 3; p++) out.set(naiveMatmul(a.subarray(p * 24, p * 24 + 24), w, 4, 6, 5, false, false), p * 20);
      return out;
    })()],
  },
]);
