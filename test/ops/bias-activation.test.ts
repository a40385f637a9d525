/** biasActivation: values by hand and vs the unfused ops, gradients vs finite differences, errors, layer use. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ArgumentError, DTypeError, Random, ShapeError, add, biasActivation, checkGradients, conv2d, conv2dBiasActivation, layers, mul, relu, sum, tensor,
  valueAndGrad,
} from '../../src/index.js';
import { assertClose } from '../helpers/assert-close.js';

const rng = new Random(5);

test('biasActivation adds the bias along the last axis, then applies relu (by hand)', () => {
  const x = tensor([[1, -2, 3], [-4, 5, 0]]);
  const b = tensor([0.5, 1, -3]);
  assertClose(biasActivation(x, b, 'linear'), [1.5, -1, 0, -3.5, 6, -3]);
  assertClose(biasActivation(x, b, 'relu'), [1.5, 0, 0, 0, 6, 0]);
  assertClose(biasActivation(x, b), [1.5, -1, 0, -3.5, 6, -3]);
});

test('biasActivation equals relu(add(x, bias)) on NHWC images, values and gradients', () => {
  const x = rng.normal([2, 5, 4, 7]);
  const b = rng.normal([7]);
  const weights = rng.normal([2, 5, 4, 7]);
  const fused = valueAndGrad((xx, bb) => sum(mul(biasActivation(xx, bb, 'relu'), weights)))(x, b);
  const plain = valueAndGrad((xx, bb) => sum(mul(relu(add(xx, bb)), weights)))(x, b);
  assertClose(fused.value, plain.value.data(), 1e-4);
  assertClose(fused.grads[0]!, plain.grads[0]!.data(), 1e-5);
  assertClose(fused.grads[1]!, plain.grads[1]!.data(), 1e-4);
});

test('biasActivation gradients match finite differences (relu and linear)', () => {
  for (const activation of ['relu', 'linear'] as const) {
    const weights = rng.normal([3, 4, 6]);
    const b = rng.normal([6]);
    // Keep x + b away from relu's kink at 0, where finite differences straddle it.
    const bias = b.data();
    const x = tensor(Array.from(rng.normal([3, 4, 6]).data(), (v, i) => {
      const s = v + bias[i % 6]!;
      return Math.abs(s) < 0.1 ? v + (s < 0 ? -0.2 : 0.2) : v;
    }), [3, 4, 6]);
    const result = checkGradients((xx, bb) => sum(mul(biasActivation(xx, bb, activation), weights)), [x, b]);
    assert.ok(result.ok, `${activation}: ${JSON.stringify(result.mismatches.slice(0, 3))}`);
  }
});

test('biasActivation errors name the argument and what was expected', () => {
  const x = tensor([[1, 2, 3]]);
  assert.throws(() => biasActivation(x, tensor([1, 2])), (e: unknown) => e instanceof ShapeError && /x \[1,3\] must have 2 channels on its last axis/.test(e.message));
  assert.throws(() => biasActivation(x, tensor([[1, 2, 3]])), (e: unknown) => e instanceof ShapeError && /bias \[1,3\] has rank 2, expected \[channels\]/.test(e.message));
  assert.throws(() => biasActivation(x, tensor([1, 2, 3]), 'tanh' as 'relu'), (e: unknown) => e instanceof ArgumentError && /activation must be one of linear, relu, got "tanh"/.test(e.message));
  assert.throws(() => biasActivation(tensor([1, 2, 3], [3], 'int32'), tensor([1, 2, 3])), DTypeError);
});

test('Dense and Conv2D layers with relu give relu(op(x) + bias) through the fused op', () => {
  const dense = layers.dense({ units: 4, activation: 'relu', biasInitializer: 'randomNormal' });
  const xd = rng.normal([3, 5]);
  const yd = dense.apply(xd);
  const expectedDense = relu(add(tensor(matmulByHand(xd.data(), dense.weight!.data(), 3, 5, 4), [3, 4]), dense.bias!));
  assertClose(yd, expectedDense.data(), 1e-5);
  const conv = layers.conv2d({ filters: 3, kernelSize: 1, activation: 'relu', biasInitializer: 'randomNormal' });
  const xc = rng.normal([1, 2, 2, 2]);
  const yc = conv.apply(xc);
  // A 1x1 convolution is a matmul over channels.
  const expectedConv = relu(add(tensor(matmulByHand(xc.data(), conv.weight!.data(), 4, 2, 3), [1, 2, 2, 3]), conv.bias!));
  assertClose(yc, expectedConv.data(), 1e-5);
});

function matmulByHand(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!;
      out.push(s);
    }
  }
  return out;
}

test('conv2dBiasActivation equals biasActivation(conv2d(...)), values and gradients (direct and lowered shapes)', () => {
  const settings: [number[], number[], Parameters<typeof conv2d>[2]][] = [
    [[2, 9, 10, 1], [3, 3, 1, 8], {}],
    [[1, 8, 7, 1], [3, 3, 1, 12], { padding: 'same', strides: 2 }],
    [[1, 6, 6, 3], [3, 3, 3, 4], { padding: 'same' }],
  ];
  for (const [xShape, fShape, options] of settings) {
    for (const activation of ['relu', 'linear'] as const) {
      const x = rng.normal(xShape);
      const f = rng.normal(fShape);
      const b = rng.normal([fShape[3]!]);
      const fused = conv2dBiasActivation(x, f, b, activation, options);
      const weights = rng.normal([...fused.shape]);
      const a = valueAndGrad((xx, ff, bb) => sum(mul(conv2dBiasActivation(xx, ff, bb, activation, options), weights)))(x, f, b);
      const p = valueAndGrad((xx, ff, bb) => sum(mul(biasActivation(conv2d(xx, ff, options), bb, activation), weights)))(x, f, b);
      const label = `${JSON.stringify(options)} ${activation}`;
      assertClose(a.value, p.value.data(), 1e-3, 1e-4, label);
      a.grads.forEach((g, i) => assertClose(g, p.grads[i]!.data(), 1e-4, 1e-4, `${label} grad ${i}`));
    }
  }
});

test('conv2dBiasActivation gradients match finite differences', () => {
  const weights = rng.normal([1, 5, 5, 4]);
  const result = checkGradients((x, f, b) => sum(mul(conv2dBiasActivation(x, f, b, 'linear', { padding: 'same' }), weights)), [rng.normal([1, 5, 5, 1]), rng.normal([3, 3, 1, 4]), rng.normal([4])]);
  assert.ok(result.ok, JSON.stringify(result.mismatches.slice(0, 3)));
});

test('conv2dBiasActivation errors name the bias and the activation', () => {
  const x = rng.normal([1, 4, 4, 1]);
  const f = rng.normal([3, 3, 1, 4]);
  assert.throws(() => conv2dBiasActivation(x, f, tensor([1, 2]), 'relu'), (e: unknown) => e instanceof ShapeError && /bias \[2\] must be \[4\], one value per output channel of filter \[3,3,1,4\]/.test(e.message));
  assert.throws(() => conv2dBiasActivation(x, f, tensor([1, 2, 3, 4]), 'gelu' as 'relu'), (e: unknown) => e instanceof ArgumentError && /conv2dBiasActivation: activation must be one of linear, relu/.test(e.message));
  assert.throws(() => conv2dBiasActivation(rng.normal([4, 4, 1]), f, tensor([1, 2, 3, 4]), 'relu'), (e: unknown) => e instanceof ShapeError && /conv2dBiasActivation: x \[4,4,1\] has rank 3/.test(e.message));
});
