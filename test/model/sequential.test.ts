/** Sequential models: construction, shape checks at build time, lazy building, seeding, weights. */
import type { Dense } from '../../src/nn/layers/index.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layers, Sequential, ShapeError, ArgumentError, tensor } from '../../src/index.js';

test('a Sequential with an input shape builds as layers are added and reports layers and weights', () => {
  const first = layers.dense({ units: 4, activation: 'relu', inputShape: [3] });
  const second = layers.dense({ units: 2 });
  const model = new Sequential({ layers: [first] });
  assert.equal(model.built, true);
  model.add(second);
  assert.deepEqual(model.layers, [first, second]);
  assert.equal(model.getLayer(second.name), second);
  assert.equal(model.getLayer(0), first);
  assert.throws(() => model.getLayer('nope'), /no layer 'nope'; layers: /);
  assert.deepEqual(model.weights.map((w) => w.name), [`${first.name}.weight`, `${first.name}.bias`, `${second.name}.weight`, `${second.name}.bias`]);
  assert.equal(model.countParams(), 3 * 4 + 4 + 4 * 2 + 2);
  assert.deepEqual(model.outputShapes, [[null, 2]]);
});

test('apply runs the layers in order', () => {
  const model = new Sequential({ seed: 3, layers: [layers.dense({ units: 2, inputShape: [2] })] });
  const dense = model.layers[0] as Dense;
  const x = tensor([[1, 2], [3, 4]]);
  const y = model.apply(x);
  const w = dense.weight!.data();
  const b = dense.bias!.data();
  const expected = [1 * w[0]! + 2 * w[2]! + b[0]!, 1 * w[1]! + 2 * w[3]! + b[1]!, 3 * w[0]! + 4 * w[2]! + b[0]!, 3 * w[1]! + 4 * w[3]! + b[1]!];
  [...y.data()].forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-5));
});

test('adding an incompatible layer fails at once, naming both layers and shapes', () => {
  const model = new Sequential({ layers: [layers.dense({ units: 8, inputShape: [4], name: 'hidden' })] });
  const wrong = layers.dense({ units: 2, inputShape: [5], name: 'head' });
  assert.throws(() => model.add(wrong), (e: Error) => {
    assert.ok(e instanceof ShapeError);
    assert.equal(e.message, 'Sequential: layer head (Dense) expects input [null,5], previous layer hidden outputs [null,8]');
    return true;
  });
  assert.equal(model.layers.length, 1, 'the failed layer is not added');
});

test("a layer built for another shape, or rejecting the shape itself, is reported with the model context", () => {
  const model = new Sequential({ layers: [layers.flatten({ inputShape: [4, 4], name: 'flat' }), layers.dense({ units: 3, name: 'd1' })] });
  const dense = model.layers[1]!;
  const other = new Sequential({ layers: [layers.dense({ units: 5, inputShape: [7], name: 'd0' })] });
  assert.throws(() => other.add(dense), /Sequential: layer d1 \(Dense\) expects input \[null,16\], previous layer d0 outputs \[null,5\]/);
});

test('without an input shape the model is built by the first call, and then checks inputs', () => {
  const model = new Sequential({ layers: [layers.dense({ units: 2 }), layers.dense({ units: 1 })] });
  assert.equal(model.built, false);
  assert.equal(model.weights.length, 0);
  model.apply(tensor([[1, 2, 3]]));
  assert.equal(model.built, true);
  assert.equal(model.countParams(), 3 * 2 + 2 + 2 * 1 + 1);
  assert.throws(() => model.apply(tensor([[1, 2]])), /input expects \[null,3\], got \[(1|null),2\]/);
});

test('layer names must be unique and layers cannot be added twice', () => {
  const a = layers.dense({ units: 2, name: 'same', inputShape: [2] });
  const model = new Sequential({ layers: [a] });
  assert.throws(() => model.add(a), ArgumentError);
  assert.throws(() => model.add(layers.dense({ units: 2, name: 'same' })), /already has a layer named 'same'/);
});

test('the seed fixes the initial weights; other seeds give other weights', () => {
  const make = (seed: number) => new Sequential({ seed, layers: [layers.dense({ units: 4, inputShape: [3] }), layers.dense({ units: 2 })] });
  const a = make(7).weights.map((w) => [...w.data()]);
  const b = make(7).weights.map((w) => [...w.data()]);
  const c = make(8).weights.map((w) => [...w.data()]);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a[0], c[0]);
  // Lazily built models draw the same weights as eagerly built ones.
  const lazy = new Sequential({ seed: 7, layers: [layers.dense({ units: 4 }), layers.dense({ units: 2 })] });
  lazy.apply(tensor([[0, 0, 0]]));
  assert.deepEqual(lazy.weights.map((w) => [...w.data()]), a);
});

test('a seed re-initialises already built layers in place, keeping their variables', () => {
  const layer = layers.dense({ units: 3, inputShape: [2] });
  layer.ensureBuilt([null, 2]);
  const variable = layer.weight!;
  const model = new Sequential({ seed: 11, layers: [layer] });
  assert.equal(model.weights[0], variable);
  const fresh = new Sequential({ seed: 11, layers: [layers.dense({ units: 3, inputShape: [2] })] });
  assert.deepEqual([...variable.data()], [...fresh.weights[0]!.data()]);
});

test('getWeights copies and setWeights restores', () => {
  const model = new Sequential({ seed: 1, layers: [layers.dense({ units: 2, inputShape: [2] })] });
  const saved = model.getWeights();
  model.setWeights(saved.map((t) => tensor(new Float32Array(t.size).fill(1), t.shape)));
  assert.deepEqual([...model.weights[0]!.data()], [1, 1, 1, 1]);
  model.setWeights(saved);
  assert.deepEqual([...model.weights[0]!.data()], [...saved[0]!.data()]);
  assert.throws(() => model.setWeights([saved[0]!]), /got 1 tensors, the model has 2 weights/);
});

test('pop removes the last layer', () => {
  const model = new Sequential({ layers: [layers.dense({ units: 2, inputShape: [2] }), layers.dense({ units: 1 })] });
  model.pop();
  assert.equal(model.layers.length, 1);
  assert.deepEqual(model.outputShapes, [[null, 2]]);
});
