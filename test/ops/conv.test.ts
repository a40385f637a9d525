/** conv2d and conv2dTranspose: values, output sizes per padding mode, error messages, gradients. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ArgumentError, DTypeError, Random, ShapeError, Tensor, checkGradients, conv2d, conv2dTranspose, mul, sum, tensor, zeros,
} from '../../src/index.js';
import { assertClose } from '../helpers/assert-close.js';

const rng = new Random(11);

/** Copies NHWC `x` into a zero border (built element by element, independent of any op). */
function padImage(x: Tensor, [[top, bottom], [left, right]]: [[number, number], [number, number]]): Tensor {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const [ph, pw] = [h + top + bottom, w + left + right];
  const src = x.data();
  const out = new Float32Array(n * ph * pw * c);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < h; y++)
      for (let i = 0; i < w; i++)
        for (let k = 0; k < c; k++) out[((b * ph + y + top) * pw + i + left) * c + k] = src[((b * h + y) * w + i) * c + k]!;
  return tensor(out, [n, ph, pw, c]);
}

/** `Σ a·b`, as a plain number. */
function dot(a: Tensor, b: Tensor): number {
  return sum(mul(a, b)).item();
}

/** A scalar loss with a random weight per output element, so every output position matters. */
function weightedSum(y: Tensor, seed: number): Tensor {
  return sum(mul(y, new Random(seed).normal([...y.shape])));
}

test('conv2d: a 2x2 filter over a 3x3 image, by hand', () => {
  const x = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
  const f = tensor([1, 0, 0, -1], [2, 2, 1, 1]);
  const y = conv2d(x, f);
  assert.deepEqual(y.shape, [1, 2, 2, 1]);
  assertClose(y, [-4, -4, -4, -4]);
});

test("conv2d: 'same' pads like TensorFlow, the odd extra row/column at the bottom/right", () => {
  const x = rng.normal([2, 7, 8, 3]);
  const f = rng.normal([3, 3, 3, 4]);
  // Height 7, stride 2: 4 outputs need 3·2 + 3 − 7 = 2 rows (1 + 1); width 8: 1 column (0 + 1).
  const y = conv2d(x, f, { strides: 2, padding: 'same' });
  assert.deepEqual(y.shape, [2, 4, 4, 4]);
  assertClose(y, conv2d(padImage(x, [[1, 1], [0, 1]]), f, { strides: 2 }), 1e-5);
  // Stride 1, 5x5 filter: 2 on every side, output size unchanged.
  const g = rng.normal([5, 5, 3, 2]);
  assertClose(conv2d(x, g, { padding: 'same' }), conv2d(padImage(x, [[2, 2], [2, 2]]), g), 1e-5);
});

test('conv2d: explicit padding, symmetric per axis or per side', () => {
  const x = rng.normal([1, 5, 6, 2]);
  const f = rng.normal([3, 2, 2, 3]);
  assertClose(conv2d(x, f, { padding: 1 }), conv2d(padImage(x, [[1, 1], [1, 1]]), f), 1e-5);
  assertClose(conv2d(x, f, { padding: [2, 0] }), conv2d(padImage(x, [[2, 2], [0, 0]]), f), 1e-5);
  const y = conv2d(x, f, { padding: [[0, 2], [1, 0]], strides: [1, 2] });
  assert.deepEqual(y.shape, [1, 5, 3, 3]);
  assertClose(y, conv2d(padImage(x, [[0, 2], [1, 0]]), f, { strides: [1, 2] }), 1e-5);
});

