/**
 * Kernel cases for the float32 functions that fast backends compute with their own approximations
 * (log, log1p, expm1, erf, gelu, softplus, elu, sin, cos, sign, isNaN, isFinite) and logicalNot: special values
 * (NaN, ±Inf, ±0, subnormals, the edges of each approximation's ranges), odd lengths, arrays above
 * the threading threshold over wide ranges, and sin/cos of arguments too large for a short reduction.
 */
import type { KernelCase } from '../case-helpers.js';
import { randomValues, upload } from '../case-helpers.js';
import type { UnaryOp } from '../../../src/backend/kernels.js';

const special = [
  NaN, Infinity, -Infinity, 0, -0, 1e-45, -1e-45, 1e-40, -1e-40, 1e-30, -1e-30, 1e-10, -1e-10, 1e-7, -1e-7, 1e-6, -1e-6,
  0.3466, -0.3466, 0.4999, -0.4999, 0.5, -0.5, 0.5001, -0.5001, 0.7071, 0.7072, 1, -1, -0.9999999, 1.5, -2.5, 3, -3, 5, -5,
  9.5, -9.5, 20, -20, 40, -40, 87, -87, 88.8, 89, -100, -104, -110, 1000.25, -12345.678, 999999, -999999, 1e30, -1e30, 3e38,
];

const ops: UnaryOp[] = ['log', 'log1p', 'expm1', 'erf', 'gelu', 'softplus', 'elu', 'sin', 'cos', 'sign'];

/** Inputs over many magnitudes: sign, exponent and mantissa drawn pseudo-randomly. */
function wideValues(n: number, seed: number): Float32Array {
  const r = randomValues(2 * n, seed);
  return Float32Array.from({ length: n }, (_, i) => Math.sign(r[2 * i]!) * Math.pow(10, r[2 * i + 1]! * 12));
}

export const unaryMathCases: KernelCase[] = [
  ...ops.map((op): KernelCase => ({
    name: `unary ${op}: special values, odd length, large arrays over narrow and wide ranges`,
    run: (b) => {
      const params = { alpha: 1.3 };
      const inputs = [
        Float32Array.from(special),
        randomValues(1031, 31).map((v) => v * 6),
        randomValues(200003, 32).map((v, i) => (i % 5 === 0 ? v * 200 : v * 4)),
        wideValues(70001, 33),
      ];
      return inputs.map((values) => {
        const x = upload(b, values);
        const out = b.alloc('float32', values.length);
        b.unary(op, x, out, params);
        return out;
      });
    },
  })),
  {
    name: 'unary isNaN and isFinite: special values and a large odd-length array',
    run: (b) => {
      const big = randomValues(100003, 34).map((v) => (v > 0.98 ? NaN : v < -0.98 ? Infinity * Math.sign(v + 0.99) : v));
      const outs: Uint8Array[] = [];
      for (const values of [Float32Array.from(special), big]) {
        const x = upload(b, values);
        for (const op of ['isNaN', 'isFinite'] as const) {
          const out = b.alloc('bool', values.length) as Uint8Array;
          b.unary(op, x, out);
          outs.push(out);
        }
      }
      return outs;
    },
  },
  {
    name: 'unary logicalNot on bool: odd lengths and a large array',
    run: (b) =>
      [5, 37, 100003].map((n) => {
        const x = upload(b, Uint8Array.from(randomValues(n, 36), (v) => (v > 0.1 ? 1 : 0)));
        const out = b.alloc('bool', n);
        b.unary('logicalNot', x, out);
        return out;
      }),
  },
  {
    name: 'unary sin/cos of arguments beyond 1e6 (exact reduction needed), mixed into a large array',
    run: (b) => {
      const values = randomValues(100003, 35).map((v, i) => (i === 77777 ? 3e7 : v * 100));
      const huge = Float32Array.from([1e7, -1e7, 123456789, 1e20, -3e38, 0.5, Infinity, NaN]);
      const outs: Float32Array[] = [];
      for (const input of [values, huge]) {
        const x = upload(b, input);
        for (const op of ['sin', 'cos'] as const) {
          const out = b.alloc('float32', input.length) as Float32Array;
          b.unary(op, x, out);
          outs.push(out);
        }
      }
      return outs;
    },
  },
  {
    name: 'unary log, expm1, erf, gelu, sin by hand',
    run: (b) => {
      const x = upload(b, Float32Array.from([1, Math.E, 0, -1, 1e-20]));
      const outs = (['log', 'expm1', 'erf', 'gelu', 'sin', 'sign'] as const).map((op) => {
        const out = b.alloc('float32', 5);
        b.unary(op, x, out);
        return out;
      });
      return outs;
    },
    expected: [
      [0, 1, -Infinity, NaN, Math.log(1e-20)],
      [Math.E - 1, Math.exp(Math.E) - 1, 0, Math.exp(-1) - 1, 1e-20],
      [0.8427007929497149, 0.9998790689599072, 0, -0.8427007929497149, 1.1283791670955127e-20],
      [0.8413447460685429, 2.709362885269809, 0, -0.15865525393145707, 5e-21],
      [Math.sin(1), Math.sin(Math.E), 0, -Math.sin(1), 1e-20],
      [1, 1, 0, -1, 1],
    ],
  },
];
