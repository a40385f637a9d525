/** Dataset: sources, batch, shuffle, map, take, and training from datasets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layers, Dataset, Sequential, optimizers, tensor, type Example, type Tensor } from '../../src/index.js';
import { linearProblem } from '../model/helpers/data.js';

const rows = (t: Tensor | Tensor[] | undefined) => (t as Tensor).toArray();

test('fromTensors yields one example per sample; batch stacks them, the last batch smaller', async () => {
  const x = tensor([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]]);
  const y = tensor([0, 1, 0, 1, 1], [5], 'int32');
  const samples = await Dataset.fromTensors(x, y).toArray();
  assert.equal(samples.length, 5);
  assert.deepEqual(rows(samples[1]!.x), [3, 4]);
  assert.deepEqual(rows(samples[1]!.y), 1);
  const batches = await Dataset.fromTensors(x, y).batch(2).toArray();
  assert.deepEqual(batches.map((b) => (b.x as Tensor).shape), [[2, 2], [2, 2], [1, 2]]);
  assert.deepEqual(rows(batches[2]!.x), [[9, 10]]);
  assert.deepEqual(rows(batches[1]!.y), [0, 1]);
  assert.equal(Dataset.fromTensors(x, y).batch(2).size, 3);
  assert.equal((await Dataset.fromTensors(x).batch(2, { dropRemainder: true }).toArray()).length, 2);
  assert.throws(() => Dataset.fromTensors(x, tensor([1, 2])), /x has 5 samples but y has 2/);
});

test('shuffle permutes reproducibly from its seed, differently on each pass', async () => {
  const x = tensor([...Array(10).keys()], [10, 1]);
  const order = async (ds: Dataset<Example>) => (await ds.toArray()).map((e) => (e.x as Tensor).item());
  const a = Dataset.fromTensors(x).shuffle(3);
  const first = await order(a);
  const second = await order(a);
  assert.deepEqual([...first].sort((p, q) => p - q), [...Array(10).keys()]);
  assert.notDeepEqual(first, second);
  assert.deepEqual(await order(Dataset.fromTensors(x).shuffle(3)), first);
  assert.notDeepEqual(await order(Dataset.fromTensors(x).shuffle(4)), first);
  // Shuffled then batched: the batches hold the shuffled order.
  const batched = await Dataset.fromTensors(x).shuffle(3).batch(4).toArray();
  assert.deepEqual(batched.flatMap((b) => [...(b.x as Tensor).data()]), first);
  // Streams shuffle through a buffer, still a permutation.
  const streamed = await Dataset.fromGenerator(function* () { for (let i = 0; i < 10; i++) yield i; }).shuffle(1, 4).toArray();
  assert.deepEqual([...streamed].sort((p, q) => p - q), [...Array(10).keys()]);
  assert.notDeepEqual(streamed, [...Array(10).keys()]);
});

test('fromGenerator restarts the generator each pass; map (async too) and take compose', async () => {
  let calls = 0;
  const ds = Dataset.fromGenerator(async function* () {
    calls++;
    for (let i = 0; i < 5; i++) yield i;
  });
  const doubled = ds.map(async (v) => v * 2).take(3);
  assert.deepEqual(await doubled.toArray(), [0, 2, 4]);
  assert.deepEqual(await doubled.toArray(), [0, 2, 4]);
  assert.equal(calls, 2);
  const x = tensor([[1], [2], [3], [4]]);
  assert.deepEqual((await Dataset.fromTensors(x).take(2).toArray()).map((e) => (e.x as Tensor).item()), [1, 2]);
  assert.deepEqual((await Dataset.fromArray([1, 2, 3]).map((v, i) => v + i).toArray()), [1, 3, 5]);
  assert.throws(() => Dataset.fromGenerator(5 as never), /expected a function/);
});

test('generic batching stacks nested structures and rejects ragged elements', async () => {
  const ds = Dataset.fromGenerator(function* () {
    for (let i = 0; i < 3; i++) yield { x: [tensor([i, i]), tensor([i])], y: tensor(i) };
  }).batch(3);
  const [batch] = await ds.toArray();
  assert.deepEqual((batch!.x)[0]!.toArray(), [[0, 0], [1, 1], [2, 2]]);
  assert.deepEqual((batch!.x)[1]!.shape, [3, 1]);
  assert.deepEqual((batch!.y).toArray(), [0, 1, 2]);
  const ragged = Dataset.fromGenerator(function* () { yield tensor([1]); yield tensor([1, 2]); }).batch(2);
  await assert.rejects(ragged.toArray(), /Dataset\.batch: element: element 1 is float32 \[2\], element 0 is float32 \[1\]/);
});

test('fit, evaluate and predict accept datasets of batches', async () => {
  const { x, y } = linearProblem(64);
  const model = new Sequential({ seed: 0, layers: [layers.dense({ units: 1, inputShape: [3] })] });
  model.compile({ optimizer: new optimizers.SGD({ learningRate: 0.1 }), loss: 'mse' });
  const train = Dataset.fromTensors(x, y).shuffle(0).batch(8);
  const history = await model.fit(train, undefined, { epochs: 20, verbose: 0, validationData: Dataset.fromTensors(x, y).batch(32) });
  assert.ok(history.history.loss![19]! < history.history.loss![0]! / 10);
  assert.ok(history.history.val_loss![19]! < 0.01);
  const fromArrays = await model.evaluate(x, y);
  const fromDataset = await model.evaluate(Dataset.fromTensors(x, y).batch(16));
  assert.ok(Math.abs(fromArrays.loss! - fromDataset.loss!) < 1e-6);
  const preds = (await model.predict(Dataset.fromTensors(x).batch(10).map((e) => e.x))) as Tensor;
  assert.deepEqual(preds.shape, [64, 1]);
  // [x, y] pairs from a generator, endless, with stepsPerEpoch.
  const endless = Dataset.fromGenerator(function* () { for (;;) yield [x, y] as const; });
  const h2 = await model.fit(endless, undefined, { epochs: 2, stepsPerEpoch: 3, verbose: 0 });
  assert.equal(h2.history.loss!.length, 2);
});

test('datasets are checked: unbatched samples, empty sets, y given twice', async () => {
  const { x, y } = linearProblem(8);
  const model = new Sequential({ seed: 0, layers: [layers.dense({ units: 1, inputShape: [3] })] });
  model.compile({ optimizer: 'sgd', loss: 'mse' });
  await assert.rejects(model.fit(Dataset.fromTensors(x, y), undefined, { verbose: 0 }), /is a single sample, the model expects batches \[null,3\]; call dataset.batch\(n\) first/);
  await assert.rejects(model.fit(Dataset.fromArray([]), undefined, { verbose: 0 }), /yielded no batches in epoch 1/);
  await assert.rejects(model.fit(Dataset.fromTensors(x, y).batch(4), y, { verbose: 0 }), /y must be omitted when x is a Dataset/);
  await assert.rejects(model.fit(Dataset.fromTensors(x, y).batch(4), undefined, { batchSize: 4, verbose: 0 }), /batchSize does not apply to a Dataset/);
  await assert.rejects(model.evaluate(Dataset.fromTensors(x).batch(4)), /the batch has no targets/);
});
