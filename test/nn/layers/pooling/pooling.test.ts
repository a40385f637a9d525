/** Pooling and upsampling layers: values by hand, PyTorch fixtures, shapes, gradients, errors, configs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random, tensor } from '../../../../src/index.js';
import { layers } from '../../../../src/index.js';
import { input } from '../../../../src/nn/symbolic.js';
import { deserializeLayer } from '../../../../src/nn/layers/index.js';
import { assertClose } from '../../../helpers/assert-close.js';
import {
  assertImageFixture, assertLayerGradients, fixtureTensor, forwardBackward, nchwToNhwc, nhwcToNchw, parityCase, parityCases, PARITY_ATOL, PARITY_RTOL,
} from '../helpers.js';

const image = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16], [1, 4, 4, 1]);

test('max and average pooling of a 4x4 image, by hand', () => {
  assertClose(layers.maxPooling2d().apply(image), [6, 8, 14, 16]);
  assertClose(layers.averagePooling2d().apply(image), [3.5, 5.5, 11.5, 13.5]);
  assertClose(layers.maxPooling2d({ poolSize: 3, strides: 1 }).apply(image), [11, 12, 15, 16]);
  // Keras 'same' (one padding row/column at the bottom/right) averages over the cells inside the image only:
  // windows [1,2,5,6], [4,8], [13,14] and [16].
  const same = layers.averagePooling2d({ poolSize: 2, strides: 3, padding: 'same' }).apply(image);
  assertClose(same, [3.5, 6, 13.5, 16]);
});

test('global pooling over height and width, with keepDims', () => {
  const x = tensor([1, 10, 2, 20, 3, 30, 4, 40], [1, 2, 2, 2]);
  assertClose(layers.globalAveragePooling2d().apply(x), [2.5, 25]);
  assertClose(layers.globalMaxPooling2d().apply(x), [4, 40]);
  assert.deepEqual(layers.globalAveragePooling2d({ keepDims: true }).apply(x).shape, [1, 1, 1, 2]);
  assert.deepEqual(layers.globalMaxPooling2d().apply(input({ shape: [null, null, 7] })).shape, [null, 7]);
});

test('pooling layers match the PyTorch pooling fixtures', () => {
  for (const c of parityCases('max_pool2d')) {
    assertImageFixture(layers.maxPooling2d({ poolSize: c.attrs['kernel'] as [number, number], strides: c.attrs['stride'] as [number, number], padding: c.attrs['padding'] as [number, number] }), c);
  }
  for (const c of parityCases('avg_pool2d')) {
    assertImageFixture(layers.averagePooling2d({ poolSize: c.attrs['kernel'] as [number, number], strides: c.attrs['stride'] as [number, number], padding: c.attrs['padding'] as [number, number] }), c);
  }
});

test('global average pooling and upsampling match their PyTorch fixtures', () => {
  const g = parityCase('global_avg_pool');
  // The fixture's output is [batch, channels]: compare without the NCHW round trip.
  const layer = layers.globalAveragePooling2d();
  const x = nchwToNhwc(fixtureTensor(g.inputs['x']!));
  const { output, dx } = forwardBackward(layer, x, fixtureTensor(g.grad_output));
  assertClose(output, g.output.data, PARITY_ATOL, PARITY_RTOL, 'gap output');
  assertClose(nhwcToNchw(dx), g.grads['x']!.data, PARITY_ATOL, PARITY_RTOL, 'gap dx');
  const u = parityCase('upsample_nearest_x2');
  assertImageFixture(layers.upSampling2d({ size: u.attrs['scale'] as number }), u);
});

test('upsampling by [2, 3], nearest and bilinear shapes', () => {
  const x = tensor([1, 2, 3, 4], [1, 2, 2, 1]);
  const y = layers.upSampling2d({ size: [1, 2] }).apply(x);
  assertClose(y, [1, 1, 2, 2, 3, 3, 4, 4]);
  assert.deepEqual(layers.upSampling2d({ size: [2, 3], interpolation: 'bilinear' }).apply(input({ shape: [5, null, 3] })).shape, [null, 10, null, 3]);
});

test('gradients through pooling and upsampling layers match finite differences', () => {
  const x = new Random(1).normal([1, 4, 4, 2]);
  assertLayerGradients(layers.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same' }), [x]);
  assertLayerGradients(layers.upSampling2d({ size: 2, interpolation: 'bilinear' }), [x]);
  // Max pooling needs values further apart than the finite-difference step, or the winner changes.
  const separated = tensor(Array.from(new Random(2).permutation(32), (v) => v * 0.1), [1, 4, 4, 2]);
  assertLayerGradients(layers.maxPooling2d({ poolSize: 2 }), [separated]);
  assertLayerGradients(layers.globalMaxPooling2d(), [separated]);
});

test('pooling errors name the layer; configs round trip', () => {
  assert.throws(() => layers.maxPooling2d({ name: 'mp' }).apply(tensor([1, 2], [1, 2])), /mp \(MaxPooling2D\): input \[null,2\] has rank 2, expected \[batch, height, width, channels\]/);
  assert.throws(() => layers.maxPooling2d({ poolSize: 5, name: 'mp5' }).apply(image), /mp5 \(MaxPooling2D\): input \[null,4,4,1\] is too small for a 5x5 window/);
  assert.throws(() => layers.maxPooling2d({ poolSize: 2, padding: 2 }), /MaxPooling2D: padding 2 must be at most half the pool size/);
  assert.throws(() => layers.upSampling2d({ interpolation: 'cubic' as never }), /UpSampling2D: interpolation must be 'nearest' or 'bilinear'/);
  for (const layer of [
    layers.maxPooling2d({ poolSize: [3, 2], strides: 1, padding: 'same' }),
    layers.averagePooling2d({ poolSize: 3, padding: 1, countIncludePad: false }),
    layers.globalAveragePooling2d({ keepDims: true }),
    layers.globalMaxPooling2d(),
    layers.upSampling2d({ size: [2, 3], interpolation: 'bilinear' }),
  ]) {
    assert.deepEqual(deserializeLayer(JSON.parse(JSON.stringify(layer.toConfig()))).getConfig(), layer.getConfig());
  }
});
