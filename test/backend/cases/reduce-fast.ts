/**
 * Kernel cases aimed at fast backends' axis kernels: large (multi-task) reductions in every
 * layout (contiguous rows, columns wider than one block, both), NaN and infinite values, empty
 * axes, and softmax/log-softmax on long rows and rows with infinities.
 */
import type { KernelCase } from '../kernel-suite.js';
import { randomValues, upload } from '../kernel-suite.js';
import type { AxisView, ReduceOp } from '../../../src/backend/kernels.js';

const ops: ReduceOp[] = ['sum', 'mean', 'max', 'min'];
const views: AxisView[] = [
  { outer: 1, size: 300001, inner: 1 },
  { outer: 333, size: 301, inner: 1 },
  { outer: 3, size: 71, inner: 1201 },
  { outer: 1, size: 3, inner: 100003 },
  { outer: 5, size: 0, inner: 3 },
  { outer: 4, size: 0, inner: 1 },
];

export const reduceFastCases: KernelCase[] = [
  ...ops.flatMap((op) =>
    views.map((view): KernelCase => ({
      name: `reduce ${op} over [${view.outer},${view.size},${view.inner}]`,
      // A float32 result of a 300k-term sum: the reference rounds its float64 sum once, a fast
      // kernel may round partial sums; both are within float32's precision of the magnitude.
      atol: 1e-3,
      run: (b) => {
        const n = view.outer * view.size * view.inner;
        const x = upload(b, randomValues(n, 12).map((v) => v + 0.25));
        const out = b.alloc('float32', view.outer * view.inner);
        b.reduce(op, x, view, out);
        return [out];
      },
    })),
  ),
  {
    name: 'reduce max/min/sum with NaN and infinities',
    run: (b) => {
      const x = upload(b, Float32Array.from([1, NaN, 3, 4, 5, 6, 7, -Infinity, 9, 10, Infinity, 12, 1, 2, 3, 4, 5, 6, 7, 8]));
      const rows = { outer: 4, size: 5, inner: 1 };
      const cols = { outer: 1, size: 4, inner: 5 };
      const outs = Array.from({ length: 6 }, () => b.alloc('float32', 5));
      b.reduce('max', x, rows, outs[0]!.subarray(0, 4));
      b.reduce('min', x, rows, outs[1]!.subarray(0, 4));
      b.reduce('sum', x, rows, outs[2]!.subarray(0, 4));
      b.reduce('max', x, cols, outs[3]!);
      b.reduce('min', x, cols, outs[4]!);
      b.reduce('sum', x, cols, outs[5]!);
      return outs;
    },
    expected: [
      [NaN, 10, Infinity, 8, 0],
      [NaN, -Infinity, 1, 4, 0],
      [NaN, -Infinity, Infinity, 30, 0],
      [Infinity, NaN, 6, 9, 10],
      [1, NaN, -Infinity, 2, 3],
      [Infinity, NaN, -Infinity, 22, 26],
    ],
  },
  ...[{ outer: 1, size: 200003, inner: 1 }, { outer: 517, size: 129, inner: 1 }, { outer: 3, size: 6, inner: 1 }].map((view): KernelCase => ({
    name: `softmax and logSoftmax over [${view.outer},${view.size},${view.inner}] (large logits)`,
    run: (b) => {
      const n = view.outer * view.size * view.inner;
      const x = upload(b, randomValues(n, 13).map((v) => v * 40));
      const s = b.alloc('float32', n);
      const l = b.alloc('float32', n);
      b.softmax(x, view, s);
      b.logSoftmax(x, view, l);
      return [s, l];
    },
    atol: 1e-6,
  })),
  {
    name: 'softmax and logSoftmax on rows with infinities and NaN',
    run: (b) => {
      const x = upload(b, Float32Array.from([0, -Infinity, 1, 2, Infinity, 1, -Infinity, -Infinity, 0, NaN, 1, 2]));
      const view = { outer: 4, size: 3, inner: 1 };
      const s = b.alloc('float32', 12);
      const l = b.alloc('float32', 12);
      b.softmax(x, view, s);
      b.logSoftmax(x, view, l);
      return [s, l];
    },
  },
];
