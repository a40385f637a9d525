/** Regression losses (mse, mae, huber, kld) and reduceLoss, against hand calculations. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tensor, ShapeError } from '../../../src/index.js';
import {
  MeanSquaredError, MeanAbsoluteError, Huber, KLDivergence, meanSquaredError, meanAbsoluteError, huber, klDivergence, reduceLoss,
} from '../../../src/nn/losses/index.js';
import { assertClose } from '../../helpers/assert-close.js';

const yTrue = tensor([[0, 1], [2, 3]]);
const yPred = tensor([[1, 1], [2, 5]]);

test('mse: per-sample mean of squared errors, then the batch mean', () => {
  assertClose(new MeanSquaredError().perSample(yTrue, yPred), [0.5, 2]);
  assertClose(meanSquaredError(yTrue, yPred), [1.25]);
});

test('mae: per-sample mean of absolute errors', () => {
  assertClose(new MeanAbsoluteError().perSample(yTrue, yPred), [0.5, 1]);
  assertClose(meanAbsoluteError(yTrue, yPred), [0.75]);
});

test('huber: quadratic inside delta, linear outside', () => {
  // errors [1, 0] -> 0.5, 0 ; [0, 2] -> 0, 1·2 − 0.5
  assertClose(new Huber().perSample(yTrue, yPred), [0.25, 0.75]);
  // delta 3: everything quadratic -> 0.5·e²
  assertClose(huber(yTrue, yPred, { delta: 3 }), [(0.25 + 1) / 2]);
  // delta 0.5: |e| = 1 -> 0.5·1 − 0.125 = 0.375 ; |e| = 2 -> 1 − 0.125 = 0.875
  assertClose(new Huber({ delta: 0.5 }).perSample(yTrue, yPred), [0.375 / 2, 0.875 / 2]);
  assert.throws(() => new Huber({ delta: 0 }), /huber: delta must be positive, got 0/);
});

test('kld: Σ y·log(y/p) with both clipped to [1e-7, 1]', () => {
  const t = tensor([[0.5, 0.5, 0], [1, 0, 0]]);
  const p = tensor([[0.25, 0.25, 0.5], [0.5, 0.25, 0.25]]);
  const expected = [0.5 * Math.log(2) * 2 + 1e-7 * Math.log(1e-7 / 0.5), Math.log(2) + 2 * 1e-7 * Math.log(1e-7 / 0.25)];
  assertClose(new KLDivergence().perSample(t, p), expected, 1e-6);
  assertClose(klDivergence(t, p), [(expected[0]! + expected[1]!) / 2], 1e-6);
});

test('targets shaped [batch] match predictions [batch, 1] (and the reverse) without broadcasting', () => {
  const flat = tensor([1, 2, 3]);
  const column = tensor([[1.5], [2], [1]]);
  assertClose(new MeanSquaredError().perSample(flat, column), [0.25, 0, 4]);
  assertClose(new MeanSquaredError().perSample(column, flat), [0.25, 0, 4]);
});

test('int32 targets are cast; mismatched shapes throw a ShapeError naming both', () => {
  assertClose(meanSquaredError(tensor([1, 2], [2], 'int32'), tensor([1.5, 2])), [0.125]);
  assert.throws(() => meanSquaredError(tensor([[1, 2]]), tensor([[1, 2, 3]])), (e: unknown) =>
    e instanceof ShapeError && /mean_squared_error: yTrue \[1,2\] and yPred \[1,3\] must have the same shape/.test(e.message));
  assert.throws(() => meanSquaredError(tensor(1), tensor(1)), /yTrue is a scalar, expected a batch axis/);
  assert.throws(() => meanSquaredError(tensor([1]), tensor([1], [1], 'int32')), /yPred has dtype int32, expected float32/);
});

test('reduceLoss: weighted mean, Keras sum_over_batch_size, sum', () => {
  const perSample = tensor([1, 2, 3, 4]);
  assertClose(reduceLoss(perSample), [2.5]);
  const w = tensor([1, 0, 1, 2]);
  assertClose(reduceLoss(perSample, w), [(1 + 3 + 8) / 4]);
  assertClose(reduceLoss(perSample, tensor([[0], [0], [1], [1]])), [3.5]);
  assertClose(reduceLoss(perSample, w, 'sum_over_batch_size'), [12 / 4]);
  assertClose(reduceLoss(perSample, w, 'sum'), [12]);
  assertClose(reduceLoss(perSample, undefined, 'sum'), [10]);
  assertClose(reduceLoss(perSample, tensor([0, 0, 0, 0])), [0]);
  assert.throws(() => reduceLoss(perSample, tensor([1, 1])), /sampleWeight \[2\] must have shape \[4\]/);
  assert.throws(() => reduceLoss(tensor([[1]])), /perSample \[1,1\] must have shape \[batch\]/);
});