test('conv2d: output sizes for strides, dilations and padding modes', () => {
  const x = zeros([1, 10, 9, 4]);
  const shape = (kh: number, kw: number, options: Parameters<typeof conv2d>[2], inPerGroup = 4, out = 6): number[] =>
    [...conv2d(x, zeros([kh, kw, inPerGroup, out]), options).shape];
  assert.deepEqual(shape(3, 3, {}), [1, 8, 7, 6]);
  assert.deepEqual(shape(3, 3, { strides: 2 }), [1, 4, 4, 6]);
  assert.deepEqual(shape(3, 3, { strides: 3, padding: 'same' }), [1, 4, 3, 6]);
  assert.deepEqual(shape(3, 3, { dilations: 2 }), [1, 6, 5, 6]);
  assert.deepEqual(shape(3, 3, { dilations: [2, 1], padding: 'same' }), [1, 10, 9, 6]);
  assert.deepEqual(shape(4, 2, { strides: [2, 3], padding: [1, 2] }), [1, 5, 4, 6]);
  assert.deepEqual(shape(3, 3, { groups: 2, padding: 1 }, 2), [1, 10, 9, 6]);
  assert.deepEqual(shape(3, 3, { groups: 4, padding: 1 }, 1, 4), [1, 10, 9, 4]);
});

test('conv2d: groups split channels, a depthwise filter sees one channel each', () => {
  const x = rng.normal([1, 4, 4, 2]);
  const f = rng.normal([3, 3, 1, 2]);
  const y = conv2d(x, f, { groups: 2, padding: 1 });
  // Each output channel equals a one-channel convolution of its own input channel.
  const channel = (t: Tensor, c: number, k: number): Tensor =>
    tensor(Array.from({ length: t.size / k }, (_, i) => t.data()[i * k + c]!), [...t.shape.slice(0, 3), 1]);
  for (let c = 0; c < 2; c++) {
    const alone = conv2d(channel(x, c, 2), tensor(Array.from({ length: 9 }, (_, i) => f.data()[i * 2 + c]!), [3, 3, 1, 1]), { padding: 1 });
    assertClose(channel(y, c, 2), alone, 1e-5);
  }
});

test('conv2d: rejects wrong ranks, dtypes, channels, groups, options and empty outputs', () => {
  const x = zeros([1, 5, 5, 4]);
  const f = zeros([3, 3, 4, 2]);
  assert.throws(() => conv2d(zeros([5, 5, 4]), f), (e) => e instanceof ShapeError && /conv2d: x \[5,5,4\] has rank 3, expected \[batch, height, width, channels\]/.test(e.message));
  assert.throws(() => conv2d(x, zeros([3, 3, 4])), (e) => e instanceof ShapeError && /filter \[3,3,4\] has rank 3/.test(e.message));
  assert.throws(() => conv2d(zeros([1, 5, 5, 4], 'int32'), f), (e) => e instanceof DTypeError && /conv2d: x has dtype int32/.test(e.message));
  assert.throws(() => conv2d(x, zeros([3, 3, 3, 2])), (e) => e instanceof ShapeError && /filter \[3,3,3,2\] takes 3 input channels per group .* but x \[1,5,5,4\] has 4/.test(e.message));
  assert.throws(() => conv2d(x, zeros([3, 3, 1, 2]), { groups: 3 }), (e) => e instanceof ArgumentError && /groups 3 does not divide the 4 input channels/.test(e.message));
  assert.throws(() => conv2d(x, zeros([3, 3, 2, 3]), { groups: 2 }), (e) => e instanceof ArgumentError && /groups 2 does not divide the 3 output channels/.test(e.message));
  assert.throws(() => conv2d(x, f, { groups: 0 }), (e) => e instanceof ArgumentError && /groups must be an integer >= 1, got 0/.test(e.message));
  assert.throws(() => conv2d(x, f, { strides: 0 }), (e) => e instanceof ArgumentError && /conv2d: strides must be an integer >= 1/.test(e.message));
  assert.throws(() => conv2d(x, f, { dilations: [1, 1.5] as [number, number] }), (e) => e instanceof ArgumentError && /dilations/.test(e.message));
  assert.throws(() => conv2d(x, f, { padding: 'full' as 'same' }), (e) => e instanceof ArgumentError && /padding must be 'valid', 'same'.*got "full"/.test(e.message));
  assert.throws(() => conv2d(x, f, { padding: -1 }), (e) => e instanceof ArgumentError && /padding/.test(e.message));
  assert.throws(() => conv2d(x, zeros([7, 3, 4, 2])), (e) => e instanceof ShapeError && /input \[1,5,5,4\] is too small for a 7x3 window .* output would be -1x3/.test(e.message));
  assert.throws(() => conv2d(x, f, { dilations: 3 }), (e) => e instanceof ShapeError && /too small for a 7x7 window/.test(e.message));
});

