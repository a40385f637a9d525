/** Gradients of every loss against finite differences (checkGradients), away from kinks and clips. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkGradients, tensor, type Tensor } from '../../../src/index.js';
import {
  BinaryCrossentropy, CategoricalCrossentropy, Huber, KLDivergence, MeanAbsoluteError, MeanSquaredError, SparseCategoricalCrossentropy,
  reduceLoss, type Loss,
} from '../../../src/nn/losses/index.js';

function assertGradients(name: string, f: (...args: Tensor[]) => Tensor, args: Tensor[]): void {
  const result = checkGradients(f, args, { epsilon: 1e-3, atol: 2e-3, rtol: 2e-2 });
  assert.ok(result.ok, `${name}: ${JSON.stringify(result.mismatches.slice(0, 3))}`);
}

const targets = tensor([[0.1, 0.9, 0.4], [0.7, 0.2, 0.5]]);
const predictions = tensor([[0.3, 0.6, 0.45], [0.2, 0.65, 0.15]]);
const logits = tensor([[1.5, -0.5, 0.2], [-2, 0.7, 3]]);

const cases: [string, Loss, Tensor, Tensor][] = [
  ['mse', new MeanSquaredError(), targets, predictions],
  ['mae', new MeanAbsoluteError(), targets, predictions],
  ['huber', new Huber({ delta: 0.3 }), targets, predictions],
  ['bce probabilities', new BinaryCrossentropy(), targets, predictions],
  ['bce logits', new BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 }), targets, logits],
  ['cce probabilities', new CategoricalCrossentropy(), tensor([[0, 1, 0], [0.2, 0.3, 0.5]]), predictions],
  ['cce logits', new CategoricalCrossentropy({ fromLogits: true }), tensor([[0, 1, 0], [0.2, 0.3, 0.5]]), logits],
  ['kld', new KLDivergence(), tensor([[0.2, 0.5, 0.3], [0.6, 0.1, 0.3]]), predictions],
];

for (const [name, loss, yTrue, yPred] of cases) {
  test(`gradient of ${name} with respect to the predictions`, () => {
    assertGradients(name, (p) => reduceLoss(loss.perSample(yTrue, p)), [yPred]);
  });
}

test('gradients of mse and bce-from-logits with respect to the targets too', () => {
  assertGradients('mse', (t, p) => reduceLoss(new MeanSquaredError().perSample(t, p)), [targets, predictions]);
  assertGradients('bce', (t, x) => reduceLoss(new BinaryCrossentropy({ fromLogits: true }).perSample(t, x)), [targets, logits]);
});

test('gradient of sparse crossentropy (logits and probabilities) with sample weights', () => {
  const labels = tensor([2, 0], [2], 'int32');
  const weights = tensor([1, 3]);
  assertGradients('scce logits', (x) => reduceLoss(new SparseCategoricalCrossentropy({ fromLogits: true }).perSample(labels, x), weights), [logits]);
  assertGradients('scce probabilities', (p) => reduceLoss(new SparseCategoricalCrossentropy().perSample(labels, p), weights), [predictions]);
});

test('bce from logits has the exact gradient sigmoid(x) − z at x = 0 (zero-initialised models)', () => {
  const check = checkGradients((x) => reduceLoss(new BinaryCrossentropy({ fromLogits: true }).perSample(tensor([1, 0]), x)), [tensor([0, 0])]);
  assert.ok(check.ok, JSON.stringify(check.mismatches));
});
