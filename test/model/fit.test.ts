/** fit, evaluate, predict and the on-batch methods: learning, validation, weights, multi-output, input checks. */
import type { Dense } from '../../src/nn/layers/index.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { regularizers, layers, Model, Sequential, input, tensor, optimizers, ShapeError, ArgumentError, type Tensor } from '../../src/index.js';
import { blobs, linearProblem } from './helpers/data.js';
import { assertClose } from '../helpers/assert-close.js';

function regressor(seed = 0) {
  const model = new Sequential({ seed, layers: [layers.dense({ units: 1, inputShape: [3] })] });
  model.compile({ optimizer: new optimizers.SGD({ learningRate: 0.1 }), loss: 'mse', metrics: ['mae'] });
  return model;
}

test('fit reduces the loss of a linear regression to near zero and evaluate agrees', async () => {
  const { x, y } = linearProblem(256);
  const model = regressor();
  const before = await model.evaluate(x, y);
  const history = await model.fit(x, y, { epochs: 30, batchSize: 16, verbose: 0 });
  assert.deepEqual(history.epoch, [...Array(30).keys()]);
  assert.equal(history.history.loss!.length, 30);
  assert.ok(history.history.loss![29]! < history.history.loss![0]! / 20, `loss ${history.history.loss![0]} -> ${history.history.loss![29]}`);
  const after = await model.evaluate(x, y);
  assert.deepEqual(Object.keys(after), ['loss', 'mae']);
  assert.ok(after.loss! < 1e-3 && after.loss! < before.loss! / 100, `evaluate ${before.loss} -> ${after.loss}`);
  const w = (model.layers[0] as Dense).weight!.data();
  assertClose(w, [0.5, -1.5, 2], 0.02, 0);
});

test('the loss reported by fit is the mean over the epoch: one full batch of plain SGD matches a hand step', async () => {
  const x = tensor([[1, 0, 0], [0, 1, 0]]);
  const y = tensor([[1], [2]]);
  const model = regressor();
  const w0 = model.getWeights();
  const pred = (model.predictOnBatch(x) as Tensor).data();
  const expectedLoss = ((pred[0]! - 1) ** 2 + (pred[1]! - 2) ** 2) / 2;
  const history = await model.fit(x, y, { epochs: 1, batchSize: 2, verbose: 0, shuffle: false });
  assertClose([history.history.loss![0]!], [expectedLoss]);
  // d/dw mean((xw + b - y)²) = 2/n Σ (pred - y) x
  const w1 = model.weights[0]!.data();
  const grad = [(2 / 2) * (pred[0]! - 1), (2 / 2) * (pred[1]! - 2), 0];
  assertClose(w1, w0[0]!.data().map((v, i) => v - 0.1 * grad[i]!));
});

test('fit is reproducible from the seed, shuffling included', async () => {
  const { x, y } = linearProblem(100);
  const run = async (seed: number) => {
    const model = regressor(0);
    await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, seed });
    return [...model.weights[0]!.data()];
  };
  assert.deepEqual(await run(1), await run(1));
  assert.notDeepEqual(await run(1), await run(2));
});

test('validationSplit holds out the last samples, before shuffling, as Keras does', async () => {
  const { x, y } = linearProblem(100);
  const model = regressor();
  const history = await model.fit(x, y, { epochs: 3, batchSize: 10, validationSplit: 0.2, verbose: 0 });
  assert.equal(history.history.val_loss!.length, 3);
  assert.ok('val_mae' in history.history);
  const last = await model.evaluate(tensor(x.data().slice(80 * 3), [20, 3]), tensor(y.data().slice(80), [20, 1]));
  assertClose([history.history.val_loss![2]!], [last.loss!], 1e-6);
  await assert.rejects(model.fit(x, y, { validationSplit: 1.5 }), /validationSplit must be in \[0, 1\)/);
});

test('validationData is evaluated after every epoch', async () => {
  const train = linearProblem(64, 3, 1);
  const val = linearProblem(32, 3, 9);
  const model = regressor();
  const history = await model.fit(train.x, train.y, { epochs: 2, validationData: [val.x, val.y], verbose: 0 });
  const final = await model.evaluate(val.x, val.y);
  assertClose([history.history.val_loss![1]!], [final.loss!], 1e-6);
});

