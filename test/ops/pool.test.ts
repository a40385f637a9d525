/** Max, average and global pooling: values, output sizes per padding mode, errors, gradients. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ArgumentError, DTypeError, Random, ShapeError, Tensor, avgPool2d, checkGradients, globalAvgPool2d, globalMaxPool2d,
  maxPool2d, memory, mul, noGrad, sum, tensor, valueAndGrad, zeros,
} from '../../src/index.js';
import { assertClose } from '../helpers/assert-close.js';

const rng = new Random(5);

/** Distinct values in random order, spaced 0.1 apart: no ties, and a ±0.01 nudge never changes a maximum. */
function distinct(shape: number[], seed: number): Tensor {
  const order = new Random(seed).permutation(shape.reduce((a, b) => a * b, 1));
  return tensor(Float32Array.from(order, (v) => v * 0.1 - 1), shape);
}

function weightedSum(y: Tensor, seed: number): Tensor {
  return sum(mul(y, new Random(seed).normal([...y.shape])));
}

// rows: [1 5 2 0] [3 4 8 8] [0 -1 6 2] [9 -2 7 7]
const grid = tensor([1, 5, 2, 0, 3, 4, 8, 8, 0, -1, 6, 2, 9, -2, 7, 7], [1, 4, 4, 1]);

test('maxPool2d: 2x2 windows by hand, gradient to the first maximum of each window', () => {
  const y = maxPool2d(grid, { poolSize: 2 });
  assert.deepEqual(y.shape, [1, 2, 2, 1]);
  assertClose(y, [5, 8, 9, 7]);
  const { grads: [dx] } = valueAndGrad((x: Tensor) => sum(mul(maxPool2d(x, { poolSize: 2 }), tensor([1, 2, 3, 4], [1, 2, 2, 1]))))(grid);
  assertClose(dx!, [0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4, 0]);
});

test('maxPool2d: padding cells never win, even over negative inputs', () => {
  const x = tensor([-1, -2, -3, -4, -5, -6, -7, -8, -9], [1, 3, 3, 1]);
  assertClose(maxPool2d(x, { poolSize: 3, strides: 2, padding: 1 }), [-1, -2, -4, -5]);
  assertClose(maxPool2d(x, { poolSize: 2, strides: 2, padding: 'same' }), [-1, -3, -7, -9]);
});

test('pooling output sizes: valid, same and explicit padding', () => {
  const x = zeros([2, 9, 7, 3]);
  const shape = (options: Parameters<typeof maxPool2d>[1]): number[] => [...maxPool2d(x, options).shape];
  assert.deepEqual(shape({ poolSize: 2 }), [2, 4, 3, 3]);
  assert.deepEqual(shape({ poolSize: 3, strides: 2, padding: 1 }), [2, 5, 4, 3]);
  assert.deepEqual(shape({ poolSize: 2, padding: 'same' }), [2, 5, 4, 3]);
  assert.deepEqual(shape({ poolSize: 3, strides: 1, padding: 'same' }), [2, 9, 7, 3]);
  assert.deepEqual(shape({ poolSize: [3, 2], strides: [1, 2] }), [2, 7, 3, 3]);
  assert.deepEqual(shape({ poolSize: [4, 2], strides: [3, 1], padding: [2, 1] }), [2, 4, 8, 3]);
  assert.deepEqual([...avgPool2d(x, { poolSize: 3, strides: 3, padding: 'same' }).shape], [2, 3, 3, 3]);
});

test('avgPool2d: window means by hand', () => {
  assertClose(avgPool2d(grid, { poolSize: 2 }), [13 / 4, 18 / 4, 6 / 4, 22 / 4]);
  assertClose(avgPool2d(grid, { poolSize: [1, 4] }), [2, 23 / 4, 7 / 4, 21 / 4]);
});

test("avgPool2d: 'same' padding averages valid cells (Keras), numeric padding the whole window (PyTorch)", () => {
  const x = tensor([1, 2, 3, 4], [1, 2, 2, 1]);
  // 3x3 windows around each pixel of a 2x2 image hold all four pixels: sum 10.
  assertClose(avgPool2d(x, { poolSize: 3, strides: 1, padding: 'same' }), [2.5, 2.5, 2.5, 2.5]);
  assertClose(avgPool2d(x, { poolSize: 3, strides: 1, padding: 1 }), [10 / 9, 10 / 9, 10 / 9, 10 / 9]);
  assertClose(avgPool2d(x, { poolSize: 3, strides: 1, padding: 'same', countIncludePad: true }), [10 / 9, 10 / 9, 10 / 9, 10 / 9]);
  assertClose(avgPool2d(x, { poolSize: 3, strides: 1, padding: 1, countIncludePad: false }), [2.5, 2.5, 2.5, 2.5]);
  // 2x2 'same' on 3x3: the bottom/right windows hold 2 and 1 cells.
  const y = avgPool2d(tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]), { poolSize: 2, padding: 'same' });
  assertClose(y, [3, 4.5, 7.5, 9]);
});

