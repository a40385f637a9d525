/** LayerNormalization and InstanceNormalization, and the functional forms in ops/normalization. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random, tensor, transpose, moments, layerNorm, instanceNorm, batchNorm } from '../../../../src/index.js';
import { layers } from '../../../../src/index.js';
import { deserializeLayer } from '../../../../src/nn/layers/index.js';
import { loadTorchStateDict } from '../../../../src/nn/torch-import.js';
import { assertClose } from '../../../helpers/assert-close.js';
import { assertLayerGradients, fixtureTensor, forwardBackward, nchwToNhwc, nhwcToNchw, parityCase, PARITY_ATOL, PARITY_RTOL } from '../helpers.js';

test('moments gives the mean and biased variance over axes', () => {
  const { mean, variance } = moments(tensor([[1, 2], [3, 6]]), 0);
  assertClose(mean, [2, 4]);
  assertClose(variance, [1, 4]);
  const kept = moments(tensor([[1, 2], [3, 6]]), [1], true);
  assert.deepEqual(kept.mean.shape, [2, 1]);
  assertClose(kept.variance, [0.25, 2.25]);
});

test('batchNorm, layerNorm and instanceNorm check their arguments', () => {
  const x = tensor([[1, 2, 3]]);
  assert.throws(() => batchNorm(x, tensor([1, 2]), tensor([1, 1, 1])), /batchNorm: mean \[2\] does not broadcast to x \[1,3\]/);
  assert.throws(() => layerNorm(x, tensor([1, 1]), null), /layerNorm: gamma \[2\] does not broadcast to x \[1,3\]/);
  assert.throws(() => instanceNorm(x, null, null), /instanceNorm: x \[1,3\] has rank 2, expected \[batch, height, width, channels\]/);
  assert.throws(() => instanceNorm(tensor([1, 2], [1, 1, 1, 2]), tensor([1]), null), /instanceNorm: gamma \[1\] must be \[2\]/);
  assert.throws(() => batchNorm(x, tensor([0]), tensor([1]), null, null, -1), /eps must be a finite number >= 0/);
});

test('layer normalization normalises each sample over its features', () => {
  const ln = layers.layerNormalization({ epsilon: 1e-5 });
  const y = ln.apply(tensor([[1, 2, 3, 6], [0, 0, 0, 4]]));
  const row = (v: number[]) => {
    const m = v.reduce((a, b) => a + b) / v.length;
    const s = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / v.length + 1e-5);
    return v.map((u) => (u - m) / s);
  };
  assertClose(y, [...row([1, 2, 3, 6]), ...row([0, 0, 0, 4])], 1e-5);
  assert.deepEqual(ln.layerWeights.map((w) => [w.name, w.variable.shape]), [['weight', [4]], ['bias', [4]]]);
});

test('layer normalization over several, non-trailing axes uses parameters of those axes', () => {
  const x = new Random(1).normal([2, 3, 4, 5]);
  const ln = layers.layerNormalization({ axis: [1, 2], gammaInitializer: 'randomNormal' });
  const y = ln.apply(x);
  assert.deepEqual(ln.weight!.shape, [3, 4]);
  // Same numbers as normalising the transposed tensor over its trailing axes.
  const moved = transpose(x, [0, 3, 1, 2]);
  const expected = layerNorm(moved, ln.weight, ln.bias, [2, 3], 1e-3);
  assertClose(transpose(y, [0, 3, 1, 2]), expected, 1e-5);
});

test('layer normalization matches the PyTorch layer_norm fixture', () => {
  const c = parityCase('layer_norm_lastdim');
  const ln = layers.layerNormalization({ epsilon: c.attrs['eps'] as number });
  const x = fixtureTensor(c.inputs['x']!);
  ln.apply(x);
  loadTorchStateDict(ln, { weight: fixtureTensor(c.inputs['weight']!), bias: fixtureTensor(c.inputs['bias']!) });
  const { output, dx, dWeights } = forwardBackward(ln, x, fixtureTensor(c.grad_output));
  assertClose(output, c.output.data, PARITY_ATOL, PARITY_RTOL, 'output');
  assertClose(dx, c.grads['x']!.data, PARITY_ATOL, PARITY_RTOL, 'dx');
  assertClose(dWeights['weight']!, c.grads['weight']!.data, PARITY_ATOL, PARITY_RTOL, 'dweight');
  assertClose(dWeights['bias']!, c.grads['bias']!.data, PARITY_ATOL, PARITY_RTOL, 'dbias');
});

test('instance normalization matches the PyTorch instance_norm2d fixture (NCHW converted to NHWC)', () => {
  const c = parityCase('instance_norm2d');
  const inorm = layers.instanceNormalization({ epsilon: c.attrs['eps'] as number });
  const x = nchwToNhwc(fixtureTensor(c.inputs['x']!));
  inorm.apply(x);
  loadTorchStateDict(inorm, { weight: fixtureTensor(c.inputs['weight']!), bias: fixtureTensor(c.inputs['bias']!) });
  const { output, dx, dWeights } = forwardBackward(inorm, x, nchwToNhwc(fixtureTensor(c.grad_output)));
  assertClose(nhwcToNchw(output), c.output.data, PARITY_ATOL, PARITY_RTOL, 'output');
  assertClose(nhwcToNchw(dx), c.grads['x']!.data, PARITY_ATOL, PARITY_RTOL, 'dx');
  assertClose(dWeights['weight']!, c.grads['weight']!.data, PARITY_ATOL, PARITY_RTOL, 'dweight');
  assertClose(dWeights['bias']!, c.grads['bias']!.data, PARITY_ATOL, PARITY_RTOL, 'dbias');
});

test('instance normalization: each image and channel separately, same in training and inference', () => {
  const x = new Random(2).normal([2, 3, 3, 2]);
  const inorm = layers.instanceNormalization({ center: false, scale: false });
  const y = inorm.apply(x);
  assert.equal(inorm.weights.length, 0);
  assertClose(inorm.apply(x, { training: true }), y);
  // Image 1, channel 0 on its own:
  const v = x.data();
  const pick = Array.from({ length: 9 }, (_, i) => v[9 * 2 + i * 2]!);
  const m = pick.reduce((a, b) => a + b) / 9;
  const s = Math.sqrt(pick.reduce((a, b) => a + (b - m) ** 2, 0) / 9 + 1e-3);
  const out = y.data();
  assertClose(Array.from({ length: 9 }, (_, i) => out[9 * 2 + i * 2]!), pick.map((p) => (p - m) / s), 1e-5);
});

test('gradients through layer and instance normalization match finite differences', () => {
  assertLayerGradients(layers.layerNormalization({ gammaInitializer: 'randomNormal', betaInitializer: 'randomNormal' }), [new Random(3).normal([3, 5])]);
  assertLayerGradients(layers.instanceNormalization({ gammaInitializer: 'randomNormal' }), [new Random(4).normal([2, 3, 2, 2])]);
});

test('shape errors name the layer; configs round trip', () => {
  const ln = layers.layerNormalization({ name: 'ln' });
  ln.apply(tensor([[1, 2, 3]]));
  assert.throws(() => ln.apply(tensor([[1, 2]])), /^ShapeError: ln \(LayerNormalization\): input \[null,2\] has \[2\] on axes \[1\], but the layer was built for \[3\]$/);
  assert.throws(() => layers.layerNormalization({ name: 'ln0', axis: 0 }).apply(tensor([[1]])), /ln0 \(LayerNormalization\): axis 0 does not name distinct non-batch axes of input \[null,1\]/);
  assert.throws(() => layers.instanceNormalization({ name: 'in' }).apply(tensor([[1, 2]])), /^ShapeError: in \(InstanceNormalization\): input \[null,2\] has rank 2, expected \[batch, height, width, channels\]$/);
  for (const layer of [layers.layerNormalization({ axis: [1, 2], epsilon: 1e-5, center: false }), layers.instanceNormalization({ scale: false })]) {
    assert.deepEqual(deserializeLayer(JSON.parse(JSON.stringify(layer.toConfig()))).getConfig(), layer.getConfig());
  }
});