test('classWeight and sampleWeight scale each sample as Keras does (sum of weighted losses over the batch size)', async () => {
  const { x, y } = blobs(6, 2);
  const model = new Sequential({ seed: 3, layers: [layers.dense({ units: 2, inputShape: [2], activation: 'softmax' })] });
  model.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy' });
  const probs = (model.predictOnBatch(x) as Tensor).data();
  const labels = y.data();
  const perSample = [...labels].map((c, i) => -Math.log(probs[i * 2 + c]!));
  const plain = model.testOnBatch(x, y).loss!;
  assertClose([plain], [perSample.reduce((a, b) => a + b) / 6]);
  const weighted = model.testOnBatch(x, y, { classWeight: { 1: 3 } }).loss!;
  assertClose([weighted], [perSample.reduce((a, v, i) => a + v * (labels[i] === 1 ? 3 : 1), 0) / 6]);
  assert.notEqual(weighted, plain);
  const sw = tensor([1, 0, 1, 0, 1, 0]);
  assertClose([model.testOnBatch(x, y, { sampleWeight: sw }).loss!], [(perSample[0]! + perSample[2]! + perSample[4]!) / 6]);
  const history = await model.fit(x, y, { epochs: 1, batchSize: 6, classWeight: { 1: 3 }, verbose: 0 });
  assertClose([history.history.loss![0]!], [weighted], 1e-5);
});

