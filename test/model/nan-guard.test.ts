/** The NaN guard: non-finite losses or gradients stop training (or skip the batch) before any damage. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layers, Sequential, NonFiniteError, optimizers, tensor, Variable } from '../../src/index.js';
import { firstNonFiniteGradient } from '../../src/model/training/non-finite.js';
import { linearProblem } from './helpers/data.js';

function twoLayers(lr: number) {
  const model = new Sequential({ seed: 0, layers: [layers.dense({ units: 4, inputShape: [3], activation: 'relu', name: 'hidden' }), layers.dense({ units: 1, name: 'out' })] });
  model.compile({ optimizer: new optimizers.SGD({ learningRate: lr }), loss: 'mse' });
  return model;
}

function allFinite(model: Sequential): boolean {
  return model.weights.every((w) => [...w.data()].every(Number.isFinite));
}

test('an Inf in the data stops training before the update, naming the batch, the first layer and the remedies', async () => {
  const { x, y } = linearProblem(40);
  const values = x.data();
  values[13 * 3 + 2] = Infinity;
  const model = twoLayers(0.01);
  const history = await model.fit(tensor(values, [40, 3]), y, { epochs: 3, batchSize: 10, shuffle: false, verbose: 0 });
  assert.equal(history.nonFinite.length, 1);
  const report = history.nonFinite[0]!;
  assert.equal(report.epoch, 0);
  assert.equal(report.batch, 1);
  assert.equal(report.layer, 'hidden');
  assert.equal(report.weight, 'hidden.weight');
  assert.equal(report.action, 'stop');
  assert.match(report.message, /epoch 1\/3, batch 2\/4/);
  assert.match(report.message, /layer hidden \(hidden\.weight\)/);
  // Positions are the data's (sample 13), not the batch's (row 3 of batch 2).
  assert.match(report.message, /the batch's inputs contain Infinity at sample 13 of the data \(row 3 of this batch\), element \[2\]/);
  assert.match(report.message, /lower the learning rate \(now 0\.01\)/);
  assert.match(report.message, /clipnorm or globalClipnorm/);
  assert.deepEqual(history.epoch, [0], 'training stopped in the first epoch');
  assert.ok(allFinite(model), 'the bad batch was never applied');
});

test('a huge learning rate overflows and is caught at the first non-finite step', async () => {
  const { x, y } = linearProblem(64);
  const model = twoLayers(1e6);
  const history = await model.fit(x, y, { epochs: 5, batchSize: 8, verbose: 0 });
  assert.equal(history.nonFinite.length, 1);
  const report = history.nonFinite[0]!;
  assert.ok(report.layer === 'hidden' || report.layer === 'out', `layer ${report.layer}`);
  assert.match(report.message, /Training stopped; the weights keep their values from before this batch/);
  assert.ok(allFinite(model));
});

test("'skip-batch' leaves the weights alone for bad batches and keeps training on the others", async () => {
  const { x, y } = linearProblem(40);
  const values = x.data();
  values[5 * 3] = Infinity; // one Inf in batch 0 (sample 5)
  values[25 * 3 + 1] = -Infinity; // and one in batch 2
  const model = twoLayers(0.05);
  const history = await model.fit(tensor(values, [40, 3]), y, { epochs: 4, batchSize: 10, shuffle: false, verbose: 0, onNonFinite: 'skip-batch' });
  assert.deepEqual(history.epoch, [0, 1, 2, 3]);
  assert.equal(history.nonFinite.length, 8, 'two bad batches per epoch');
  assert.ok(history.nonFinite.every((r) => r.action === 'skip-batch'));
  assert.ok(history.history.loss!.every(Number.isFinite), 'the epoch loss averages the good batches only');
  assert.ok(history.history.loss![3]! < history.history.loss![0]!);
  assert.ok(allFinite(model));
});

test('trainOnBatch throws a NonFiniteError and leaves the weights unchanged', () => {
  const model = twoLayers(0.01);
  const before = model.getWeights().map((t) => [...t.data()]);
  assert.throws(() => model.trainOnBatch(tensor([[Infinity, 0, 0]]), tensor([[1]])), (e: Error) => e instanceof NonFiniteError && e.report.layer === 'hidden');
  assert.deepEqual(model.getWeights().map((t) => [...t.data()]), before);
});

test('gradient checks report only real NaN/Inf: finite gradients whose sum overflows pass, one NaN is found', () => {
  const a = new Variable(tensor([1, 2]), { name: 'a' });
  const b = new Variable(tensor([3, 4]), { name: 'b' });
  assert.equal(firstNonFiniteGradient([], [a, b], [tensor([3e38, 3e38]), tensor([1, 2])]), null);
  const found = firstNonFiniteGradient([], [a, b], [tensor([3e38, 3e38]), tensor([1, NaN])]);
  assert.equal(found?.weight, b);
  assert.equal(found?.layer, null);
});
