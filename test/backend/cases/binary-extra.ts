/**
 * Kernel cases for broadcasting binary ops outside float32 arithmetic: int32 add/sub/mul/maximum/
 * minimum (wrap-around and products beyond 2^53 included), float32 pow (every special-value pair),
 * and logicalAnd/logicalOr on bool, over each broadcast kind, odd sizes and sizes above the
 * threading threshold.
 */
import type { KernelCase } from '../case-helpers.js';
import { randomValues, upload } from '../case-helpers.js';
import type { BinaryOp } from '../../../src/backend/kernels.js';
import { sizeOf } from '../../../src/tensor/shape.js';

/** Broadcast patterns: [name, a shape, b shape, out shape]. */
const patterns: [string, number[], number[], number[]][] = [
  ['same shape, large', [3, 70001], [3, 70001], [3, 70001]],
  ['scalar right, large', [100003], [], [100003]],
  ['scalar left', [7, 9], [1], [7, 9]],
  ['row right', [301, 67], [67], [301, 67]],
  ['column right', [301, 67], [301, 1], [301, 67]],
  ['column x row', [37, 1], [1, 41], [37, 41]],
  ['middle axes', [3, 1, 5], [4, 1], [3, 4, 5]],
  ['large, middle axis broadcast', [30, 1, 3001], [30, 7, 1], [30, 7, 3001]],
];

const intOps: BinaryOp[] = ['add', 'sub', 'mul', 'maximum', 'minimum'];

/** int32 values: most small, some anywhere in the int32 range (sums wrap, products pass 2^53). */
function intValues(n: number, seed: number): Int32Array {
  const r = randomValues(2 * n, seed);
  return Int32Array.from({ length: n }, (_, i) => (r[2 * i]! > 0.8 ? Math.trunc(r[2 * i + 1]! * 2 ** 31) : Math.round(r[2 * i + 1]! * 1000)));
}

const specials = [0, -0, 1, -1, 2, -2, 0.5, -0.5, 3, -3, 2.5, -2.5, 1e-45, 1e-20, 1e20, -1e20, 88, -100, 1e38, Infinity, -Infinity, NaN];

export const binaryExtraCases: KernelCase[] = [
  ...patterns.flatMap(([name, aShape, bShape, outShape]): KernelCase[] => [
    {
      name: `binary int32 add/sub/mul/maximum/minimum, ${name}`,
      run: (b) => {
        const a = upload(b, intValues(sizeOf(aShape), 41));
        const c = upload(b, intValues(sizeOf(bShape), 42));
        return intOps.map((op) => {
          const out = b.alloc('int32', sizeOf(outShape));
          b.binary(op, a, aShape, c, bShape, out, outShape);
          return out;
        });
      },
    },
    {
      name: `binary pow float32, ${name}`,
      run: (b) => {
        const a = upload(b, randomValues(sizeOf(aShape), 43).map((v, i) => (i % 3 === 0 ? v * 4 : Math.abs(v) * 8)));
        const c = upload(b, randomValues(sizeOf(bShape), 44).map((v, i) => (i % 2 === 0 ? Math.round(v * 6) : v * 5)));
        const out = b.alloc('float32', sizeOf(outShape));
        b.binary('pow', a, aShape, c, bShape, out, outShape);
        return [out];
      },
    },
    {
      name: `binary logicalAnd/logicalOr on bool, ${name}`,
      run: (b) => {
        const a = upload(b, Uint8Array.from(randomValues(sizeOf(aShape), 45), (v) => (v > 0 ? 1 : 0)));
        const c = upload(b, Uint8Array.from(randomValues(sizeOf(bShape), 46), (v) => (v > -0.3 ? 1 : 0)));
        return (['logicalAnd', 'logicalOr'] as const).map((op) => {
          const out = b.alloc('bool', sizeOf(outShape));
          b.binary(op, a, aShape, c, bShape, out, outShape);
          return out;
        });
      },
    },
  ]),
  {
    name: 'binary pow float32 on every pair of special values (column x row), and to the scalar powers 2 and 3',
    run: (b) => {
      const n = specials.length;
      const a = upload(b, Float32Array.from(specials));
      const out = b.alloc('float32', n * n);
      b.binary('pow', a, [n, 1], a, [1, n], out, [n, n]);
      // A scalar exponent of 2 (a square) and of 3.
      const squares = b.alloc('float32', n);
      const cubes = b.alloc('float32', n);
      b.binary('pow', a, [n], upload(b, Float32Array.of(2)), [], squares, [n]);
      b.binary('pow', a, [n], upload(b, Float32Array.of(3)), [1], cubes, [n]);
      return [out, squares, cubes];
    },
  },
  {
    name: 'binary pow, int32 and logical ops by hand',
    run: (b) => {
      const pa = upload(b, Float32Array.from([2, -2, -8, 4, 0, NaN, 1, -1]));
      const pb = upload(b, Float32Array.from([10, 3, 1 / 3, -0.5, -1, 0, NaN, Infinity]));
      const pow = b.alloc('float32', 8);
      b.binary('pow', pa, [8], pb, [8], pow, [8]);
      const ia = upload(b, Int32Array.from([2147483647, -2147483648, 65536, 123456789, -7]));
      const ib = upload(b, Int32Array.from([1, 1, 65536, 987654321, 3]));
      const ints = intOps.map((op) => {
        const out = b.alloc('int32', 5);
        b.binary(op, ia, [5], ib, [5], out, [5]);
        return out;
      });
      const la = upload(b, Uint8Array.from([0, 0, 1, 1]));
      const lb = upload(b, Uint8Array.from([0, 1, 0, 1]));
      const logical = (['logicalAnd', 'logicalOr'] as const).map((op) => {
        const out = b.alloc('bool', 4);
        b.binary(op, la, [4], lb, [4], out, [4]);
        return out;
      });
      return [pow, ...ints, ...logical];
    },
    expected: [
      [1024, -8, NaN, 0.5, Infinity, 1, NaN, NaN],
      [-2147483648, -2147483647, 131072, 1111111110, -4],
      [2147483646, 2147483647, 0, -864197532, -10],
      // 2^16·2^16 wraps to 0; 123456789·987654321 = 121932631112635269 rounds in float64 to
      // 121932631112635264 before ToInt32 (the exact product would wrap to -67153019).
      [2147483647, -2147483648, 0, -67153024, -21],
      [2147483647, 1, 65536, 987654321, 3],
      [1, -2147483648, 65536, 123456789, -7],
      [0, 0, 0, 1],
      [0, 1, 1, 1],
    ],
  },
];
