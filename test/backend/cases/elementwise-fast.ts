/**
 * Kernel cases aimed at fast backends' elementwise paths: every vectorised op on large (multi-task)
 * arrays with odd lengths, each broadcast kind (same shape, scalar either side, row over leading
 * axes, column over trailing axes, row x column), and special values (NaN, ±Inf, ±0, overflow and
 * underflow ranges of exp, tiny arguments of tanh).
 */
import type { KernelCase } from '../kernel-suite.js';
import { randomValues, upload } from '../kernel-suite.js';
import type { BinaryOp, UnaryOp } from '../../../src/backend/kernels.js';

const special = [NaN, Infinity, -Infinity, 0, -0, 1e-30, -1e-30, 1e-6, -1e-6, 0.5, -0.5, 1.5, 2.5, -2.5, 20, -20, 40, -40, 87, -87, 88.5, 88.8, 89, -88, -100, -103, -104, -110, 1e30, -1e30];

const unaryOps: UnaryOp[] = ['neg', 'abs', 'square', 'sqrt', 'rsqrt', 'reciprocal', 'floor', 'ceil', 'round', 'relu', 'exp', 'sigmoid', 'tanh'];
const binaryOps: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'minimum', 'maximum', 'squaredDifference', 'reluGrad', 'sigmoidGrad', 'tanhGrad', 'geluGrad'];

/** Broadcast patterns: [a shape, b shape, out shape]. */
const patterns: [string, number[], number[], number[]][] = [
  ['same shape, large', [3, 70001], [3, 70001], [3, 70001]],
  ['scalar right, large', [100003], [], [100003]],
  ['scalar left', [7, 9], [1], [7, 9]],
  ['row right (bias)', [301, 67], [67], [301, 67]],
  ['row left', [5, 13], [4, 5, 13], [4, 5, 13]],
  ['column right', [301, 67], [301, 1], [301, 67]],
  ['column left over two trailing axes', [6, 1, 1], [6, 5, 7], [6, 5, 7]],
  ['column x row', [37, 1], [1, 41], [37, 41]],
  ['per image and channel (instance norm)', [4, 17, 19, 12], [4, 1, 1, 12], [4, 17, 19, 12]],
  ['middle axes', [3, 1, 5], [4, 1], [3, 4, 5]],
  ['large, middle axis broadcast', [30, 1, 3001], [30, 7, 1], [30, 7, 3001]],
  ['thirteen alternating axes (no coalescing)', [2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2], [1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1], Array<number>(13).fill(2)],
];

export const elementwiseFastCases: KernelCase[] = [
  ...unaryOps.map((op): KernelCase => ({
    name: `unary ${op}: special values and a large odd-length array`,
    run: (b) => {
      const big = randomValues(200003, 4).map((v, i) => (i % 7 === 0 ? v * 100 : v * 3));
      const xs = upload(b, Float32Array.from(special));
      const xb = upload(b, big);
      const outs = [b.alloc('float32', special.length), b.alloc('float32', big.length)];
      b.unary(op, xs, outs[0]!);
      b.unary(op, xb, outs[1]!);
      return outs;
    },
  })),
  {
    name: 'unary leakyRelu and clip on special values and a large array',
    run: (b) => {
      const xs = upload(b, Float32Array.from(special));
      const xb = upload(b, randomValues(70001, 8).map((v) => v * 5));
      const outs = [b.alloc('float32', special.length), b.alloc('float32', special.length), b.alloc('float32', 70001), b.alloc('float32', 70001)];
      b.unary('leakyRelu', xs, outs[0]!, { alpha: 0.2 });
      b.unary('clip', xs, outs[1]!, { min: -2, max: 3 });
      b.unary('leakyRelu', xb, outs[2]!, { alpha: 0.01 });
      b.unary('clip', xb, outs[3]!, { min: -1, max: 1 });
      return outs;
    },
  },
  {
    name: 'unary exp/sigmoid/tanh by hand',
    run: (b) => {
      const x = upload(b, Float32Array.from([0, 1, -1, 1e-4, 100, -200]));
      const outs = [b.alloc('float32', 6), b.alloc('float32', 6), b.alloc('float32', 6)];
      b.unary('exp', x, outs[0]!);
      b.unary('sigmoid', x, outs[1]!);
      b.unary('tanh', x, outs[2]!);
      return outs;
    },
    atol: 1e-7,
    rtol: 1e-6,
    expected: [
      [1, Math.E, 1 / Math.E, Math.exp(1e-4), Infinity, 0],
      [0.5, 1 / (1 + Math.exp(-1)), 1 / (1 + Math.E), 1 / (1 + Math.exp(-1e-4)), 1, 0],
      [0, Math.tanh(1), -Math.tanh(1), Math.tanh(1e-4), 1, -1],
    ],
  },
  ...binaryOps.flatMap((op) =>
    patterns.map(([label, aShape, bShape, outShape]): KernelCase => ({
      name: `binary ${op}: ${label} [${aShape}] x [${bShape}]`,
      run: (b) => {
        const size = (s: number[]): number => s.reduce((p, d) => p * d, 1);
        // Fused gradients square their second input: where float32 overflows and float64 does not,
        // results legitimately differ, and real inputs (activations in [-1, 1]) never go there.
        const values = op.endsWith('Grad') ? special.filter((v) => !(Math.abs(v) > 1e18 && Number.isFinite(v))) : special;
        const av = randomValues(size(aShape), 5).map((v, i) => (i % 11 === 0 ? values[i % values.length]! : v * 3));
        const bv = randomValues(size(bShape), 6).map((v, i) => (i % 13 === 0 ? values[(i + 3) % values.length]! : v * 3 + 0.1));
        const out = b.alloc('float32', size(outShape));
        b.binary(op, upload(b, av), aShape, upload(b, bv), bShape, out, outShape);
        return [out];
      },
    })),
  ),
  {
    name: 'binary by hand: minimum/maximum with NaN and signed zeros, reluGrad at 0 and NaN',
    run: (b) => {
      const x = upload(b, Float32Array.from([1, NaN, -0, 3, 0]));
      const y = upload(b, Float32Array.from([2, 1, 0, NaN, 5]));
      const outs = [b.alloc('float32', 5), b.alloc('float32', 5), b.alloc('float32', 5)];
      b.binary('minimum', x, [5], y, [5], outs[0]!, [5]);
      b.binary('maximum', x, [5], y, [5], outs[1]!, [5]);
      b.binary('reluGrad', y, [5], x, [5], outs[2]!, [5]);
      return outs;
    },
    // reluGrad passes dy where x is NaN (PyTorch's threshold_backward tests x <= 0).
    expected: [[1, NaN, -0, NaN, 0], [2, NaN, 0, NaN, 5], [2, 1, 0, NaN, 0]],
  },
];
