/** End to end: the classic MNIST model learns from 1,000 digits well above chance in a few epochs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadMnist, Sequential, layers } from '../../src/index.js';

test('Conv2D(32, 3x3, relu) -> Flatten -> Dense(10, softmax) reaches > 80% test accuracy on a 1,000-digit subset', async () => {
  const { xTrain, yTrain, xTest, yTest } = await loadMnist({ seed: 0, trainSize: 1000, testSize: 500 });
  const model = new Sequential({
    seed: 0,
    layers: [
      layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
      layers.flatten(),
      layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  const history = await model.fit(xTrain, yTrain, { epochs: 3, batchSize: 32, verbose: 0 });
  assert.ok(history.history.loss![2]! < history.history.loss![0]!);
  const { accuracy } = await model.evaluate(xTest, yTest);
  assert.ok(accuracy! > 0.8, `test accuracy ${accuracy}`);
});
