/** Sparse categorical cross-entropy: label forms, equality with the one-hot form, extreme logits, errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError, ShapeError, DTypeError, tensor } from '../../../src/index.js';
import { CategoricalCrossentropy, SparseCategoricalCrossentropy, sparseCategoricalCrossentropy } from '../../../src/nn/losses/index.js';
import { assertClose } from '../../helpers/assert-close.js';

const logits = tensor([[1, 2, 0.5], [-1, 0, 3], [0.2, 0.1, -0.4], [2, 2, 2]]);
const labels = [1, 2, 0, 2];
const oneHot = tensor(labels.map((l) => [0, 1, 2].map((c) => (c === l ? 1 : 0))));

test('sparse crossentropy from logits equals categorical crossentropy with one-hot targets', () => {
  const sparse = new SparseCategoricalCrossentropy({ fromLogits: true }).perSample(tensor(labels, [4], 'int32'), logits);
  const dense = new CategoricalCrossentropy({ fromLogits: true }).perSample(oneHot, logits);
  assertClose(sparse, dense);
  assertClose([sparse.data()[3]!], [Math.log(3)]);
});

test('int32 labels, float labels, and [batch, 1] labels give identical results', () => {
  const loss = new SparseCategoricalCrossentropy({ fromLogits: true });
  const reference = loss.perSample(tensor(labels, [4], 'int32'), logits).data();
  assert.deepEqual(loss.perSample(tensor(labels, [4]), logits).data(), reference);
  assert.deepEqual(loss.perSample(tensor(labels, [4, 1], 'int32'), logits).data(), reference);
  assert.deepEqual(loss.perSample(tensor(labels, [4, 1]), logits).data(), reference);
});

test('sparse crossentropy from probabilities renormalises and clips like the categorical form', () => {
  const p = tensor([[0.2, 0.5, 0.3], [0, 0, 1], [1, 0, 0]]);
  const sparse = sparseCategoricalCrossentropy(tensor([1, 2, 1], [3], 'int32'), p);
  const dense = new CategoricalCrossentropy().perSample(tensor([[0, 1, 0], [0, 0, 1], [0, 1, 0]]), p);
  assertClose(sparse, [Array.from(dense.data()).reduce((a, b) => a + b, 0) / 3]);
  assertClose(dense, [-Math.log(0.5), -Math.log(1 - 1e-7), -Math.log(Math.fround(1e-7))], 1e-4);
});

test('extreme logits stay finite (including -Infinity on another class)', () => {
  const x = tensor([[1000, 0, -1000], [-1000, 1000, 0], [0, -Infinity, 5]]);
  const out = new SparseCategoricalCrossentropy({ fromLogits: true }).perSample(tensor([0, 0, 2], [3], 'int32'), x);
  assertClose(out, [0, 2000, Math.log1p(Math.exp(-5))], 1e-3);
});

test('sequence labels [batch, time] with logits [batch, time, classes]', () => {
  const x = tensor([[[0, 0], [3, 1]]]);
  const out = new SparseCategoricalCrossentropy({ fromLogits: true }).perSample(tensor([[1, 0]], [1, 2], 'int32'), x);
  assertClose(out, [(Math.log(2) + Math.log1p(Math.exp(-2))) / 2]);
});

test('an out-of-range label throws an ArgumentError naming the first bad label and its index', () => {
  const x = tensor(new Float32Array(50), [5, 10]);
  const check = (values: number[], dtype: 'int32' | 'float32', message: string) =>
    assert.throws(() => sparseCategoricalCrossentropy(tensor(values, [5], dtype), x, { fromLogits: true }), (e: unknown) => {
      assert.ok(e instanceof ArgumentError);
      assert.equal(e.message, message);
      return true;
    });
  check([0, 1, 9, 10, 11], 'int32', 'sparse_categorical_crossentropy: label 10 at index 3 is out of range for 10 classes');
  check([0, -1, 2, 3, 4], 'float32', 'sparse_categorical_crossentropy: label -1 at index 1 is out of range for 10 classes');
  check([0, 1, 2.5, 3, 4], 'float32', 'sparse_categorical_crossentropy: label 2.5 at index 2 is not an integer class index');
});

test('label and prediction shape or dtype mistakes are named', () => {
  const loss = new SparseCategoricalCrossentropy();
  assert.throws(() => loss.perSample(tensor([0, 1, 2], [3], 'int32'), tensor([[0.5, 0.5], [0.5, 0.5]])), (e: unknown) =>
    e instanceof ShapeError && /labels \[3\] do not match predictions \[2,2\]: expected \[2\] or \[2,1\]/.test(e.message));
  assert.throws(() => loss.perSample(tensor([true, false]), tensor([[0.5, 0.5], [0.5, 0.5]])), DTypeError);
});
