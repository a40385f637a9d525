/**
 * End to end: small models written with ops + valueAndGrad, trained with these losses and
 * optimizers on toy problems. Each asserts that learning happened (loss well below its start,
 * accuracy high), with seeded data and weights.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random, Variable, add, greater, matmul, sigmoid, tanh, tensor, valueAndGrad, type Tensor } from '../../src/index.js';
import { binaryCrossentropy, meanSquaredError, sparseCategoricalCrossentropy } from '../../src/nn/losses/index.js';
import { BinaryAccuracy, SparseCategoricalAccuracy } from '../../src/nn/metrics/index.js';
import { Adam, SGD, type Optimizer } from '../../src/nn/optimizers/index.js';

/** Trains `weights` for `steps` full-batch steps; returns the losses of the first and last step. */
function train(loss: (...w: Tensor[]) => Tensor, weights: Variable[], optimizer: Optimizer, steps: number): { first: number; last: number } {
  const step = valueAndGrad(loss as (...w: Variable[]) => Tensor);
  let first = NaN;
  let last = NaN;
  for (let i = 0; i < steps; i++) {
    const { value, grads } = step(...weights);
    if (i === 0) first = value.item();
    last = value.item();
    optimizer.applyGradients(grads, weights);
  }
  return { first, last };
}

/** Points around ±1 on each axis: label 1 when `label(x, y)` holds. */
function toyData(rng: Random, n: number, label: (x: number, y: number) => number): { x: Tensor; y: Tensor } {
  const points: number[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const cx = i % 2 === 0 ? 1 : -1;
    const cy = Math.floor(i / 2) % 2 === 0 ? 1 : -1;
    const px = cx + 0.25 * rng.nextNormal();
    const py = cy + 0.25 * rng.nextNormal();
    points.push(px, py);
    labels.push(label(cx, cy));
  }
  return { x: tensor(points, [n, 2]), y: tensor(labels, [n, 1]) };
}

test('logistic regression with SGD separates two clusters', () => {
  const rng = new Random(1);
  const { x, y } = toyData(rng, 64, (cx, cy) => (cx + cy > 0 ? 1 : cx + cy < 0 ? 0 : cx > 0 ? 1 : 0));
  const w = new Variable(tensor([[0], [0]]), { name: 'w' });
  const b = new Variable(tensor([0]), { name: 'b' });
  const logits = (wv: Tensor, bv: Tensor) => add(matmul(x, wv), bv);
  const { first, last } = train((wv, bv) => binaryCrossentropy(y, logits(wv, bv), { fromLogits: true }), [w, b], new SGD({ learningRate: 0.5 }), 100);
  assert.ok(Math.abs(first - Math.log(2)) < 1e-6, `zero weights start at log 2, got ${first}`);
  assert.ok(last < 0.25 * first, `loss ${first} -> ${last}`);
  const accuracy = new BinaryAccuracy({ threshold: 0 });
  accuracy.update(y, logits(w, b));
  assert.ok(accuracy.result() >= 0.95, `accuracy ${accuracy.result()}`);
});

test('a 2-layer tanh MLP with Adam learns four classes', () => {
  const rng = new Random(2);
  const { x, y } = toyData(rng, 96, (cx, cy) => (cx > 0 ? 1 : 0) + (cy > 0 ? 2 : 0));
  const labels = tensor(y.data(), [96], 'int32');
  const w1 = new Variable(rng.normal([2, 16], 0, 0.5), { name: 'w1' });
  const b1 = new Variable(tensor(new Float32Array(16)), { name: 'b1' });
  const w2 = new Variable(rng.normal([16, 4], 0, 0.5), { name: 'w2' });
  const b2 = new Variable(tensor(new Float32Array(4)), { name: 'b2' });
  const forward = (a: Tensor, c: Tensor, d: Tensor, e: Tensor) => add(matmul(tanh(add(matmul(x, a), c)), d), e);
  const loss = (a?: Tensor, c?: Tensor, d?: Tensor, e?: Tensor) => sparseCategoricalCrossentropy(labels, forward(a!, c!, d!, e!), { fromLogits: true });
  const { first, last } = train(loss, [w1, b1, w2, b2], new Adam({ learningRate: 0.05 }), 150);
  assert.ok(last < 0.1 * first, `loss ${first} -> ${last}`);
  const accuracy = new SparseCategoricalAccuracy();
  accuracy.update(labels, forward(w1, b1, w2, b2));
  assert.ok(accuracy.result() >= 0.95, `accuracy ${accuracy.result()}`);
});

test('the textbook setting: sigmoid units, mean squared error and plain gradient descent learn XOR', () => {
  const rng = new Random(3);
  const { x, y } = toyData(rng, 64, (cx, cy) => (cx * cy < 0 ? 1 : 0));
  const w1 = new Variable(rng.normal([2, 8], 0, 1), { name: 'w1' });
  const b1 = new Variable(rng.normal([8], 0, 1), { name: 'b1' });
  const w2 = new Variable(rng.normal([8, 1], 0, 1), { name: 'w2' });
  const b2 = new Variable(tensor([0]), { name: 'b2' });
  const forward = (a: Tensor, c: Tensor, d: Tensor, e: Tensor) => sigmoid(add(matmul(sigmoid(add(matmul(x, a), c)), d), e));
  const loss = (a?: Tensor, c?: Tensor, d?: Tensor, e?: Tensor) => meanSquaredError(y, forward(a!, c!, d!, e!));
  const { first, last } = train(loss, [w1, b1, w2, b2], new SGD({ learningRate: 2 }), 1500);
  assert.ok(last < 0.2 * first, `loss ${first} -> ${last}`);
  const predictions = greater(forward(w1, b1, w2, b2), 0.5).data();
  const correct = Array.from(y.data()).filter((label, i) => label === predictions[i]).length;
  assert.ok(correct / 64 >= 0.9, `accuracy ${correct / 64}`);
});
