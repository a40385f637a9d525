/**
 * Kernel cases: transpose, strided slice, assignSlice and pad. Expected values come from by-hand
 * examples and from naive per-element formulas (decompose every output index, map it back).
 */
import type { KernelCase } from '../case-helpers.js';
import { randomValues, upload } from '../case-helpers.js';
import type { PadMode } from '../../../src/backend/kernels.js';

/** The multi-index of flat position `flat` in a row-major `shape`. */
function unravel(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    index[a] = flat % shape[a]!;
    flat = Math.floor(flat / shape[a]!);
  }
  return index;
}

/** The flat position of `index` in a row-major `shape`. */
function ravel(index: readonly number[], shape: readonly number[]): number {
  return index.reduce((flat, i, a) => flat * shape[a]! + i, 0);
}

const size = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);

function naiveTranspose(x: Float32Array, shape: number[], perm: number[]): Float32Array {
  const outShape = perm.map((p) => shape[p]!);
  return Float32Array.from({ length: x.length }, (_, i) => {
    const outIndex = unravel(i, outShape);
    const inIndex = new Array<number>(shape.length);
    perm.forEach((p, k) => (inIndex[p] = outIndex[k]!));
    return x[ravel(inIndex, shape)]!;
  });
}

function naiveSlice(x: Float32Array, shape: number[], begin: number[], step: number[], outShape: number[]): Float32Array {
  return Float32Array.from({ length: size(outShape) }, (_, i) => {
    const j = unravel(i, outShape);
    return x[ravel(j.map((v, a) => begin[a]! + v * step[a]!), shape)]!;
  });
}

/** Where padded position `p` reads from, found by bouncing off the edges until inside (-1: constant). */
function naiveSource(p: number, before: number, n: number, mode: PadMode): number {
  let j = p - before;
  if (mode === 'constant') return j >= 0 && j < n ? j : -1;
  while (j < 0 || j >= n) {
    if (mode === 'reflect') j = j < 0 ? -j : 2 * (n - 1) - j;
    else j = j < 0 ? -1 - j : 2 * n - 1 - j;
  }
  return j;
}

function naivePad(x: Float32Array, shape: number[], paddings: [number, number][], mode: PadMode, value: number): Float32Array {
  const outShape = shape.map((d, a) => paddings[a]![0] + d + paddings[a]![1]);
  return Float32Array.from({ length: size(outShape) }, (_, i) => {
    const source = unravel(i, outShape).map((p, a) => naiveSource(p, paddings[a]![0], shape[a]!, mode));
    return source.includes(-1) ? value : x[ravel(source, shape)]!;
  });
}

const transposes: [number[], number[]][] = [
  [[3, 4], [1, 0]],
  [[2, 3, 4], [2, 0, 1]],
  [[2, 3, 4], [1, 2, 0]],
  [[2, 3, 4], [0, 2, 1]],
  [[2, 3, 4, 5], [0, 3, 1, 2]],
  [[2, 3, 4, 5], [3, 2, 1, 0]],
  [[2, 3, 4, 5], [0, 2, 3, 1]],
  [[2, 3, 1, 4, 3], [4, 0, 3, 2, 1]],
  [[3, 2, 2, 3, 2], [1, 3, 0, 4, 2]],
];

const transposeCases = transposes.map(([shape, perm]): KernelCase => {
  const x = randomValues(size(shape), shape.length + perm[0]!);
  return {
    name: `transpose ${JSON.stringify(shape)} by [${perm.join(',')}]`,
    run: (b) => {
      const out = b.alloc('float32', x.length);
      b.transpose(upload(b, x), shape, perm, out);
      return [out];
    },
    expected: [naiveTranspose(x, shape, perm)],
  };
});

const slices: { shape: number[]; begin: number[]; step: number[]; outShape: number[] }[] = [
  { shape: [10], begin: [9], step: [-1], outShape: [10] },
  { shape: [10], begin: [8], step: [-3], outShape: [3] },
  { shape: [4, 6], begin: [1, 5], step: [2, -2], outShape: [2, 3] },
  { shape: [3, 4, 5], begin: [2, 0, 4], step: [-1, 3, -1], outShape: [3, 2, 5] },
  { shape: [2, 3, 4, 5], begin: [1, 1, 3, 0], step: [-1, 1, -2, 2], outShape: [2, 2, 2, 3] },
  { shape: [5, 5], begin: [0, 0], step: [1, 1], outShape: [0, 5] },
];

const sliceCases = slices.map(({ shape, begin, step, outShape }): KernelCase => {
  const x = randomValues(size(shape), 3 + shape.length);
  return {
    name: `slice ${JSON.stringify(shape)} begin [${begin.join(',')}] step [${step.join(',')}]`,
    run: (b) => {
      const out = b.alloc('float32', size(outShape));
      b.slice(upload(b, x), shape, begin, step, out, outShape);
      return [out];
    },
    expected: [naiveSlice(x, shape, begin, step, outShape)],
  };
});

