/** Flatten, Reshape and Permute: values, symbolic shapes, gradients, errors, configs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arange, Random, reshape as reshapeOp, tensor } from '../../../../src/index.js';
import { layers } from '../../../../src/index.js';
import { input } from '../../../../src/nn/symbolic.js';
import { deserializeLayer } from '../../../../src/nn/layers/index.js';
import { assertClose } from '../../../helpers/assert-close.js';
import { assertLayerGradients } from '../helpers.js';

test('flatten keeps the batch axis and row-major order', () => {
  const x = reshapeOp(arange(0, 24, 1, 'float32'), [2, 2, 3, 2]);
  const y = layers.flatten().apply(x);
  assert.deepEqual(y.shape, [2, 12]);
  assertClose(y, x.data());
  assert.deepEqual(layers.flatten().apply(input({ shape: [7, 7, 64] })).shape, [null, 3136]);
  assert.deepEqual(layers.flatten().apply(input({ shape: [null, 3] })).shape, [null, null]);
});

test('reshape infers -1 and checks sizes', () => {
  const x = arange(0, 12, 1, 'float32');
  const y = layers.reshape({ targetShape: [3, -1] }).apply(reshapeOp(x, [2, 6]));
  assert.deepEqual(y.shape, [2, 3, 2]);
  assertClose(y, x.data());
  assert.deepEqual(layers.reshape({ targetShape: [7, 7, 64] }).apply(input({ shape: [3136] })).shape, [null, 7, 7, 64]);
  assert.throws(() => layers.reshape({ targetShape: [5, -1], name: 'r' }).apply(reshapeOp(x, [2, 6])), /r \(Reshape\): cannot reshape input \[null,6\] \(6 values per sample\) to \[5,-1\]/);
  assert.throws(() => layers.reshape({ targetShape: [4], name: 'r4' }).apply(reshapeOp(x, [2, 6])), /r4 \(Reshape\): cannot reshape input \[null,6\]/);
  assert.throws(() => layers.reshape({ targetShape: [-1, -1] }), /Reshape: targetShape must be a list of positive integers with at most one -1/);
});

test('permute reorders the non-batch axes (numbered from 1)', () => {
  const x = tensor([[[1, 2, 3], [4, 5, 6]]]); // [1, 2, 3]
  const y = layers.permute({ dims: [2, 1] }).apply(x);
  assert.deepEqual(y.shape, [1, 3, 2]);
  assertClose(y, [1, 4, 2, 5, 3, 6]);
  assert.deepEqual(layers.permute({ dims: [3, 1, 2] }).apply(input({ shape: [28, 28, 3] })).shape, [null, 3, 28, 28]);
  assert.throws(() => layers.permute({ dims: [0, 1] }), /Permute: dims must be a permutation of 1\.\.n/);
  assert.throws(() => layers.permute({ dims: [2, 1], name: 'p' }).apply(tensor([[1, 2]])), /p \(Permute\): input \[null,2\] has rank 2, expected 3 for dims \[2,1\]/);
});

test('gradients pass through reshaping layers unchanged in value', () => {
  const x = new Random(1).normal([2, 3, 2]);
  assertLayerGradients(layers.flatten(), [x]);
  assertLayerGradients(layers.reshape({ targetShape: [2, 3] }), [x]);
  assertLayerGradients(layers.permute({ dims: [2, 1] }), [x]);
});

test('reshaping configs round trip', () => {
  for (const layer of [layers.flatten({ inputShape: [4, 4] }), layers.reshape({ targetShape: [2, -1] }), layers.permute({ dims: [3, 1, 2] })]) {
    const copy = deserializeLayer(JSON.parse(JSON.stringify(layer.toConfig())));
    assert.deepEqual(copy.getConfig(), layer.getConfig());
    assert.deepEqual(copy.declaredInputShape, layer.declaredInputShape);
  }
});
