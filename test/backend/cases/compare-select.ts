/**
 * Kernel cases of comparisons (binary ops with bool output) and select: NaN and signed zeros by
 * hand, broadcasts, int32 operands, odd lengths (vector tails) and lengths that spread over threads.
 */
import type { BinaryOp } from '../../../src/backend/kernels.js';
import type { KernelCase } from '../case-helpers.js';
import { randomValues, upload } from '../case-helpers.js';

const comparisons: BinaryOp[] = ['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'];
const size = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);

/** Rounded random values, so that equal pairs occur. */
const rounded = (n: number, seed: number): Float32Array => randomValues(n, seed).map((v) => Math.round(v * 3));

const a = Float32Array.from([1, NaN, 0, -0, -Infinity, 2, 5]);
const b = Float32Array.from([1, NaN, -0, 0, -Infinity, 3, NaN]);
const byHand: Record<string, number[]> = {
  equal: [1, 0, 1, 1, 1, 0, 0],
  notEqual: [0, 1, 0, 0, 0, 1, 1],
  less: [0, 0, 0, 0, 0, 1, 0],
  lessEqual: [1, 0, 1, 1, 1, 1, 0],
  greater: [0, 0, 0, 0, 0, 0, 0],
  greaterEqual: [1, 0, 1, 1, 1, 0, 0],
};

const compareCases: KernelCase[] = comparisons.flatMap((op): KernelCase[] => [
  {
    name: `binary ${op} by hand: NaN, signed zeros, infinities`,
    run: (k) => {
      const out = k.alloc('bool', a.length);
      k.binary(op, upload(k, a), [7], upload(k, b), [7], out, [7]);
      return [out];
    },
    expected: [byHand[op]!],
  },
  ...([
    // a, b, out
    [[1031], [1031], [1031]], [[3, 1, 5], [4, 1], [3, 4, 5]], [[1], [1031], [1031]], [[1031], [], [1031]], [[70001], [70001], [70001]],
    [[9, 7, 2, 3], [7, 1, 3], [9, 7, 2, 3]],
  ] as number[][][]).flatMap(([aShape, bShape, shape]): KernelCase[] => [
    {
      name: `binary ${op} float32 ${JSON.stringify(aShape)} x ${JSON.stringify(bShape)}`,
      run: (k) => {
        const out = k.alloc('bool', size(shape!));
        k.binary(op, upload(k, rounded(size(aShape!), 3)), aShape!, upload(k, rounded(size(bShape!), 4)), bShape!, out, shape!);
        return [out];
      },
    },
    {
      name: `binary ${op} int32 ${JSON.stringify(aShape)} x ${JSON.stringify(bShape)}`,
      run: (k) => {
        const out = k.alloc('bool', size(shape!));
        k.binary(op, upload(k, Int32Array.from(rounded(size(aShape!), 5))), aShape!, upload(k, Int32Array.from(rounded(size(bShape!), 6))), bShape!, out, shape!);
        return [out];
      },
    },
  ]),
]);

const selectShapes: [number[], number[], number[], number[]][] = [
  // cond, a, b, out
  [[1031], [1031], [1031], [1031]],
  [[1031], [1031], [], [1031]],
  [[1031], [], [1031], [1031]],
  [[], [1031], [1031], [1031]],
  [[70001], [70001], [70001], [70001]],
  [[1], [1], [1], [1]],
  [[4, 1], [4, 6], [1, 6], [4, 6]],
];

const selectCases: KernelCase[] = [
  {
    name: 'select by hand: full, scalar a, scalar condition',
    run: (k) => {
      const cond = upload(k, Uint8Array.from([1, 0, 0, 1, 1]));
      const x = upload(k, Float32Array.from([1, 2, 3, 4, 5]));
      const y = upload(k, Float32Array.from([-1, -2, -3, -4, -5]));
      const full = k.alloc('float32', 5);
      k.select(cond, [5], x, [5], y, [5], full, [5]);
      const scalarA = k.alloc('float32', 5);
      k.select(cond, [5], upload(k, Float32Array.of(9)), [], y, [5], scalarA, [5]);
      const scalarCond = k.alloc('float32', 5);
      k.select(upload(k, Uint8Array.of(0)), [], x, [5], y, [5], scalarCond, [5]);
      return [full, scalarA, scalarCond];
    },
    expected: [[1, -2, -3, 4, 5], [9, -2, -3, 9, 9], [-1, -2, -3, -4, -5]],
  },
  ...selectShapes.flatMap(([condShape, aShape, bShape, outShape]): KernelCase[] => (['float32', 'int32'] as const).map((dtype) => ({
    name: `select ${dtype} cond ${JSON.stringify(condShape)} a ${JSON.stringify(aShape)} b ${JSON.stringify(bShape)}`,
    run: (k) => {
      const make = (shape: number[], seed: number) => {
        const values = randomValues(size(shape), seed);
        return upload(k, dtype === 'float32' ? values : Int32Array.from(values, (v) => Math.round(v * 1000)));
      };
      const cond = upload(k, Uint8Array.from(randomValues(size(condShape), 7), (v) => (v > 0 ? 1 : 0)));
      const out = k.alloc(dtype, size(outShape));
      k.select(cond, condShape, make(aShape, 8), aShape, make(bShape, 9), bShape, out, outShape);
      return [out];
    },
  }))),
];

/** Comparison cases, then select cases. */
export const compareSelectCases: KernelCase[] = [...compareCases, ...selectCases];