test('conv2dTranspose: one pixel stamps the filter, stride 2 stamps side by side', () => {
  const f = tensor([1, 2, 3, 4], [2, 2, 1, 1]);
  assertClose(conv2dTranspose(tensor([2], [1, 1, 1, 1]), f), [2, 4, 6, 8]);
  const y = conv2dTranspose(tensor([1, 10], [1, 1, 2, 1]), f, { strides: 2 });
  assert.deepEqual(y.shape, [1, 2, 4, 1]);
  assertClose(y, [1, 2, 10, 20, 3, 4, 30, 40]);
});

test('conv2dTranspose: output sizes follow PyTorch for numeric padding and Keras for valid/same', () => {
  const x = zeros([2, 5, 4, 3]);
  const shape = (k: number, options: Parameters<typeof conv2dTranspose>[2]): number[] => [...conv2dTranspose(x, zeros([k, k, 6, 3]), options).shape];
  // (in − 1)·stride − 2·pad + dilation·(k − 1) + outputPadding + 1
  assert.deepEqual(shape(3, { strides: 2, padding: 1, outputPadding: 1 }), [2, 10, 8, 6]);
  assert.deepEqual(shape(4, { strides: 2, padding: 1 }), [2, 10, 8, 6]);
  assert.deepEqual(shape(3, {}), [2, 7, 6, 6]);
  assert.deepEqual(shape(3, { dilations: 2, padding: [0, 1] }), [2, 9, 6, 6]);
  // Keras: 'same' gives in·stride, 'valid' in·stride + max(k − stride, 0).
  assert.deepEqual(shape(3, { strides: 2, padding: 'same' }), [2, 10, 8, 6]);
  assert.deepEqual(shape(3, { strides: 2, padding: 'valid' }), [2, 11, 9, 6]);
  assert.deepEqual(shape(1, { strides: 3, padding: 'valid' }), [2, 15, 12, 6]);
  assert.deepEqual(shape(3, { strides: 2, padding: 'valid', outputPadding: 1 }), [2, 12, 10, 6]);
  assert.deepEqual(shape(3, { strides: [2, 3], padding: 'same' }), [2, 10, 12, 6]);
});

test('conv2dTranspose is the adjoint of conv2d with the same geometry', () => {
  // <conv2d(z, f), x> = <z, conv2dTranspose(x, f)> for every z of the transposed output's shape.
  const cases: [number[], number, Parameters<typeof conv2dTranspose>[2], Parameters<typeof conv2d>[2]][] = [
    [[1, 4, 5, 3], 3, { strides: 2, padding: 1, outputPadding: 1 }, { strides: 2, padding: 1 }],
    [[2, 3, 3, 2], 3, { strides: 2, padding: 'same' }, { strides: 2, padding: 'same' }],
    [[1, 3, 4, 2], 4, { strides: 2, padding: 'same' }, { strides: 2, padding: 'same' }],
    [[1, 3, 3, 2], 3, { strides: 1, padding: 'valid', dilations: 2 }, { dilations: 2 }],
  ];
  for (const [xShape, k, transposeOptions, convOptions] of cases) {
    const x = rng.normal(xShape);
    const f = rng.normal([k, k, 2, xShape[3]!]);
    const y = conv2dTranspose(x, f, transposeOptions);
    const z = rng.normal([...y.shape]);
    const forward = conv2d(z, f, convOptions);
    assert.deepEqual(forward.shape, x.shape);
    assert.ok(Math.abs(dot(forward, x) - dot(z, y)) < 1e-3, `${JSON.stringify(transposeOptions)}: ${dot(forward, x)} vs ${dot(z, y)}`);
  }
});