test('global pools: mean and max over height and width, with keepDims', () => {
  const x = tensor([1, -1, 2, -2, 3, -3, 6, 0], [1, 2, 2, 2]);
  const avg = globalAvgPool2d(x);
  assert.deepEqual(avg.shape, [1, 2]);
  assertClose(avg, [3, -1.5]);
  assert.deepEqual(globalAvgPool2d(x, true).shape, [1, 1, 1, 2]);
  assertClose(globalMaxPool2d(x), [6, 0]);
  assert.deepEqual(globalMaxPool2d(x, true).shape, [1, 1, 1, 2]);
});

test('maxPool2d: without gradients, no arg-max tensor stays alive', () => {
  const x = rng.normal([1, 6, 6, 2]);
  const before = memory().numTensors;
  const y = noGrad(() => maxPool2d(x, { poolSize: 2 }));
  assert.equal(memory().numTensors - before, 1);
  y.dispose();
});

test('pooling: rejects wrong ranks, dtypes, options and windows larger than the input', () => {
  const x = zeros([1, 4, 4, 2]);
  assert.throws(() => maxPool2d(zeros([4, 4, 2]), { poolSize: 2 }), (e) => e instanceof ShapeError && /maxPool2d: x \[4,4,2\] has rank 3, expected \[batch, height, width, channels\]/.test(e.message));
  assert.throws(() => avgPool2d(zeros([1, 4, 4, 2], 'int32'), { poolSize: 2 }), (e) => e instanceof DTypeError && /avgPool2d: x has dtype int32/.test(e.message));
  assert.throws(() => maxPool2d(x, {} as { poolSize: number }), (e) => e instanceof ArgumentError && /maxPool2d: options.poolSize is required/.test(e.message));
  assert.throws(() => maxPool2d(x, { poolSize: 0 }), (e) => e instanceof ArgumentError && /poolSize must be an integer >= 1/.test(e.message));
  assert.throws(() => avgPool2d(x, { poolSize: 2, strides: [1, 0] }), (e) => e instanceof ArgumentError && /strides must be an integer >= 1/.test(e.message));
  assert.throws(() => maxPool2d(x, { poolSize: 2, padding: 2 }), (e) => e instanceof ArgumentError && /padding 2 must be at most half the pool size \[2,2\]/.test(e.message));
  assert.throws(() => maxPool2d(x, { poolSize: 5 }), (e) => e instanceof ShapeError && /maxPool2d: input \[1,4,4,2\] is too small for a 5x5 window/.test(e.message));
  assert.throws(() => globalAvgPool2d(zeros([2, 3])), (e) => e instanceof ShapeError && /globalAvgPool2d: x \[2,3\] has rank 2/.test(e.message));
  assert.throws(() => globalMaxPool2d(zeros([2, 3, 3, 1], 'int32')), (e) => e instanceof DTypeError);
});

test('pooling gradients match finite differences', () => {
  const checks: [string, (x: Tensor) => Tensor, Tensor][] = [
    ['maxPool2d 2x2', (x) => maxPool2d(x, { poolSize: 2 }), distinct([2, 4, 5, 2], 1)],
    ['maxPool2d 3x3 stride 2 pad 1', (x) => maxPool2d(x, { poolSize: 3, strides: 2, padding: 1 }), distinct([1, 5, 6, 2], 2)],
    ['maxPool2d same, overlapping', (x) => maxPool2d(x, { poolSize: [3, 2], strides: 1, padding: 'same' }), distinct([1, 4, 4, 2], 3)],
    ['avgPool2d 2x2', (x) => avgPool2d(x, { poolSize: 2 }), rng.normal([2, 4, 5, 2])],
    ['avgPool2d same', (x) => avgPool2d(x, { poolSize: 3, strides: 2, padding: 'same' }), rng.normal([1, 5, 4, 2])],
    ['avgPool2d pad 1', (x) => avgPool2d(x, { poolSize: 3, strides: 1, padding: 1 }), rng.normal([1, 4, 4, 1])],
    ['globalAvgPool2d', (x) => globalAvgPool2d(x), rng.normal([2, 3, 4, 3])],
    ['globalMaxPool2d', (x) => globalMaxPool2d(x, true), distinct([2, 3, 4, 3], 4)],
  ];
  checks.forEach(([name, f, x], i) => {
    const result = checkGradients((t) => weightedSum(f(t), i), [x]);
    assert.ok(result.ok, `${name}: ${JSON.stringify(result.mismatches.slice(0, 3))}`);
  });
});
