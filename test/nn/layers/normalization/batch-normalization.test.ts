/** BatchNormalization: batch vs running statistics, momentum, the unbiased running variance, fixtures, gradients. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random, ShapeError, tensor, transpose } from '../../../../src/index.js';
import { layers } from '../../../../src/index.js';
import { loadTorchStateDict } from '../../../../src/nn/torch-import.js';
import { assertClose } from '../../../helpers/assert-close.js';
import { assertLayerGradients, fixtureTensor, forwardBackward, nchwToNhwc, nhwcToNchw, parityCase, PARITY_ATOL, PARITY_RTOL } from '../helpers.js';

// Two channels over a batch of 4: channel 0 = [1, 2, 3, 6] (mean 3, biased var 3.5), channel 1 = [0, 0, 4, 4] (mean 2, var 4).
const x = tensor([[1, 0], [2, 0], [3, 4], [6, 4]]);

test('training uses the batch mean and biased variance', () => {
  const bn = layers.batchNormalization();
  const y = bn.apply(x, { training: true });
  const eps = 1e-3;
  const expected = [[1, 0], [2, 0], [3, 4], [6, 4]].flatMap(([a, b]) => [(a! - 3) / Math.sqrt(3.5 + eps), (b! - 2) / Math.sqrt(4 + eps)]);
  assertClose(y, expected);
  assert.deepEqual(bn.layerWeights.map((w) => [w.name, w.variable.trainable]), [['weight', true], ['bias', true], ['running_mean', false], ['running_var', false]]);
  assert.equal(bn.trainableWeights.length, 2);
  assert.equal(bn.nonTrainableWeights.length, 2);
});

test('running statistics move with Keras momentum toward the batch mean and the unbiased variance', () => {
  const bn = layers.batchNormalization({ momentum: 0.9 });
  bn.apply(x, { training: true });
  // unbiased variances: 3.5·4/3 and 4·4/3
  assertClose(bn.runningMean!, [0.1 * 3, 0.1 * 2]);
  assertClose(bn.runningVar!, [0.9 + 0.1 * (14 / 3), 0.9 + 0.1 * (16 / 3)]);
  bn.apply(x, { training: true });
  assertClose(bn.runningMean!, [0.9 * 0.3 + 0.1 * 3, 0.9 * 0.2 + 0.1 * 2]);
  assertClose(bn.runningVar!, [0.9 * (0.9 + 0.1 * (14 / 3)) + 0.1 * (14 / 3), 0.9 * (0.9 + 0.1 * (16 / 3)) + 0.1 * (16 / 3)], 1e-5);
  // Inference leaves them alone.
  bn.apply(x);
  assertClose(bn.runningMean!, [0.9 * 0.3 + 0.1 * 3, 0.9 * 0.2 + 0.1 * 2]);
});

test('inference uses the running statistics, gamma and beta', () => {
  const bn = layers.batchNormalization({ epsilon: 1e-5 });
  bn.apply(x);
  bn.runningMean!.assign(tensor([1, -1]));
  bn.runningVar!.assign(tensor([4, 0.25]));
  bn.weight!.assign(tensor([2, 1]));
  bn.bias!.assign(tensor([0.5, 0]));
  const y = bn.apply(tensor([[3, 0]]));
  assertClose(y, [2 * ((3 - 1) / Math.sqrt(4 + 1e-5)) + 0.5, (0 + 1) / Math.sqrt(0.25 + 1e-5)]);
});

test('a frozen batch norm runs in inference mode even while training, and does not update', () => {
  const bn = layers.batchNormalization({ trainable: false });
  const y = bn.apply(x, { training: true });
  assertClose(y, x.data().map((v) => v / Math.sqrt(1 + 1e-3)));
  assertClose(bn.runningMean!, [0, 0]);
  assert.equal(bn.trainableWeights.length, 0);
});

test('axis 1 (channels first) normalises the same numbers as channels last', () => {
  const rng = new Random(5);
  const nhwc = rng.normal([3, 2, 2, 4]);
  const last = layers.batchNormalization().apply(nhwc, { training: true });
  const first = layers.batchNormalization({ axis: 1 }).apply(transpose(nhwc, [0, 3, 1, 2]), { training: true });
  assertClose(transpose(first, [0, 2, 3, 1]), last, 1e-5);
});

test('matches the PyTorch batch_norm2d (training) fixture: output and gradients', () => {
  const c = parityCase('batch_norm2d_train');
  const bn = layers.batchNormalization({ epsilon: c.attrs['eps'] as number });
  const xs = nchwToNhwc(fixtureTensor(c.inputs['x']!));
  bn.apply(xs);
  loadTorchStateDict(bn, { weight: fixtureTensor(c.inputs['weight']!), bias: fixtureTensor(c.inputs['bias']!) }, { strict: false });
  const { output, dx, dWeights } = forwardBackward(bn, xs, nchwToNhwc(fixtureTensor(c.grad_output)), { training: true });
  assertClose(nhwcToNchw(output), c.output.data, PARITY_ATOL, PARITY_RTOL, 'output');
  assertClose(nhwcToNchw(dx), c.grads['x']!.data, PARITY_ATOL, PARITY_RTOL, 'dx');
  assertClose(dWeights['weight']!, c.grads['weight']!.data, PARITY_ATOL, PARITY_RTOL, 'dweight');
  assertClose(dWeights['bias']!, c.grads['bias']!.data, PARITY_ATOL, PARITY_RTOL, 'dbias');
});

test('gradients through training-mode batch norm match finite differences', () => {
  const bn = layers.batchNormalization({ gammaInitializer: 'randomNormal', betaInitializer: 'randomNormal' });
  assertLayerGradients(bn, [new Random(6).normal([4, 3])], { training: true });
  const inference = layers.batchNormalization({ movingVarianceInitializer: { className: 'Constant', config: { value: 2 } } });
  assertLayerGradients(inference, [new Random(7).normal([2, 2, 2, 3])]);
});

test('shape errors and config round trip', async () => {
  const bn = layers.batchNormalization({ name: 'bn', momentum: 0.9 });
  bn.apply(tensor([[1, 2, 3]]));
  assert.throws(() => bn.apply(tensor([[1, 2]])), /^ShapeError: bn \(BatchNormalization\): input \[null,2\] has 2 channels on axis 1, but the layer was built for 3/);
  assert.throws(() => bn.apply(tensor([[1, 2]])), ShapeError);
  assert.throws(() => layers.batchNormalization({ name: 'b0', axis: 0 }).apply(tensor([[1]])), /b0 \(BatchNormalization\): input \[null,1\] has no channel axis 0/);
  assert.throws(() => layers.batchNormalization({ momentum: 2 }), /momentum must be in \[0, 1\]/);
  const { deserializeLayer } = await import('../../../../src/nn/layers/index.js');
  const copy = deserializeLayer(JSON.parse(JSON.stringify(bn.toConfig())));
  assert.deepEqual(copy.getConfig(), bn.getConfig());
});