test('conv2dTranspose: rejects mismatched channels, bad outputPadding and empty outputs', () => {
  const x = zeros([1, 4, 4, 3]);
  assert.throws(() => conv2dTranspose(x, zeros([3, 3, 2, 5])), (e) => e instanceof ShapeError && /conv2dTranspose: filter \[3,3,2,5\] takes 5 input channels \(last axis\), but x \[1,4,4,3\] has 3/.test(e.message));
  assert.throws(() => conv2dTranspose(zeros([4, 4, 3]), zeros([3, 3, 2, 3])), (e) => e instanceof ShapeError && /rank 3/.test(e.message));
  assert.throws(() => conv2dTranspose(x, zeros([3, 3, 2, 3]), { strides: 2, outputPadding: 2 }), (e) => e instanceof ArgumentError && /outputPadding \[2,2\] must be smaller than the stride \[2,2\] or the dilation \[1,1\]/.test(e.message));
  assert.throws(() => conv2dTranspose(x, zeros([3, 3, 2, 3]), { padding: 'full' as 'same' }), (e) => e instanceof ArgumentError && /conv2dTranspose: padding must be 'valid', 'same', an integer >= 0 or \[height, width\], got "full"/.test(e.message));
  assert.throws(() => conv2dTranspose(x, zeros([3, 3, 2, 3]), { padding: [1, -1] }), (e) => e instanceof ArgumentError && /conv2dTranspose: padding must be an integer >= 0/.test(e.message));
  assert.throws(() => conv2dTranspose(zeros([1, 1, 1, 3]), zeros([3, 3, 2, 3]), { padding: 2 }), (e) => e instanceof ShapeError && /gives output size -1x-1/.test(e.message));
});

test('conv2d gradients match finite differences (strided, dilated, grouped, same padding)', () => {
  const settings: [number[], number[], Parameters<typeof conv2d>[2]][] = [
    [[2, 5, 6, 2], [3, 3, 2, 3], { strides: 2, padding: 1 }],
    [[1, 7, 6, 2], [3, 2, 2, 2], { dilations: [2, 1], padding: 'same' }],
    [[1, 5, 5, 4], [3, 3, 2, 4], { groups: 2, strides: [1, 2], padding: 'same' }],
    [[1, 4, 5, 3], [3, 3, 1, 3], { groups: 3, padding: [[0, 2], [1, 1]] }],
  ];
  settings.forEach(([xShape, fShape, options], i) => {
    const result = checkGradients((x, f) => weightedSum(conv2d(x, f, options), i), [rng.normal(xShape), rng.normal(fShape)]);
    assert.ok(result.ok, `${JSON.stringify(options)}: ${JSON.stringify(result.mismatches.slice(0, 3))}`);
  });
});

test('conv2dTranspose gradients match finite differences (stride 2 with outputPadding, same)', () => {
  const settings: [number[], number[], Parameters<typeof conv2dTranspose>[2]][] = [
    [[1, 3, 4, 2], [3, 3, 3, 2], { strides: 2, padding: 1, outputPadding: 1 }],
    [[2, 3, 3, 2], [4, 4, 2, 2], { strides: 2, padding: 'same' }],
  ];
  settings.forEach(([xShape, fShape, options], i) => {
    const result = checkGradients((x, f) => weightedSum(conv2dTranspose(x, f, options), 10 + i), [rng.normal(xShape), rng.normal(fShape)]);
    assert.ok(result.ok, `${JSON.stringify(options)}: ${JSON.stringify(result.mismatches.slice(0, 3))}`);
  });
});
