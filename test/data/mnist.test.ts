/** loadMnist: the npm package's digits, split by a seeded permutation. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadMnist } from '../../src/index.js';

test('loadMnist returns NHWC float images in [0, 1] and int32 labels, split by a seeded permutation', async () => {
  const { xTrain, yTrain, xTest } = await loadMnist({ trainSize: 300, testSize: 100 });
  assert.deepEqual(xTrain.shape, [300, 28, 28, 1]);
  assert.deepEqual(yTrain.shape, [300]);
  assert.deepEqual(xTest.shape, [100, 28, 28, 1]);
  assert.equal(xTrain.dtype, 'float32');
  assert.equal(yTrain.dtype, 'int32');
  const pixels = xTrain.data();
  assert.ok(pixels.every((v) => v >= 0 && v <= 1));
  assert.ok(pixels.some((v) => v > 0.9), 'digits have ink');
  const labels = [...yTrain.data()];
  assert.ok(labels.every((l) => Number.isInteger(l) && l >= 0 && l <= 9));
  assert.equal(new Set(labels).size, 10, 'the permutation mixes the classes');
  const again = await loadMnist({ trainSize: 300, testSize: 100 });
  assert.deepEqual([...again.yTrain.data()], labels);
  assert.deepEqual([...again.xTest.data().subarray(0, 784)], [...xTest.data().subarray(0, 784)]);
  const other = await loadMnist({ seed: 1, trainSize: 300, testSize: 100 });
  assert.notDeepEqual([...other.yTrain.data()], labels);
});

test('train and test never overlap: together they are every digit exactly once', async () => {
  const { xTrain, yTrain, xTest, yTest } = await loadMnist({ trainSize: 8000, testSize: 2000 });
  const counts = new Array<number>(10).fill(0);
  for (const l of [...yTrain.data(), ...yTest.data()]) counts[l]!++;
  assert.equal(counts.reduce((a, b) => a + b), 10000);
  // The package holds about a thousand digits per class.
  assert.ok(counts.every((c) => c > 800 && c < 1200), `${counts}`);
  // Ink per image identifies images well enough to see the same digit is not in both sets.
  const ink = (x: Float32Array, i: number) => x.subarray(i * 784, (i + 1) * 784).reduce((a, b) => a + b, 0);
  const trainPixels = xTrain.data<'float32'>();
  const testPixels = xTest.data<'float32'>();
  const train = new Set(Array.from({ length: 8000 }, (_, i) => ink(trainPixels, i)));
  const shared = Array.from({ length: 2000 }, (_, i) => ink(testPixels, i)).filter((v) => train.has(v)).length;
  assert.ok(shared < 20, `${shared} test digits have a training twin`);
  await assert.rejects(loadMnist({ trainSize: 9000, testSize: 2000 }), /trainSize 9000 \+ testSize 2000 exceeds the 10000 digits available/);
});
