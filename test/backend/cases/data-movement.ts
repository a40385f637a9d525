/**
 * Kernel cases of gather / scatterAdd, cast, unit-step slices, assignSlice and constant padding at
 * sizes that exercise vector tails, several tasks and every dtype: by hand where the semantics have
 * corners (cast of NaN, infinities and out-of-range floats), against the reference elsewhere.
 */
import type { AxisView } from '../../../src/backend/kernels.js';
import type { KernelCase } from '../case-helpers.js';
import { randomValues, upload } from '../case-helpers.js';

const size = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);
const indicesFor = (n: number, range: number, seed: number): Int32Array =>
  Int32Array.from(randomValues(n, seed), (v) => Math.min(range - 1, Math.floor(((v + 1) / 2) * range)));

const gatherViews: [AxisView, number][] = [
  [{ outer: 1, size: 500, inner: 64 }, 1200],
  [{ outer: 3, size: 7, inner: 5 }, 9],
  [{ outer: 5, size: 9, inner: 1 }, 13],
  [{ outer: 1, size: 100000, inner: 1 }, 70001],
  [{ outer: 2, size: 4, inner: 3 }, 0],
  [{ outer: 1, size: 50, inner: 300 }, 400],
];

const gatherCases: KernelCase[] = gatherViews.flatMap(([view, m], v): KernelCase[] => {
  const name = `[${view.outer},${view.size},${view.inner}] at ${m} indices`;
  const n = size([view.outer, view.size, view.inner]);
  return [
    ...(['float32', 'int32', 'bool'] as const).map((dtype): KernelCase => ({
      name: `gather ${dtype} ${name}`,
      run: (b) => {
        const values = randomValues(n, 40 + v);
        const x = dtype === 'float32' ? values : dtype === 'int32' ? Int32Array.from(values, (x) => Math.round(x * 1e6)) : Uint8Array.from(values, (x) => (x > 0 ? 1 : 0));
        const out = b.alloc(dtype, view.outer * m * view.inner);
        b.gather(upload(b, x), view, indicesFor(m, view.size, v), out);
        return [out];
      },
    })),
    {
      name: `scatterAdd ${name} (repeated indices)`,
      run: (b) => {
        const out = upload(b, new Float32Array(n).fill(3));
        b.scatterAdd(upload(b, randomValues(view.outer * m * view.inner, 50 + v)), view, indicesFor(m, Math.max(1, Math.ceil(view.size / 3)), v), out);
        return [out];
      },
    },
  ];
});

const castInputs = Float32Array.from([0, -0, 0.5, -1.5, 2.9, -2.9, NaN, Infinity, -Infinity, 3e9, -3e9, 2147483648, -2147483648, 2147483520, 1e20, 7]);

