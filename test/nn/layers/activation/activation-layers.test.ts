/** Activation layers, Dropout and Add. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError, Random, tensor, ones, type Tensor } from '../../../../src/index.js';
import { layers } from '../../../../src/index.js';
import { input } from '../../../../src/nn/symbolic.js';
import { deserializeLayer } from '../../../../src/nn/layers/index.js';
import { activationNames, getActivation } from '../../../../src/nn/activations.js';
import { assertClose } from '../../../helpers/assert-close.js';
import { assertLayerGradients } from '../helpers.js';

const x = tensor([[-2, -0.5, 0.5, 3, 8]]);

test('activation layers compute their functions', () => {
  assertClose(layers.relu().apply(x), [0, 0, 0.5, 3, 8]);
  assertClose(layers.relu({ maxValue: 6 }).apply(x), [0, 0, 0.5, 3, 6]);
  assertClose(layers.relu({ negativeSlope: 0.1, threshold: 1 }).apply(x), [-0.3, -0.15, -0.05, 3, 8], 1e-6);
  assertClose(layers.leakyRelu().apply(x), [-0.6, -0.15, 0.5, 3, 8], 1e-6);
  assertClose(layers.leakyRelu({ negativeSlope: 0.2 }).apply(x), [-0.4, -0.1, 0.5, 3, 8], 1e-6);
  assertClose(layers.elu({ alpha: 2 }).apply(x), [2 * Math.expm1(-2), 2 * Math.expm1(-0.5), 0.5, 3, 8], 1e-6);
  assertClose(layers.sigmoid().apply(x), [-2, -0.5, 0.5, 3, 8].map((v) => 1 / (1 + Math.exp(-v))), 1e-6);
  assertClose(layers.tanh().apply(x), [-2, -0.5, 0.5, 3, 8].map(Math.tanh), 1e-6);
  const erf = (v: number) => { // by midpoint integration of 2/sqrt(pi)·e^(-t²)
    let s = 0;
    const n = 2000;
    for (let i = 0; i < n; i++) s += Math.exp(-((((i + 0.5) * v) / n) ** 2));
    return (2 / Math.sqrt(Math.PI)) * s * (v / n);
  };
  assertClose(layers.gelu().apply(x), [-2, -0.5, 0.5, 3, 8].map((v) => 0.5 * v * (1 + erf(v / Math.SQRT2))), 1e-5);
  const sm = layers.softmax().apply(tensor([[1, 2, 3]])).data();
  const z = Math.exp(1) + Math.exp(2) + Math.exp(3);
  assertClose(sm, [Math.exp(1) / z, Math.exp(2) / z, Math.exp(3) / z], 1e-6);
  assertClose(layers.softmax({ axis: 1 }).apply(tensor([[[0, 5]], [[1, 1]]])), [1, 1, 1, 1]);
});

test('activation by name: camelCase and snake_case, swish, selu, linear', () => {
  assertClose(layers.activation('swish').apply(x), [-2, -0.5, 0.5, 3, 8].map((v) => v / (1 + Math.exp(-v))), 1e-6);
  assertClose(layers.activation('log_softmax').apply(tensor([[0, 0]])), [Math.log(0.5), Math.log(0.5)], 1e-6);
  assertClose(layers.activation('linear').apply(x), x.data());
  assertClose(getActivation('selu')(tensor([1, -1])), [1.0507009873554805, 1.0507009873554805 * 1.6732632423543772 * Math.expm1(-1)], 1e-6);
  assert.ok(activationNames().includes('gelu'));
  assert.throws(() => layers.activation('sparkle'), (e: unknown) => e instanceof ArgumentError && /unknown activation 'sparkle', expected one of linear, relu/.test(e.message));
});

test('gradients through activation layers match finite differences', () => {
  const v = tensor([[-1.3, -0.4, 0.3, 1.2]]);
  for (const layer of [layers.relu({ maxValue: 1 }), layers.leakyRelu(), layers.elu(), layers.gelu(), layers.sigmoid(), layers.tanh(), layers.softmax(), layers.activation('swish')]) {
    assertLayerGradients(layer, [v]);
  }
});

test('dropout is the identity at inference and drops about rate of the inputs, rescaled, while training', () => {
  const d = layers.dropout({ rate: 0.25 });
  const big = ones([200, 50]);
  assert.equal(d.apply(big), big);
  const y = d.apply(big, { training: true, rng: new Random(1) }).data();
  const kept = y.filter((v) => v !== 0);
  assert.ok(kept.every((v) => Math.abs(v - 1 / 0.75) < 1e-6));
  const dropped = 1 - kept.length / y.length;
  assert.ok(Math.abs(dropped - 0.25) < 0.02, `dropped ${dropped}`);
  // The same generator state gives the same mask; the model's rng is what makes runs reproducible.
  assert.deepEqual([...d.apply(big, { training: true, rng: new Random(7) }).data()], [...d.apply(big, { training: true, rng: new Random(7) }).data()]);
  // Without a context rng the layer falls back to its own seeded generator.
  const seeded = () => layers.dropout({ rate: 0.5, seed: 3 }).apply(big, { training: true }).data();
  assert.deepEqual([...seeded()], [...seeded()]);
});

test('dropout noiseShape drops whole channels', () => {
  const d = layers.dropout({ rate: 0.5, noiseShape: [null, 1, 1, null] });
  const y = d.apply(ones([2, 3, 3, 8]), { training: true, rng: new Random(2) }).data();
  for (let b = 0; b < 2; b++) {
    for (let c = 0; c < 8; c++) {
      const values = new Set(Array.from({ length: 9 }, (_, i) => y[b * 72 + i * 8 + c]));
      assert.equal(values.size, 1, 'a channel is dropped or kept as a whole');
    }
  }
  assert.throws(() => layers.dropout({ rate: 0.5, noiseShape: [null, 2], name: 'dn' }).apply(ones([1, 3])), /dn \(Dropout\): noiseShape \[null,2\] does not broadcast to input \[null,3\]/);
  assert.throws(() => layers.dropout({ rate: 1 }), /Dropout: rate must be a number in \[0, 1\), got 1/);
});

test('dropout gradients flow through the kept inputs only', () => {
  const d = layers.dropout({ rate: 0.5 });
  // A fixed generator per call keeps the mask the same across finite-difference evaluations.
  const context = { training: true, get rng() { return new Random(11); } };
  assertLayerGradients(d, [new Random(3).normal([3, 4])], context);
});

test('add sums inputs with broadcasting; shape errors name the layer', () => {
  const a = tensor([[1, 2, 3]]);
  const b = tensor([[10, 20, 30]]);
  assertClose(layers.add().apply([a, b, b]) as Tensor, [21, 42, 63]);
  assertClose(layers.add().apply([a, tensor([[100]])]) as Tensor, [101, 102, 103]);
  assert.deepEqual(layers.add().apply([input({ shape: [4, 1] }), input({ shape: [1, 5] })]).shape, [null, 4, 5]);
  assert.throws(() => layers.add({ name: 'sum' }).apply([a, tensor([[1, 2]])]), /sum \(Add\): inputs \[null,3\] and \[null,2\] cannot be broadcast together/);
  assert.throws(() => layers.add({ name: 'one' }).apply(a), /one \(Add\): expects a list of at least 2 inputs, got one input \[null,3\]/);
  assertLayerGradients(layers.add(), [new Random(1).normal([2, 3]), new Random(2).normal([2, 3])]);
});

test('activation, dropout and add configs round trip', () => {
  for (const layer of [layers.relu({ maxValue: 6 }), layers.leakyRelu({ alpha: 0.2 }), layers.elu({ alpha: 0.5 }), layers.softmax({ axis: 1 }), layers.activation('gelu'), layers.dropout({ rate: 0.3, noiseShape: [null, 1, 1, null], seed: 4 }), layers.add()]) {
    const copy = deserializeLayer(JSON.parse(JSON.stringify(layer.toConfig())));
    assert.equal(copy.className, layer.className);
    assert.deepEqual(copy.getConfig(), layer.getConfig());
  }
});
