/** Conv2D, Conv2DTranspose and DepthwiseConv2D: values, shapes, PyTorch fixtures, gradients, errors, configs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { add, conv2d, conv2dTranspose, Random, ShapeError, tensor } from '../../../../src/index.js';
import { layers } from '../../../../src/index.js';
import { input } from '../../../../src/nn/symbolic.js';
import { deserializeLayer } from '../../../../src/nn/layers/index.js';
import { assertClose } from '../../../helpers/assert-close.js';
import { assertImageFixture, assertLayerGradients, parityCases } from '../helpers.js';

test('conv2d layer sums each window, checked by hand', () => {
  // One 3x3 single-channel image, a 2x2 kernel of ones, bias 10.
  const layer = layers.conv2d({ filters: 1, kernelSize: 2, kernelInitializer: 'ones', biasInitializer: { className: 'Constant', config: { value: 10 } } });
  const y = layer.apply(tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]));
  assert.deepEqual(y.shape, [1, 2, 2, 1]);
  assertClose(y, [10 + 12, 10 + 16, 10 + 24, 10 + 28]);
  assert.deepEqual(layer.layerWeights.map((w) => [w.name, w.variable.shape]), [['weight', [2, 2, 1, 1]], ['bias', [1]]]);
});

test('conv2d layer equals the conv2d op plus bias, with strides, same padding, dilation and groups', () => {
  const x = new Random(1).normal([2, 7, 6, 4]);
  const layer = layers.conv2d({ filters: 6, kernelSize: [3, 2], strides: 2, padding: 'same', dilationRate: 1, groups: 2, biasInitializer: 'randomNormal', activation: 'tanh' });
  const y = layer.apply(x);
  assert.deepEqual(y.shape, [2, 4, 3, 6]);
  assert.deepEqual(layer.weight!.shape, [3, 2, 2, 6]);
  const expected = add(conv2d(x, layer.weight!, { strides: 2, padding: 'same', groups: 2 }), layer.bias!);
  assertClose(y, expected.data().map(Math.tanh), 1e-5);
  const dilated = layers.conv2d({ filters: 2, kernelSize: 3, dilationRate: 2 });
  assert.deepEqual(dilated.apply(x).shape, [2, 3, 2, 2]);
});

test('conv2d layers match every PyTorch conv2d fixture (OIHW weights imported)', () => {
  const cases = parityCases('conv2d');
  assert.ok(cases.length >= 5);
  for (const c of cases) {
    const w = c.inputs['weight']!.shape;
    const groups = c.attrs['groups'] as number;
    const [kh, kw] = [w[2]!, w[3]!];
    const options = {
      kernelSize: [kh, kw] as [number, number],
      strides: c.attrs['stride'] as [number, number],
      padding: c.attrs['padding'] as [number, number],
      dilationRate: c.attrs['dilation'] as [number, number],
    };
    // A depthwise fixture (one input channel per group, as many groups as channels) goes through DepthwiseConv2D.
    const channels = c.inputs['x']!.shape[1]!;
    const layer = groups > 1 && groups === channels
      ? layers.depthwiseConv2d({ ...options, depthMultiplier: w[0]! / channels })
      : layers.conv2d({ ...options, filters: w[0]!, groups });
    assertImageFixture(layer, c, ['weight', 'bias']);
  }
});

test('conv2dTranspose layers match every PyTorch conv_transpose2d fixture', () => {
  const cases = parityCases('conv_transpose2d');
  assert.ok(cases.length >= 3);
  for (const c of cases) {
    const w = c.inputs['weight']!.shape; // [in, out, kh, kw]
    const layer = layers.conv2dTranspose({
      filters: w[1]!,
      kernelSize: [w[2]!, w[3]!],
      strides: c.attrs['stride'] as [number, number],
      padding: c.attrs['padding'] as [number, number],
      outputPadding: c.attrs['output_padding'] as [number, number],
    });
    assertImageFixture(layer, c, ['weight', 'bias']);
  }
});

test('conv2dTranspose layer equals the op; Keras same padding doubles the size with stride 2', () => {
  const x = new Random(2).normal([1, 3, 4, 5]);
  const layer = layers.conv2dTranspose({ filters: 2, kernelSize: 4, strides: 2, padding: 'same', useBias: false });
  const y = layer.apply(x);
  assert.deepEqual(y.shape, [1, 6, 8, 2]);
  assert.deepEqual(layer.weight!.shape, [4, 4, 2, 5]);
  assertClose(y, conv2dTranspose(x, layer.weight!, { strides: 2, padding: 'same' }), 1e-5);
  assert.deepEqual(layers.conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2 }).apply(input({ shape: [5, null, 4] })).shape, [null, 11, null, 3]);
});

test('depthwise conv keeps channel c·multiplier + m from input channel c, and draws with Keras fans', () => {
  const x = new Random(3).normal([1, 4, 4, 2]);
  const layer = layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', useBias: false });
  const y = layer.apply(x);
  assert.deepEqual(y.shape, [1, 4, 4, 4]);
  assert.deepEqual(layer.weight!.shape, [3, 3, 1, 4]);
  assertClose(y, conv2d(x, layer.weight!, { padding: 'same', groups: 2 }), 1e-5);
  // Zeroing input channel 1 must zero output channels 2 and 3 only.
  const only0 = layer.apply(tensor(x.data().map((v, i) => (i % 2 === 1 ? 0 : v)), x.shape)).data();
  for (let i = 0; i < only0.length; i++) if (i % 4 >= 2) assert.equal(only0[i], 0);
  // heNormal with Keras' fans for a [3, 3, 64, 2] kernel: std sqrt(2 / (9 · 64)).
  const big = layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, depthwiseInitializer: 'heNormal' });
  big.apply(new Random(4).normal([1, 3, 3, 64]));
  const w = big.weight!.data<'float32'>();
  const std = Math.sqrt(w.reduce((a, v) => a + v * v, 0) / w.length);
  assert.ok(Math.abs(std - Math.sqrt(2 / 576)) < 0.1 * Math.sqrt(2 / 576), `std ${std}`);
});

test('gradients through conv, transposed conv and depthwise layers match finite differences', () => {
  assertLayerGradients(layers.conv2d({ filters: 2, kernelSize: 2, strides: [1, 2], padding: 'same', biasInitializer: 'randomNormal' }), [new Random(5).normal([1, 3, 4, 2])]);
  assertLayerGradients(layers.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 1, outputPadding: 1 }), [new Random(6).normal([1, 2, 2, 2])]);
  assertLayerGradients(layers.depthwiseConv2d({ kernelSize: 2, depthMultiplier: 2, biasInitializer: 'randomNormal' }), [new Random(7).normal([1, 3, 3, 2])]);
});

test('symbolic output shapes, including unknown spatial sizes', () => {
  assert.deepEqual(layers.conv2d({ filters: 8, kernelSize: 3, strides: 2, padding: 'same' }).apply(input({ shape: [28, 28, 1] })).shape, [null, 14, 14, 8]);
  assert.deepEqual(layers.conv2d({ filters: 8, kernelSize: 5 }).apply(input({ shape: [null, 28, 3] })).shape, [null, null, 24, 8]);
  assert.deepEqual(layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 3 }).apply(input({ shape: [9, 9, 4] })).shape, [null, 7, 7, 12]);
});

test('conv shape and argument errors name the layer and the shapes', () => {
  const conv = layers.conv2d({ filters: 4, kernelSize: 3, name: 'c1' });
  assert.throws(() => conv.apply(tensor([1, 2, 3], [1, 3, 1])), (e: unknown) => e instanceof ShapeError && e.message === 'c1 (Conv2D): input [null,3,1] has rank 3, expected [batch, height, width, channels]');
  conv.apply(new Random(1).normal([1, 5, 5, 2]));
  assert.throws(() => conv.apply(new Random(1).normal([1, 5, 5, 3])), /c1 \(Conv2D\): input \[null,5,5,3\] has 3 channels, but the layer was built for 2/);
  assert.throws(() => layers.conv2d({ filters: 2, kernelSize: 5, name: 'c2' }).apply(new Random(1).normal([1, 3, 3, 1])), /c2 \(Conv2D\): input \[null,3,3,1\] is too small for a 5x5 window/);
  assert.throws(() => layers.conv2d({ filters: 4, kernelSize: 3, groups: 2, name: 'c3' }).apply(new Random(1).normal([1, 5, 5, 3])), /c3 \(Conv2D\): groups 2 does not divide the 3 channels/);
  assert.throws(() => layers.conv2d({ filters: 3, kernelSize: 3, groups: 2 }), /Conv2D: groups 2 does not divide filters 3/);
  assert.throws(() => layers.conv2d({ filters: 3, kernelSize: [3] as never }), /Conv2D: kernelSize must be an integer or a pair/);
  assert.throws(() => layers.conv2d({ filters: 3, kernelSize: 3, padding: 'full' as never }), /Conv2D: padding must be 'valid', 'same'/);
  assert.throws(() => layers.conv2dTranspose({ filters: 3, kernelSize: 3, strides: 2, outputPadding: 2 }), /Conv2DTranspose: outputPadding 2 must be/);
});

test('conv configs round trip through JSON', () => {
  for (const layer of [
    layers.conv2d({ filters: 4, kernelSize: [3, 5], strides: 2, padding: [[1, 0], [2, 1]], groups: 2, activation: 'relu', kernelRegularizer: 'l2' }),
    layers.conv2dTranspose({ filters: 3, kernelSize: 4, strides: 2, padding: 'same', kernelInitializer: 'heNormal' }),
    layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, useBias: false, depthwiseConstraint: 'nonNeg' }),
  ]) {
    const copy = deserializeLayer(JSON.parse(JSON.stringify(layer.toConfig())));
    assert.equal(copy.className, layer.className);
    assert.deepEqual(copy.getConfig(), layer.getConfig());
  }
});