const castCases: KernelCase[] = [
  {
    // 1e20 in float32 is a multiple of 2^43, so it wraps to 0; 3e9 wraps to 3e9 − 2^32.
    name: 'cast by hand: float32 -> int32 wraps like JavaScript, NaN and infinities give 0; -> bool tests non-zero',
    run: (b) => {
      const x = upload(b, castInputs);
      const toInt = b.alloc('int32', x.length);
      b.cast(x, toInt);
      const toBool = b.alloc('bool', x.length);
      b.cast(x, toBool);
      return [toInt, toBool];
    },
    expected: [
      [0, 0, 0, -1, 2, -2, 0, 0, 0, 3e9 - 2 ** 32, -3e9 + 2 ** 32, -2147483648, -2147483648, 2147483520, 0, 7],
      [0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    ],
  },
  {
    name: 'cast by hand: int32 -> float32 rounds to nearest, bool -> float32 and int32',
    run: (b) => {
      const ints = upload(b, Int32Array.from([16777217, -16777219, 0, 2147483647, -5]));
      const toFloat = b.alloc('float32', 5);
      b.cast(ints, toFloat);
      const bools = upload(b, Uint8Array.from([1, 0, 1, 1, 0]));
      const boolToFloat = b.alloc('float32', 5);
      b.cast(bools, boolToFloat);
      const boolToInt = b.alloc('int32', 5);
      b.cast(bools, boolToInt);
      const intToBool = b.alloc('bool', 5);
      b.cast(ints, intToBool);
      return [toFloat, boolToFloat, boolToInt, intToBool];
    },
    expected: [[16777216, -16777220, 0, 2147483648, -5], [1, 0, 1, 1, 0], [1, 0, 1, 1, 0], [1, 1, 0, 1, 1]],
  },
  ...[1031, 70001].flatMap((n): KernelCase[] => {
    const floats = randomValues(n, n).map((v) => v * 1000);
    const pairs = [['float32', 'int32'], ['int32', 'float32'], ['float32', 'bool'], ['int32', 'bool'], ['bool', 'float32'], ['bool', 'int32']] as const;
    return pairs.map(([from, to]): KernelCase => ({
      name: `cast ${from} -> ${to}, ${n} elements`,
      run: (b) => {
        const x = from === 'float32' ? floats : from === 'int32' ? Int32Array.from(floats, (v) => Math.round(v) % 3) : Uint8Array.from(floats, (v) => (v > 0 ? 1 : 0));
        const out = b.alloc(to, n);
        b.cast(upload(b, x), out);
        return [out];
      },
    }));
  }),
];

const slices: { shape: number[]; begin: number[]; outShape: number[] }[] = [
  { shape: [5, 7, 9], begin: [1, 2, 3], outShape: [3, 4, 5] },
  { shape: [4, 33], begin: [1, 0], outShape: [2, 33] },
  { shape: [6, 5, 4, 3], begin: [2, 0, 1, 0], outShape: [3, 5, 2, 3] },
  { shape: [300, 300], begin: [1, 2], outShape: [298, 296] },
  { shape: [2, 3, 2, 2, 2, 2, 3, 5], begin: [0, 1, 0, 1, 0, 1, 0, 1], outShape: [2, 2, 1, 1, 2, 1, 3, 3] },
  { shape: [3, 4], begin: [0, 0], outShape: [0, 4] },
];

const sliceCases: KernelCase[] = slices.flatMap(({ shape, begin, outShape }, s) => (['float32', 'int32', 'bool'] as const).map((dtype): KernelCase => ({
  name: `slice ${dtype} ${JSON.stringify(shape)} at [${begin.join(',')}] to ${JSON.stringify(outShape)}`,
  run: (b) => {
    const values = randomValues(size(shape), 60 + s);
    const x = dtype === 'float32' ? values : dtype === 'int32' ? Int32Array.from(values, (v) => Math.round(v * 1e6)) : Uint8Array.from(values, (v) => (v > 0 ? 1 : 0));
    const out = b.alloc(dtype, size(outShape));
    b.slice(upload(b, x), shape, begin, shape.map(() => 1), out, outShape);
    return [out];
  },
})));

const assigns: { srcShape: number[]; outShape: number[]; offset: number[] }[] = [
  { srcShape: [2, 3, 2], outShape: [4, 5, 3], offset: [1, 2, 1] },
  { srcShape: [3, 8], outShape: [7, 8], offset: [4, 0] },
  { srcShape: [250, 150], outShape: [300, 301], offset: [25, 151] },
  { srcShape: [1, 1], outShape: [3, 3], offset: [2, 2] },
];

const assignCases: KernelCase[] = assigns.map(({ srcShape, outShape, offset }, s): KernelCase => ({
  name: `assignSlice ${JSON.stringify(srcShape)} into ${JSON.stringify(outShape)} at [${offset.join(',')}]`,
  run: (b) => {
    const out = upload(b, randomValues(size(outShape), 70 + s));
    b.assignSlice(upload(b, randomValues(size(srcShape), 80 + s)), srcShape, out, outShape, offset);
    return [out];
  },
}));

const pads: { shape: number[]; paddings: [number, number][]; value: number }[] = [
  { shape: [3, 5, 7], paddings: [[1, 2], [0, 3], [2, 1]], value: 1.5 },
  { shape: [250, 300], paddings: [[3, 3], [5, 5]], value: -2 },
  { shape: [4, 6], paddings: [[0, 0], [0, 0]], value: 9 },
  { shape: [2, 3], paddings: [[1, 1], [1, 1]], value: NaN },
  { shape: [1, 7], paddings: [[0, 0], [3, 2]], value: 0 },
];

const padCases: KernelCase[] = pads.flatMap(({ shape, paddings, value }, p) => (['float32', 'int32'] as const).map((dtype): KernelCase => ({
  name: `pad constant ${dtype} ${JSON.stringify(shape)} by ${JSON.stringify(paddings)} with ${value}`,
  run: (b) => {
    const values = randomValues(size(shape), 90 + p);
    const x = dtype === 'float32' ? values : Int32Array.from(values, (v) => Math.round(v * 100));
    const out = b.alloc(dtype, size(shape.map((d, a) => d + paddings[a]![0] + paddings[a]![1])));
    b.pad(upload(b, x), shape, paddings, 'constant', value, out);
    return [out];
  },
})));

/** gather/scatterAdd, cast, slice, assignSlice and constant pad cases. */
export const dataMovementCases: KernelCase[] = [...gatherCases, ...castCases, ...sliceCases, ...assignCases, ...padCases];
