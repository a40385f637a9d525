/**
 * Fused softmax cross-entropy ops: values and gradients against the composite formulas
 * (log-softmax, one-hot mask, sum) on both backends, finite differences, and argument errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ArgumentError, DTypeError, Random, ShapeError, checkGradients, logSoftmax, mul, neg, select, softmaxCrossEntropy,
  sparseSoftmaxCrossEntropy, sum, tensor, valueAndGrad, type Tensor,
} from '../../src/index.js';
import { oneHotMask } from '../../src/nn/losses/labels.js';
import { assertClose } from '../helpers/assert-close.js';
import { onEachBackend } from '../helpers/on-each-backend.js';

/** The composite formulas the fused ops replace. */
const compositeSparse = (x: Tensor, labels: Tensor): Tensor => neg(sum(select(oneHotMask(labels, x.shape[x.rank - 1]!), logSoftmax(x, -1), 0), -1));
const compositeDense = (x: Tensor, t: Tensor): Tensor => neg(sum(mul(t, logSoftmax(x, -1)), -1));

function randomLabels(rng: Random, shape: number[], classes: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return tensor(Int32Array.from({ length: n }, () => Math.floor(rng.uniform([1]).data()[0]! * classes)), shape, 'int32');
}

test('sparseSoftmaxCrossEntropy: logSumExp − x[label] by hand', () => {
  const out = sparseSoftmaxCrossEntropy(tensor([[1, 2, 3], [0, 0, 0]]), tensor([2, 1], [2], 'int32'));
  assert.deepEqual(out.shape, [2]);
  assertClose(out, [Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3, Math.log(3)]);
});

test('values and gradients match the composite formulas on both backends (odd shapes, rank 3, weighted dy)', () => {
  onEachBackend((backend) => {
    const rng = new Random(11);
    for (const shape of [[5, 7], [2, 3, 4], [33, 10], [1, 1]]) {
      const classes = shape[shape.length - 1]!;
      const x = mul(rng.normal(shape), 3);
      const labels = randomLabels(rng, shape.slice(0, -1), classes);
      const targets = rng.uniform(shape);
      const weights = rng.normal(shape.slice(0, -1));
      const weighted = (f: (x: Tensor, t: Tensor) => Tensor, t: Tensor) => valueAndGrad((logits: Tensor, target: Tensor) => sum(mul(f(logits, target), weights)))(x, t);
      const fusedSparse = valueAndGrad((logits: Tensor) => sum(mul(sparseSoftmaxCrossEntropy(logits, labels), weights)))(x);
      const compSparse = valueAndGrad((logits: Tensor) => sum(mul(compositeSparse(logits, labels), weights)))(x);
      assertClose(sparseSoftmaxCrossEntropy(x, labels), compositeSparse(x, labels), 1e-5, 1e-5, `${backend} sparse ${shape}`);
      assertClose(fusedSparse.grads[0]!, compSparse.grads[0]!, 1e-6, 1e-5, `${backend} sparse grad ${shape}`);
      const fusedDense = weighted(softmaxCrossEntropy, targets);
      const compDense = weighted(compositeDense, targets);
      assertClose(softmaxCrossEntropy(x, targets), compositeDense(x, targets), 1e-5, 1e-5, `${backend} dense ${shape}`);
      assertClose(fusedDense.grads[0]!, compDense.grads[0]!, 1e-6, 1e-5, `${backend} dense logits grad ${shape}`);
      assertClose(fusedDense.grads[1]!, compDense.grads[1]!, 1e-6, 1e-5, `${backend} dense targets grad ${shape}`);
    }
  });
});

test('gradients against finite differences (logits, and targets of the dense form)', () => {
  const rng = new Random(3);
  const x = rng.normal([3, 5]);
  const labels = tensor([4, 0, 2], [3], 'int32');
  const options = { epsilon: 1e-3, atol: 2e-3, rtol: 2e-2 };
  const sparse = checkGradients((logits) => sum(mul(sparseSoftmaxCrossEntropy(logits, labels), tensor([1, -2, 0.5]))), [x], options);
  assert.ok(sparse.ok, JSON.stringify(sparse.mismatches.slice(0, 3)));
  const dense = checkGradients((logits, t) => sum(softmaxCrossEntropy(logits, t)), [x, rng.uniform([3, 5])], options);
  assert.ok(dense.ok, JSON.stringify(dense.mismatches.slice(0, 3)));
});

test('large logits stay finite; the gradient is exact at the saturated label', () => {
  const x = tensor([[1000, 0, -1000], [-1000, 1000, 0]]);
  const labels = tensor([0, 0], [2], 'int32');
  assertClose(sparseSoftmaxCrossEntropy(x, labels), [0, 2000], 1e-3);
  const { grads } = valueAndGrad((logits: Tensor) => sum(sparseSoftmaxCrossEntropy(logits, labels)))(x);
  assertClose(grads[0]!, [0, 0, 0, -1, 1, 0]);
});

test('argument errors name the op, the argument and what was expected', () => {
  const x = tensor(new Float32Array(6), [2, 3]);
  const throwsWith = (fn: () => unknown, type: new (...args: never[]) => Error, message: string) =>
    assert.throws(fn, (e: unknown) => e instanceof type && (e).message === message);
  throwsWith(() => sparseSoftmaxCrossEntropy(x, tensor([0, 3], [2], 'int32')), ArgumentError, 'sparseSoftmaxCrossEntropy: label 3 at index 1 is out of range for 3 classes');
  throwsWith(() => sparseSoftmaxCrossEntropy(x, tensor([-1, 0], [2], 'int32')), ArgumentError, 'sparseSoftmaxCrossEntropy: label -1 at index 0 is out of range for 3 classes');
  throwsWith(() => sparseSoftmaxCrossEntropy(x, tensor([0, 1])), DTypeError, "sparseSoftmaxCrossEntropy: labels has dtype float32, expected int32 class indices (use cast(labels, 'int32'))");
  throwsWith(() => sparseSoftmaxCrossEntropy(x, tensor([0, 1, 2], [3], 'int32')), ShapeError,
    'sparseSoftmaxCrossEntropy: labels [3] must have the shape of logits [2,3] without the class axis, [2]');
  throwsWith(() => softmaxCrossEntropy(x, tensor(new Float32Array(3), [1, 3])), ShapeError, 'softmaxCrossEntropy: targets [1,3] must have the shape of logits [2,3]');
  throwsWith(() => softmaxCrossEntropy(tensor(1), tensor(1)), ShapeError, 'softmaxCrossEntropy: logits [] is a scalar, expected [..., classes]');
});