test('a classifier learns separable blobs and reports accuracy', async () => {
  const { x, y } = blobs(300, 3);
  const model = new Sequential({ seed: 0, layers: [layers.dense({ units: 16, inputShape: [2], activation: 'relu' }), layers.dense({ units: 3, activation: 'softmax' })] });
  model.compile({ optimizer: new optimizers.Adam({ learningRate: 0.05 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  const history = await model.fit(x, y, { epochs: 10, batchSize: 32, verbose: 0 });
  assert.ok(history.history.accuracy![9]! > 0.95, `accuracy ${history.history.accuracy}`);
  const result = await model.evaluate(x, y, { batchSize: 64 });
  assert.ok(result.accuracy! > 0.95);
  const probs = (await model.predict(x, { batchSize: 7 })) as Tensor;
  assert.deepEqual(probs.shape, [300, 3]);
  const batchwise = model.predictOnBatch(x) as Tensor;
  assertClose(probs, batchwise, 1e-6);
});

test('multi-output models weigh per-output losses and log them by output name', async () => {
  const a = input({ shape: [3] });
  const hidden = layers.dense({ units: 4, activation: 'relu', name: 'trunk' }).apply(a);
  const out1 = layers.dense({ units: 1, name: 'left' }).apply(hidden);
  const out2 = layers.dense({ units: 1, name: 'right' }).apply(hidden);
  const model = new Model({ inputs: a, outputs: [out1, out2], seed: 1 });
  model.compile({ optimizer: 'sgd', loss: { left: 'mse', right: 'mae' }, lossWeights: [0.25, 2], metrics: [['mae'], []] });
  const { x, y } = linearProblem(16);
  const y2 = tensor(y.data().map((v) => -v), [16, 1]);
  const logs = model.testOnBatch(x, [y, y2]);
  assert.deepEqual(Object.keys(logs).sort(), ['left_loss', 'left_mae', 'loss', 'right_loss']);
  assertClose([logs.loss!], [0.25 * logs.left_loss! + 2 * logs.right_loss!]);
  const history = await model.fit(x, [y, y2], { epochs: 2, batchSize: 8, verbose: 0 });
  assert.equal(history.history.right_loss!.length, 2);
  const preds = (await model.predict(x)) as Tensor[];
  assert.equal(preds.length, 2);
  assert.throws(() => model.compile({ optimizer: 'sgd', loss: ['mse'] }), /loss has 1 entries, the model has 2 outputs \(left, right\)/);
  assert.throws(() => model.compile({ optimizer: 'sgd', loss: { middle: 'mse' } }), /loss names output 'middle', the outputs are left, right/);
});

test('regularization penalties are added to the loss', async () => {
  const x = tensor([[1, 2, 3]]);
  const y = tensor([[0]]);
  const model = new Sequential({ seed: 2, layers: [layers.dense({ units: 1, inputShape: [3], kernelRegularizer: regularizers.l2(0.5) })] });
  model.compile({ optimizer: 'sgd', loss: 'mse' });
  const w = model.weights[0]!.data();
  const pred = (model.predictOnBatch(x) as Tensor).item();
  const penalty = 0.5 * [...w].reduce((s, v) => s + v * v, 0);
  assertClose([model.testOnBatch(x, y).loss!], [pred * pred + penalty]);
});

test('input validation names the problem before training starts', async () => {
  const model = regressor();
  const { x, y } = linearProblem(10);
  await assert.rejects(model.fit(x, tensor(new Float32Array(9), [9, 1]), { verbose: 0 }), /fit: x has 10 samples but y has 9/);
  await assert.rejects(model.fit(tensor(new Float32Array(20), [10, 2]), y, { verbose: 0 }), (e: Error) => e instanceof ShapeError && /fit: x has samples of shape \[2\] \(x is \[10,2\]\), but the model's input expects \[null,3\]/.test(e.message));
  const nan = x.data();
  nan[3 * 4 + 1] = NaN;
  await assert.rejects(model.fit(tensor(nan, [10, 3]), y, { verbose: 0 }), /fit: x contains NaN at sample 4, element \[1\] \(flat index 13\)/);
  await assert.rejects(model.fit(tensor(new Float32Array(0), [0, 3]), tensor(new Float32Array(0), [0, 1]), { verbose: 0 }), /fit: x has no samples/);
  await assert.rejects(model.fit(x, y, { batchSize: 0, verbose: 0 }), /batchSize must be an integer >= 1, got 0/);
  await assert.rejects(model.fit(x, y, { epoch: 3 } as never), /unknown option 'epoch'/);
  await assert.rejects(model.fit({ data: new Float32Array(5), shape: [2, 3] }, y), /data has 5 values, shape \[2,3\] needs 6/);
  await assert.rejects(new Sequential({ layers: [layers.dense({ units: 1 })] }).fit(x, y), /not compiled; call model.compile/);
  await assert.rejects(model.fit(x, undefined), ArgumentError);
});

test('labels out of range reach the user with the batch that holds them', async () => {
  const model = new Sequential({ seed: 0, layers: [layers.dense({ units: 3, inputShape: [2], activation: 'softmax' })] });
  model.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy' });
  const x = tensor(new Float32Array(20), [10, 2]);
  const labels = new Int32Array(10);
  labels[7] = 5;
  await assert.rejects(model.fit(x, tensor(labels, [10], 'int32'), { batchSize: 4, shuffle: false, verbose: 0 }), (e: Error) => {
    assert.match(e.message, /^fit: epoch 1\/1, batch 2\/3: /);
    assert.match(e.message, /5/);
    return true;
  });
});

test('typed arrays with a shape are accepted wherever tensors are', async () => {
  const model = regressor();
  const { x, y } = linearProblem(20);
  const history = await model.fit({ data: x.data(), shape: [20, 3] }, { data: y.data(), shape: [20, 1] }, { epochs: 1, verbose: 0 });
  assert.equal(history.history.loss!.length, 1);
  const out = (await model.predict({ data: [...x.data()], shape: [20, 3] })) as Tensor;
  assert.deepEqual(out.shape, [20, 1]);
});

test('initialEpoch starts the epoch count where a previous run stopped', async () => {
  const model = regressor();
  const { x, y } = linearProblem(20);
  const history = await model.fit(x, y, { epochs: 5, initialEpoch: 3, verbose: 0 });
  assert.deepEqual(history.epoch, [3, 4]);
});

test('dropout masks come from the fit seed: runs repeat exactly, and resuming at an epoch replays it', async () => {
  const { x, y } = linearProblem(64);
  const make = () => {
    const model = new Sequential({ seed: 5, layers: [layers.dense({ units: 16, inputShape: [3], activation: 'relu' }), layers.dropout({ rate: 0.5 }), layers.dense({ units: 1 })] });
    model.compile({ optimizer: new optimizers.SGD({ learningRate: 0.05 }), loss: 'mse' });
    return model;
  };
  const a = make();
  await a.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0 });
  const b = make();
  await b.fit(x, y, { epochs: 1, batchSize: 16, verbose: 0 });
  await b.fit(x, y, { epochs: 2, initialEpoch: 1, batchSize: 16, verbose: 0 });
  a.weights.forEach((w, i) => assert.deepEqual([...w.data()], [...b.weights[i]!.data()], w.name));
  // Inference ignores dropout.
  const p1 = (await a.predict(x)) as Tensor;
  const p2 = (await a.predict(x)) as Tensor;
  assert.deepEqual([...p1.data()], [...p2.data()]);
});