const pads: { shape: number[]; paddings: [number, number][]; mode: PadMode; value: number }[] = [
  { shape: [4, 5], paddings: [[1, 2], [3, 0]], mode: 'constant', value: -7 },
  { shape: [4, 5], paddings: [[3, 2], [1, 4]], mode: 'reflect', value: 0 },
  { shape: [4, 5], paddings: [[4, 2], [5, 1]], mode: 'symmetric', value: 0 },
  { shape: [2, 3, 4, 2], paddings: [[0, 0], [2, 2], [3, 3], [0, 1]], mode: 'reflect', value: 0 },
  { shape: [2, 3, 4, 2], paddings: [[1, 1], [3, 2], [1, 4], [0, 0]], mode: 'symmetric', value: 0 },
  { shape: [1, 3, 3, 1], paddings: [[0, 0], [1, 1], [1, 1], [0, 0]], mode: 'constant', value: 0 },
];

const padCases = pads.map(({ shape, paddings, mode, value }): KernelCase => {
  const x = randomValues(size(shape), 11 + shape.length);
  const expected = naivePad(x, shape, paddings, mode, value);
  return {
    name: `pad ${mode} ${JSON.stringify(shape)} by ${JSON.stringify(paddings)}`,
    run: (b) => {
      const out = b.alloc('float32', expected.length);
      b.pad(upload(b, x), shape, paddings, mode, value, out);
      return [out];
    },
    expected: [expected],
  };
});

export const layoutCases: KernelCase[] = [
  ...transposeCases,
  {
    name: 'transpose by hand: [[1,2,3],[4,5,6]] and int32',
    run: (b) => {
      const f = b.alloc('float32', 6);
      const i = b.alloc('int32', 6);
      b.transpose(upload(b, Float32Array.from([1, 2, 3, 4, 5, 6])), [2, 3], [1, 0], f);
      b.transpose(upload(b, Int32Array.from([1, 2, 3, 4, 5, 6])), [2, 3], [1, 0], i);
      return [f, i];
    },
    expected: [[1, 4, 2, 5, 3, 6], [1, 4, 2, 5, 3, 6]],
  },
  ...sliceCases,
  {
    name: 'slice by hand: [[1,2,3],[4,5,6]][::-1, 2::-2] and bool rows',
    run: (b) => {
      const out = b.alloc('float32', 4);
      b.slice(upload(b, Float32Array.from([1, 2, 3, 4, 5, 6])), [2, 3], [1, 2], [-1, -2], out, [2, 2]);
      const bools = b.alloc('bool', 2);
      b.slice(upload(b, Uint8Array.from([1, 0, 0, 1])), [2, 2], [1, 0], [-1, 1], bools, [2, 1]);
      return [out, bools];
    },
    expected: [[6, 4, 3, 1], [0, 1]],
  },
  {
    name: 'assignSlice by hand: [[1,2],[3,4]] into a 3×4 of -1 at [1,2]',
    run: (b) => {
      const out = upload(b, new Float32Array(12).fill(-1));
      b.assignSlice(upload(b, Float32Array.from([1, 2, 3, 4])), [2, 2], out, [3, 4], [1, 2]);
      return [out];
    },
    expected: [[-1, -1, -1, -1, -1, -1, 1, 2, -1, -1, 3, 4]],
  },
  {
    name: 'assignSlice [2,3,2] into [4,5,3] at [1,2,1] matches a naive placement',
    run: (b) => {
      const out = b.alloc('float32', 60);
      b.assignSlice(upload(b, randomValues(12, 4)), [2, 3, 2], out, [4, 5, 3], [1, 2, 1]);
      return [out];
    },
    expected: [(() => {
      const src = randomValues(12, 4);
      const out = new Float32Array(60);
      for (let i = 0; i < 12; i++) {
        const [p, q, r] = unravel(i, [2, 3, 2]);
        out[ravel([p! + 1, q! + 2, r! + 1], [4, 5, 3])] = src[i]!;
      }
      return out;
    })()],
  },
  ...padCases,
  {
    name: 'pad by hand: [1,2,3] constant 9, reflect and symmetric',
    run: (b) => {
      const x = upload(b, Float32Array.from([1, 2, 3]));
      const c = b.alloc('float32', 6);
      const r = b.alloc('float32', 7);
      const s = b.alloc('float32', 8);
      b.pad(x, [3], [[2, 1]], 'constant', 9, c);
      b.pad(x, [3], [[2, 2]], 'reflect', 0, r);
      b.pad(x, [3], [[3, 2]], 'symmetric', 0, s);
      return [c, r, s];
    },
    expected: [[9, 9, 1, 2, 3, 9], [3, 2, 1, 2, 3, 2, 1], [3, 2, 1, 1, 2, 3, 3, 2]],
  },
  {
    name: 'pad by hand: reflect a 2×2 int32 by one on each side',
    run: (b) => {
      const out = b.alloc('int32', 16);
      b.pad(upload(b, Int32Array.from([1, 2, 3, 4])), [2, 2], [[1, 1], [1, 1]], 'reflect', 0, out);
      return [out];
    },
    expected: [[4, 3, 4, 3, 2, 1, 2, 1, 4, 3, 4, 3, 2, 1, 2, 1]],
  },
];
