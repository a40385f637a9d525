/** Embedding, Concatenate and ZeroPadding2D. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError, Random, tensor, type Tensor } from '../../../../src/index.js';
import { layers } from '../../../../src/index.js';
import { input } from '../../../../src/nn/symbolic.js';
import { deserializeLayer } from '../../../../src/nn/layers/index.js';
import { loadTorchStateDict } from '../../../../src/nn/torch-import.js';
import { assertClose } from '../../../helpers/assert-close.js';
import { assertLayerGradients, fixtureTensor, forwardBackward, parityCase, PARITY_ATOL, PARITY_RTOL } from '../helpers.js';

test('embedding gathers rows of its weight', () => {
  const emb = layers.embedding({ inputDim: 4, outputDim: 2 });
  const ids = tensor([[3, 0], [1, 3]], undefined, 'int32');
  const y = emb.apply(ids);
  assert.deepEqual(y.shape, [2, 2, 2]);
  const w = emb.weight!.toArray() as number[][];
  assertClose(y, [w[3]!, w[0]!, w[1]!, w[3]!].flat());
  // Float ids (from a data pipeline) are truncated to integers.
  assertClose(emb.apply(tensor([[3, 0]])), [...w[3]!, ...w[0]!]);
  // Keras' default initializer: U(-0.05, 0.05).
  assert.ok(emb.weight!.data().every((v) => Math.abs(v) <= 0.05));
  assert.deepEqual(emb.apply(input({ shape: [null] })).shape, [null, null, 2]);
  // The weight gradient by finite differences (the integer ids themselves are not differentiated).
  assertLayerGradients(emb, [tensor([[3, 0, 3], [1, 1, 2]], undefined, 'int32')]);
});

test('embedding matches the PyTorch embedding fixture: output and weight gradient (repeated ids accumulate)', () => {
  const c = parityCase('embedding');
  const [vocab, dim] = c.inputs['weight']!.shape as [number, number];
  const emb = layers.embedding({ inputDim: vocab, outputDim: dim });
  const ids = fixtureTensor(c.labels!, 'int32');
  emb.apply(ids);
  loadTorchStateDict(emb, { weight: fixtureTensor(c.inputs['weight']!) });
  const { output, dWeights } = forwardBackward(emb, ids, fixtureTensor(c.grad_output));
  assertClose(output, c.output.data, PARITY_ATOL, PARITY_RTOL, 'output');
  assertClose(dWeights['weight']!, c.grads['weight']!.data, PARITY_ATOL, PARITY_RTOL, 'dweight');
});

test('embedding rejects indices outside the vocabulary, naming the layer', () => {
  const emb = layers.embedding({ inputDim: 3, outputDim: 2, name: 'tokens' });
  assert.throws(() => emb.apply(tensor([[0, 3]], undefined, 'int32')), (e: unknown) => e instanceof ArgumentError && /tokens \(Embedding\): index 3 \(element 1 of input \[1,2\]\) is outside the vocabulary \[0, 3\)/.test(e.message));
  assert.throws(() => emb.apply(tensor([[-1]], undefined, 'int32')), /index -1/);
  assert.throws(() => layers.embedding({ inputDim: 3, outputDim: 0 }), /Embedding: outputDim must be a positive integer/);
});

test('concatenate joins along the last axis (or another), with symbolic shapes and errors', () => {
  const a = tensor([[1, 2]]);
  const b = tensor([[3, 4, 5]]);
  assertClose(layers.concatenate().apply([a, b]) as Tensor, [1, 2, 3, 4, 5]);
  assertClose(layers.concatenate({ axis: 1 }).apply([tensor([[[1, 2]]]), tensor([[[3, 4]]])]) as Tensor, [1, 2, 3, 4]);
  assert.deepEqual(layers.concatenate().apply([input({ shape: [8, 8, 16] }), input({ shape: [8, 8, 32] })]).shape, [null, 8, 8, 48]);
  assert.deepEqual(layers.concatenate({ axis: 1 }).apply([input({ shape: [null, 4] }), input({ shape: [3, 4] })]).shape, [null, null, 4]);
  assert.throws(() => layers.concatenate({ name: 'cat' }).apply([tensor([[[1, 2]]]), tensor([[[1, 2], [3, 4]]])]), /cat \(Concatenate\): inputs \[null,1,2\], \[null,2,2\] differ on axis 1; only axis 2 may differ/);
  assert.throws(() => layers.concatenate({ axis: 0, name: 'c0' }).apply([a, a]), /c0 \(Concatenate\): axis 0 is not a non-batch axis/);
  assertLayerGradients(layers.concatenate(), [new Random(1).normal([2, 2]), new Random(2).normal([2, 3])]);
});

test('zeroPadding2d pads height and width with zeros', () => {
  const img = tensor([1, 2, 3, 4], [1, 2, 2, 1]);
  const y = layers.zeroPadding2d({ padding: [[1, 0], [0, 2]] }).apply(img);
  assert.deepEqual(y.shape, [1, 3, 4, 1]);
  assertClose(y, [0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0]);
  assert.deepEqual(layers.zeroPadding2d().apply(input({ shape: [28, null, 3] })).shape, [null, 30, null, 3]);
  assert.deepEqual(layers.zeroPadding2d({ padding: [2, 1] }).getConfig()['padding'], [[2, 2], [1, 1]]);
  assert.throws(() => layers.zeroPadding2d({ padding: -1 as never }), /ZeroPadding2D: padding must be an integer >= 0/);
  assertLayerGradients(layers.zeroPadding2d({ padding: 1 }), [new Random(3).normal([1, 2, 2, 2])]);
});

test('embedding, concatenate and zero padding configs round trip', () => {
  for (const layer of [layers.embedding({ inputDim: 7, outputDim: 3, embeddingsInitializer: 'glorotUniform', embeddingsRegularizer: 'l1' }), layers.concatenate({ axis: 1 }), layers.zeroPadding2d({ padding: [[0, 1], [2, 3]] })]) {
    assert.deepEqual(deserializeLayer(JSON.parse(JSON.stringify(layer.toConfig()))).getConfig(), layer.getConfig());
  }
});
