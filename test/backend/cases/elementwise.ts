/** Kernel cases: unary, binary (with broadcasting), select, cast. */
import type { KernelCase } from '../case-helpers.js';
import { randomValues, upload } from '../case-helpers.js';
import type { UnaryOp, BinaryOp } from '../../../src/backend/kernels.js';

const unaryOps: UnaryOp[] = ['neg', 'abs', 'sign', 'floor', 'ceil', 'round', 'exp', 'expm1', 'log1p', 'square', 'sin', 'cos', 'tanh', 'sigmoid', 'erf', 'relu', 'gelu', 'softplus'];
const binaryOps: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'minimum', 'maximum', 'squaredDifference', 'less', 'greaterEqual', 'reluGrad', 'sigmoidGrad', 'tanhGrad', 'geluGrad'];

export const elementwiseCases: KernelCase[] = [
  ...unaryOps.map((op): KernelCase => ({
    name: `unary ${op} (odd length 1031)`,
    run: (b) => {
      const x = upload(b, randomValues(1031, 3).map((v) => v * 4));
      const out = b.alloc('float32', 1031);
      b.unary(op, x, out);
      return [out];
    },
  })),
  {
    name: 'unary leakyRelu/elu/clip with params',
    run: (b) => {
      const x = upload(b, Float32Array.from([-2, -0.5, 0, 0.5, 2]));
      const outs = [b.alloc('float32', 5), b.alloc('float32', 5), b.alloc('float32', 5)];
      b.unary('leakyRelu', x, outs[0]!, { alpha: 0.1 });
      b.unary('elu', x, outs[1]!, { alpha: 1 });
      b.unary('clip', x, outs[2]!, { min: -1, max: 1 });
      return outs;
    },
    expected: [
      [-0.2, -0.05, 0, 0.5, 2],
      [Math.expm1(-2), Math.expm1(-0.5), 0, 0.5, 2],
      [-1, -0.5, 0, 0.5, 1],
    ],
  },
  {
    name: 'unary special values: sqrt, log, rsqrt, isNaN, isFinite',
    run: (b) => {
      const x = upload(b, Float32Array.from([4, 0, -1, NaN, Infinity]));
      const outs = [b.alloc('float32', 5), b.alloc('float32', 5), b.alloc('float32', 5)];
      b.unary('sqrt', x, outs[0]!);
      b.unary('log', x, outs[1]!);
      b.unary('rsqrt', x, outs[2]!);
      const nan = b.alloc('bool', 5);
      const fin = b.alloc('bool', 5);
      b.unary('isNaN', x, nan);
      b.unary('isFinite', x, fin);
      return [...outs, nan, fin];
    },
    expected: [
      [2, 0, NaN, NaN, Infinity],
      [Math.log(4), -Infinity, NaN, NaN, Infinity],
      [0.5, Infinity, NaN, NaN, 0],
      [0, 0, 0, 1, 0],
      [1, 1, 1, 0, 0],
    ],
  },
  ...binaryOps.map((op): KernelCase => ({
    name: `binary ${op} broadcast [3,1,5] x [4,1]`,
    run: (b) => {
      const a = upload(b, randomValues(15, 1));
      const c = upload(b, randomValues(4, 2).map((v) => v + 1.5));
      const bool = op === 'less' || op === 'greaterEqual';
      const out = b.alloc(bool ? 'bool' : 'float32', 60);
      b.binary(op, a, [3, 1, 5], c, [4, 1], out, [3, 4, 5]);
      return [out];
    },
  })),
  {
    name: 'binary add: same shape, scalar left, scalar right, broadcast middle axis',
    run: (b) => {
      const a = upload(b, Float32Array.from([1, 2, 3, 4, 5, 6]));
      const s = upload(b, Float32Array.from([10]));
      const row = upload(b, Float32Array.from([100, 200, 300]));
      const outs = [b.alloc('float32', 6), b.alloc('float32', 6), b.alloc('float32', 6), b.alloc('float32', 6)];
      b.binary('add', a, [2, 3], a, [2, 3], outs[0]!, [2, 3]);
      b.binary('sub', s, [], a, [2, 3], outs[1]!, [2, 3]);
      b.binary('sub', a, [2, 3], s, [], outs[2]!, [2, 3]);
      b.binary('add', a, [2, 3], row, [3], outs[3]!, [2, 3]);
      return outs;
    },
    expected: [
      [2, 4, 6, 8, 10, 12],
      [9, 8, 7, 6, 5, 4],
      [-9, -8, -7, -6, -5, -4],
      [101, 202, 303, 104, 205, 306],
    ],
  },
  {
    name: 'binary on int32: add, mod, floorDiv',
    run: (b) => {
      const a = upload(b, Int32Array.from([7, -7, 7, -7]));
      const c = upload(b, Int32Array.from([3, 3, -3, -3]));
      const outs = [b.alloc('int32', 4), b.alloc('int32', 4), b.alloc('int32', 4)];
      b.binary('add', a, [4], c, [4], outs[0]!, [4]);
      b.binary('mod', a, [4], c, [4], outs[1]!, [4]);
      b.binary('floorDiv', a, [4], c, [4], outs[2]!, [4]);
      return outs;
    },
    expected: [[10, -4, 4, -10], [1, 2, -2, -1], [2, -3, -3, 2]],
  },
  {
    name: 'select with broadcast condition',
    run: (b) => {
      const cond = upload(b, Uint8Array.from([1, 0, 1]));
      const x = upload(b, Float32Array.from([1, 2, 3, 4, 5, 6]));
      const y = upload(b, Float32Array.from([-1]));
      const out = b.alloc('float32', 6);
      b.select(cond, [3], x, [2, 3], y, [], out, [2, 3]);
      return [out];
    },
    expected: [[1, -1, 3, 4, -1, 6]],
  },
  {
    name: 'cast float32 -> int32 truncates, -> bool tests non-zero',
    run: (b) => {
      const x = upload(b, Float32Array.from([1.7, -1.7, 0, 0.2]));
      const i = b.alloc('int32', 4);
      const t = b.alloc('bool', 4);
      b.cast(x, i);
      b.cast(x, t);
      return [i, t];
    },
    expected: [[1, -1, 0, 0], [1, 1, 0, 1]],
  },
];
