/** Precision, recall and the confusion matrix on small hand-checked cases. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError, tensor } from '../../../src/index.js';
import { ConfusionMatrixAccumulator, Precision, Recall, confusionMatrix } from '../../../src/nn/metrics/index.js';

test('binary precision and recall with threshold 0.5', () => {
  // predicted positive: 0.9, 0.6, 0.8 ; actual positive: 1st, 2nd, 4th -> tp 2, fp 1, fn 1
  const yTrue = tensor([1, 1, 0, 1, 0]);
  const yPred = tensor([0.9, 0.6, 0.8, 0.3, 0.1]);
  const p = new Precision();
  const r = new Recall();
  p.update(yTrue, yPred);
  r.update(yTrue, yPred);
  assert.equal(p.result(), 2 / 3);
  assert.equal(r.result(), 2 / 3);
  r.update(tensor([[1], [1]]), tensor([[0.2], [0.7]]));
  assert.equal(r.result(), 3 / 5);
  const strict = new Precision({ threshold: 0.85 });
  strict.update(yTrue, yPred);
  assert.equal(strict.result(), 1);
});

test('sample weights scale the counts; empty denominators give 0', () => {
  const p = new Precision();
  assert.equal(p.result(), 0);
  p.update(tensor([1, 0, 1]), tensor([0.9, 0.8, 0.7]), tensor([2, 1, 0]));
  assert.equal(p.result(), 2 / 3);
  const r = new Recall();
  r.update(tensor([0, 0]), tensor([0.9, 0.1]));
  assert.equal(r.result(), 0);
});

test('per-class precision and recall of a multi-class output, by threshold or arg-max', () => {
  const scores = tensor([[0.6, 0.3, 0.1], [0.45, 0.35, 0.2], [0.2, 0.7, 0.1], [0.55, 0.05, 0.4]]);
  const labels = tensor([0, 1, 1, 2], [4], 'int32');
  // class 0 by threshold 0.5: predicted {0, 3}, actual {0} -> precision 1/2, recall 1
  const p0 = new Precision({ classId: 0 });
  p0.update(labels, scores);
  assert.equal(p0.result(), 1 / 2);
  // class 0 by arg-max: predicted {0, 1, 3}, actual {0} -> precision 1/3
  const p0top = new Precision({ classId: 0, topK: 1 });
  p0top.update(labels, scores);
  assert.equal(p0top.result(), 1 / 3);
  // class 1 by arg-max, one-hot targets: predicted {2}, actual {1, 2} -> recall 1/2
  const r1 = new Recall({ classId: 1, topK: 1 });
  r1.update(tensor([[1, 0, 0], [0, 1, 0], [0, 1, 0], [0, 0, 1]]), scores);
  assert.equal(r1.result(), 1 / 2);
  assert.throws(() => new Precision({ topK: 1 }), (e: unknown) => e instanceof ArgumentError && /topK needs a classId/.test(e.message));
  assert.throws(() => new Recall({ classId: 5 }).update(labels, scores), /classId 5 needs predictions \[batch, \.\.\., classes\] with more than 5 classes/);
});

test('confusionMatrix: rows are true classes, columns predictions; int32; scores are arg-maxed', () => {
  const labels = tensor([0, 1, 2, 2, 1, 0], [6], 'int32');
  const predicted = tensor([0, 2, 2, 1, 1, 0], [6], 'int32');
  const m = confusionMatrix(labels, predicted, 3);
  assert.equal(m.dtype, 'int32');
  assert.deepEqual(m.toArray(), [[2, 0, 0], [0, 1, 1], [0, 1, 1]]);
  const scores = tensor([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]]);
  assert.deepEqual(confusionMatrix(tensor([[0], [1], [1]]), scores, 2).toArray(), [[1, 0], [1, 1]]);
  assert.throws(() => confusionMatrix(labels, tensor([0, 1, 2, 3, 0, 0], [6], 'int32'), 3), /confusionMatrix: label 3 at index 3 is out of range for 3 classes/);
});

test('ConfusionMatrixAccumulator sums batches', () => {
  const acc = new ConfusionMatrixAccumulator(2);
  acc.update(tensor([0, 1], [2], 'int32'), tensor([0, 0], [2], 'int32'));
  acc.update(tensor([1, 1], [2], 'int32'), tensor([[0.1, 0.9], [0.3, 0.7]]));
  assert.deepEqual(acc.matrix().toArray(), [[1, 0], [1, 2]]);
  assert.equal(acc.accuracy(), 3 / 4);
  acc.reset();
  assert.deepEqual(acc.matrix().toArray(), [[0, 0], [0, 0]]);
});
