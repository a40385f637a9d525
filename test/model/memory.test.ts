/** Training does not leak: memory stays flat over many steps, without the user managing tensors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { regularizers, layers, Dataset, Sequential, memory, optimizers } from '../../src/index.js';
import { blobs } from './helpers/data.js';
import { settleGc } from '../helpers/gc.js';

test('200 fit steps (with metrics, validation and predict) keep memory() flat', async () => {
  const { x, y } = blobs(400);
  const model = new Sequential({ seed: 0, layers: [layers.dense({ units: 16, inputShape: [2], activation: 'relu', kernelRegularizer: regularizers.l2(1e-4) }), layers.dense({ units: 3, activation: 'softmax' })] });
  model.compile({ optimizer: new optimizers.Adam({ learningRate: 0.01 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  // Warm-up: the optimizer creates its moment slots on the first step.
  await model.fit(x, y, { epochs: 1, batchSize: 200, verbose: 0 });
  await settleGc();
  const before = memory();
  await model.fit(x, y, { epochs: 10, batchSize: 20, verbose: 0, validationData: [x, y] });
  assert.equal(model.compiled!.optimizer.iterations, 2 + 200);
  await model.evaluate(x, y);
  const preds = await model.predict(x, { batchSize: 50 });
  (Array.isArray(preds) ? preds : [preds]).forEach((t) => t.dispose());
  // Scopes free every step's tensors at once: the count is back without waiting for the collector.
  assert.deepEqual(memory(), before);
});

test('fit on a dataset releases the batches the pipeline made', async () => {
  const { x, y } = blobs(100);
  const model = new Sequential({ seed: 0, layers: [layers.dense({ units: 3, inputShape: [2], activation: 'softmax' })] });
  model.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy' });
  const data = Dataset.fromTensors(x, y).shuffle(1).batch(10);
  await model.fit(data, undefined, { epochs: 1, verbose: 0 });
  await settleGc();
  const before = memory();
  await model.fit(data, undefined, { epochs: 5, verbose: 0 });
  assert.deepEqual(memory(), before);
});
