/** Resolving metric names, with accuracy chosen from the loss as Keras does. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError, tensor } from '../../../src/index.js';
import { BinaryCrossentropy } from '../../../src/nn/losses/index.js';
import {
  BinaryAccuracy, CategoricalAccuracy, MeanMetricWrapper, Precision, Recall, ShapeResolvedAccuracy, SparseCategoricalAccuracy,
  SparseTopKCategoricalAccuracy, TopKCategoricalAccuracy, getMetric, resolveMetric,
} from '../../../src/nn/metrics/index.js';

test('accuracy follows the loss and keeps the name the user wrote', () => {
  const sparse = resolveMetric('accuracy', 'sparse_categorical_crossentropy');
  assert.ok(sparse instanceof SparseCategoricalAccuracy);
  assert.equal(sparse.name, 'accuracy');
  assert.ok(getMetric('acc', 'categorical_crossentropy') instanceof CategoricalAccuracy);
  assert.equal(getMetric('acc', 'categorical_crossentropy').name, 'acc');
  assert.ok(getMetric('accuracy', 'binary_crossentropy') instanceof BinaryAccuracy);
  assert.ok(getMetric('accuracy', 'sparseCategoricalCrossentropy') instanceof SparseCategoricalAccuracy);
  assert.ok(getMetric('accuracy', 'mse') instanceof ShapeResolvedAccuracy);
});

test('binary accuracy for a from-logits loss thresholds at 0', () => {
  const m = resolveMetric('accuracy', new BinaryCrossentropy({ fromLogits: true }));
  m.update(tensor([1, 0]), tensor([0.2, -0.2]));
  assert.equal(m.result(), 1);
});

test('shape-resolved accuracy picks binary, categorical or sparse per batch', () => {
  const m = getMetric('accuracy');
  m.update(tensor([1, 0]), tensor([[0.8], [0.3]]));
  assert.equal(m.result(), 1);
  m.reset();
  m.update(tensor([[0, 1], [1, 0]]), tensor([[0.2, 0.8], [0.3, 0.7]]));
  assert.equal(m.result(), 0.5);
  m.reset();
  m.update(tensor([1, 1], [2], 'int32'), tensor([[0.2, 0.8], [0.3, 0.7]]));
  assert.equal(m.result(), 1);
});

test('other names and loss names', () => {
  assert.ok(getMetric('top_k_categorical_accuracy') instanceof TopKCategoricalAccuracy);
  assert.ok(getMetric('sparseTopKCategoricalAccuracy') instanceof SparseTopKCategoricalAccuracy);
  assert.ok(getMetric('precision') instanceof Precision);
  assert.ok(getMetric('Recall') instanceof Recall);
  assert.ok(getMetric('binary_accuracy') instanceof BinaryAccuracy);
  const mse = getMetric('mse');
  assert.ok(mse instanceof MeanMetricWrapper);
  mse.update(tensor([[0, 0], [1, 1]]), tensor([[1, 1], [1, 3]]));
  assert.equal(mse.result(), (1 + 2) / 2);
  const p = new Precision();
  assert.equal(getMetric(p), p);
  assert.throws(() => getMetric('f1'), (e: unknown) => e instanceof ArgumentError && /getMetric: unknown metric 'f1'/.test(e.message));
});
