/** Accuracy, top-k and the running mean on small hand-checked cases. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError, ShapeError, tensor } from '../../../src/index.js';
import {
  BinaryAccuracy, CategoricalAccuracy, Mean, SparseCategoricalAccuracy, SparseTopKCategoricalAccuracy, TopKCategoricalAccuracy,
  binaryAccuracy, sparseCategoricalAccuracy, topKCategoricalAccuracy,
} from '../../../src/nn/metrics/index.js';
import { assertClose } from '../../helpers/assert-close.js';

test('Mean: plain and weighted running means, per-sample weights, reset', () => {
  const m = new Mean('loss');
  assert.equal(m.result(), 0);
  m.update(tensor([1, 2, 3]));
  assert.equal(m.result(), 2);
  m.update(10, 3);
  assert.equal(m.result(), (6 + 30) / 6);
  m.reset();
  m.update(tensor([[1, 3], [5, 7]]), tensor([1, 0]));
  assert.equal(m.result(), 2);
  assert.throws(() => m.update(tensor([1, 2, 3]), tensor([1, 2])), /loss: sampleWeight \[2\] does not match values \[3\]/);
});

test('binary accuracy thresholds at 0.5 (strictly above), targets [batch] or [batch, 1]', () => {
  assertClose(binaryAccuracy(tensor([1, 0, 1, 0]), tensor([0.7, 0.5, 0.5, 0.2])), [1, 1, 0, 1]);
  const metric = new BinaryAccuracy();
  metric.update(tensor([1, 0, 1, 0]), tensor([[0.7], [0.5], [0.5], [0.2]]));
  metric.update(tensor([1, 1]), tensor([[0.9], [0.1]]));
  assert.equal(metric.result(), 4 / 6);
  const logits = new BinaryAccuracy({ threshold: 0 });
  logits.update(tensor([1, 0]), tensor([0.1, -3]));
  assert.equal(logits.result(), 1);
});

test('categorical and sparse categorical accuracy compare arg-maxes; sample weights count per sample', () => {
  const scores = tensor([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2], [0.2, 0.2, 0.6]]);
  const dense = new CategoricalAccuracy();
  dense.update(tensor([[0, 1, 0], [0, 1, 0], [0, 0, 1]]), scores);
  assert.equal(dense.result(), 2 / 3);
  const sparse = new SparseCategoricalAccuracy();
  sparse.update(tensor([1, 1, 2], [3], 'int32'), scores, tensor([1, 2, 1]));
  assert.equal(sparse.result(), 2 / 4);
  assertClose(sparseCategoricalAccuracy(tensor([[1], [0], [0]]), scores), [1, 1, 0]);
  assert.throws(() => sparseCategoricalAccuracy(tensor([1, 2], [2], 'int32'), scores), ShapeError);
});

test('top-k: the true class among the k best, ties counted in its favour', () => {
  const scores = tensor([[0.1, 0.5, 0.3, 0.1], [0.4, 0.3, 0.2, 0.1], [0.25, 0.25, 0.25, 0.25]]);
  assertClose(topKCategoricalAccuracy(tensor([[0, 0, 1, 0], [0, 0, 1, 0], [0, 0, 0, 1]]), scores, 2), [1, 0, 1]);
  const sparse = new SparseTopKCategoricalAccuracy({ k: 1 });
  sparse.update(tensor([1, 0, 3], [3], 'int32'), scores);
  assert.equal(sparse.result(), 1);
  const top3 = new TopKCategoricalAccuracy({ k: 3 });
  top3.update(tensor([[1, 0, 0, 0], [0, 0, 0, 1]]), tensor([[0.1, 0.5, 0.3, 0.2], [0.4, 0.3, 0.2, 0.1]]));
  assert.equal(top3.result(), 0);
  assert.throws(() => new TopKCategoricalAccuracy({ k: 0 }), (e: unknown) => e instanceof ArgumentError && /k must be a positive integer, got 0/.test(e.message));
});

test('reset forgets what was accumulated', () => {
  const metric = new CategoricalAccuracy();
  metric.update(tensor([[1, 0]]), tensor([[0.9, 0.1]]));
  assert.equal(metric.result(), 1);
  metric.reset();
  assert.equal(metric.result(), 0);
});
