/** resizeNearest, resizeBilinear and upsample2d: values, shapes, errors, gradients. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ArgumentError, DTypeError, Random, ShapeError, Tensor, checkGradients, mul, resizeBilinear, resizeNearest, sum, tensor,
  upsample2d, valueAndGrad, zeros,
} from '../../src/index.js';
import { assertClose } from '../helpers/assert-close.js';

const rng = new Random(3);

function weightedSum(y: Tensor, seed: number): Tensor {
  return sum(mul(y, new Random(seed).normal([...y.shape])));
}

test('resizeBilinear: half-pixel centres reproduce a linear ramp, clamped at the borders', () => {
  // x = 2·row + column; 2 -> 4 samples rows and columns at 0, 0.25, 0.75, 1.
  const x = tensor([0, 1, 2, 3], [1, 2, 2, 1]);
  const r = [0, 0.25, 0.75, 1];
  const y = resizeBilinear(x, [4, 4]);
  assert.deepEqual(y.shape, [1, 4, 4, 1]);
  assertClose(y, r.flatMap((ri) => r.map((rj) => 2 * ri + rj)));
});

test('resizeBilinear: alignCorners maps corner centres onto each other', () => {
  const x = tensor([0, 10, 20, 30, 40, 50], [1, 2, 3, 1]);
  // Width 3 -> 5 samples at 0, .5, 1, 1.5, 2; height 2 -> 3 at 0, .5, 1.
  const y = resizeBilinear(x, [3, 5], { alignCorners: true });
  assertClose(y, [0, 5, 10, 15, 20, 15, 20, 25, 30, 35, 30, 35, 40, 45, 50]);
});

test('resizeBilinear: shrinking by 2 averages 2x2 blocks (half-pixel centres), channels independent', () => {
  const x = tensor(Array.from({ length: 32 }, (_, i) => (i % 2 === 0 ? i : -i)), [1, 4, 4, 2]);
  const y = resizeBilinear(x, [2, 2]);
  const pixel = (r: number, c: number, ch: number): number => x.data()[(r * 4 + c) * 2 + ch]!;
  const expected: number[] = [];
  for (const r of [0, 2]) for (const c of [0, 2]) for (const ch of [0, 1]) {
    expected.push((pixel(r, c, ch) + pixel(r, c + 1, ch) + pixel(r + 1, c, ch) + pixel(r + 1, c + 1, ch)) / 4);
  }
  assertClose(y, expected);
});

test('resizeNearest: upsampling repeats pixels, shrinking keeps every other one, alignCorners rounds', () => {
  const x = tensor([1, 2, 3, 4, 5, 6], [1, 2, 3, 1]);
  assertClose(resizeNearest(x, [4, 6]), [1, 1, 2, 2, 3, 3, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 4, 4, 5, 5, 6, 6]);
  assertClose(resizeNearest(tensor([1, 2, 3, 4, 5], [1, 1, 5, 1]), [1, 2]), [1, 3]);
  assertClose(resizeNearest(tensor([1, 2], [1, 1, 2, 1]), [1, 3], { alignCorners: true }), [1, 2, 2]);
});

test('upsample2d: integer factors, nearest by default, bilinear on request', () => {
  const x = rng.normal([2, 3, 2, 3]);
  const y = upsample2d(x, 2);
  assert.deepEqual(y.shape, [2, 6, 4, 3]);
  assertClose(y, resizeNearest(x, [6, 4]));
  assert.deepEqual(upsample2d(x, [1, 3]).shape, [2, 3, 6, 3]);
  assertClose(upsample2d(x, [2, 3], 'bilinear'), resizeBilinear(x, [6, 6]));
});

test('resizeNearest: the gradient of a pixel sums the gradients of its copies', () => {
  const x = tensor([1, 2, 3, 4], [1, 2, 2, 1]);
  const dyWeights = tensor(Array.from({ length: 16 }, (_, i) => i), [1, 4, 4, 1]);
  const { grads: [dx] } = valueAndGrad((t: Tensor) => sum(mul(upsample2d(t, 2), dyWeights)))(x);
  assertClose(dx!, [0 + 1 + 4 + 5, 2 + 3 + 6 + 7, 8 + 9 + 12 + 13, 10 + 11 + 14 + 15]);
});

test('resize: rejects wrong ranks, dtypes, sizes, scales and methods', () => {
  const x = zeros([1, 4, 4, 2]);
  assert.throws(() => resizeBilinear(zeros([4, 4, 2]), [8, 8]), (e) => e instanceof ShapeError && /resizeBilinear: x \[4,4,2\] has rank 3, expected \[batch, height, width, channels\]/.test(e.message));
  assert.throws(() => resizeNearest(zeros([1, 4, 4, 2], 'int32'), [8, 8]), (e) => e instanceof DTypeError && /resizeNearest: x has dtype int32/.test(e.message));
  assert.throws(() => resizeBilinear(x, [0, 8]), (e) => e instanceof ArgumentError && /resizeBilinear: size must be an integer >= 1 or a pair/.test(e.message));
  assert.throws(() => resizeBilinear(x, 8 as unknown as [number, number]), (e) => e instanceof ArgumentError && /size must be \[height, width\], got 8/.test(e.message));
  assert.throws(() => resizeNearest(x, [2.5, 2]), (e) => e instanceof ArgumentError && /size/.test(e.message));
  assert.throws(() => upsample2d(x, 1.5), (e) => e instanceof ArgumentError && /upsample2d: scale must be an integer >= 1/.test(e.message));
  assert.throws(() => upsample2d(x, 2, 'bicubic' as 'nearest'), (e) => e instanceof ArgumentError && /method must be 'nearest' or 'bilinear', got "bicubic"/.test(e.message));
  assert.throws(() => upsample2d(zeros([4, 4]), 2), (e) => e instanceof ShapeError && /upsample2d: x \[4,4\] has rank 2/.test(e.message));
});

test('resize gradients match finite differences', () => {
  const checks: [string, (x: Tensor) => Tensor, number[]][] = [
    ['nearest up', (x) => resizeNearest(x, [5, 7]), [2, 3, 4, 2]],
    ['nearest down', (x) => resizeNearest(x, [2, 3]), [1, 5, 7, 2]],
    ['nearest aligned', (x) => resizeNearest(x, [4, 5], { alignCorners: true }), [1, 3, 3, 2]],
    ['bilinear up', (x) => resizeBilinear(x, [5, 7]), [2, 3, 4, 2]],
    ['bilinear down', (x) => resizeBilinear(x, [3, 2]), [1, 5, 7, 2]],
    ['bilinear aligned', (x) => resizeBilinear(x, [5, 4], { alignCorners: true }), [1, 3, 3, 2]],
    ['upsample2d bilinear', (x) => upsample2d(x, [2, 3], 'bilinear'), [1, 2, 3, 1]],
  ];
  checks.forEach(([name, f, shape], i) => {
    const result = checkGradients((t) => weightedSum(f(t), i), [rng.normal(shape)]);
    assert.ok(result.ok, `${name}: ${JSON.stringify(result.mismatches.slice(0, 3))}`);
  });
});
