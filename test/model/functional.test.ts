/** Functional models: several inputs and outputs, shared layers, graph validation, nesting, summary. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { layers, Model, Sequential, input, tensor, ArgumentError, type Tensor } from '../../src/index.js';
import { assertClose } from '../helpers/assert-close.js';

function twoTower() {
  const a = input({ shape: [3], name: 'a' });
  const b = input({ shape: [3], name: 'b' });
  const shared = layers.dense({ units: 4, activation: 'relu', name: 'shared' });
  const sum = layers.add({ name: 'sum' }).apply([shared.apply(a), shared.apply(b)]);
  const head1 = layers.dense({ units: 2, name: 'head1' }).apply(sum);
  const head2 = layers.dense({ units: 1, name: 'head2' }).apply(sum);
  return { model: new Model({ inputs: [a, b], outputs: [head1, head2], seed: 5 }), shared };
}

test('a functional model with two inputs, a shared layer and two outputs computes what its layers do', () => {
  const { model, shared } = twoTower();
  assert.deepEqual(model.layers.map((l) => l.name), ['shared', 'sum', 'head1', 'head2']);
  assert.equal(model.weights.length, 6, 'the shared layer counts once');
  assert.deepEqual(model.outputNames, ['head1', 'head2']);
  const xa = tensor([[1, 0, -1], [2, 1, 0]]);
  const xb = tensor([[0, 1, 1], [-1, -1, 3]]);
  const [o1, o2] = model.apply([xa, xb]) as Tensor[];
  assert.deepEqual(o1!.shape, [2, 2]);
  assert.deepEqual(o2!.shape, [2, 1]);
  const h = (shared.apply(xa)).data().map((v, i) => v + (shared.apply(xb)).data()[i]!);
  const expected = (model.getLayer('head2').apply(tensor(h, [2, 4]))).data();
  assertClose(o2!, expected);
});

test('inputs are checked against their declared shapes', () => {
  const { model } = twoTower();
  assert.throws(() => model.apply([tensor([[1, 2]]), tensor([[1, 2, 3]])]), /input 0 expects \[null,3\], got \[(1|null),2\]/);
  assert.throws(() => model.apply([tensor([[1, 2, 3]])]), /expected 2 inputs, got 1/);
});

test('an output that depends on an undeclared input is rejected, naming it', () => {
  const a = input({ shape: [2], name: 'a' });
  const stray = input({ shape: [2], name: 'stray' });
  const out = layers.add().apply([a, stray]);
  assert.throws(() => new Model({ inputs: a, outputs: out }), /the outputs depend on input 'stray' \[null,2\], which is not among the model's inputs/);
  assert.throws(() => new Model({ inputs: out, outputs: out }), /inputs\[0\] is the output of layer/);
  assert.throws(() => new Model({ outputs: out }), ArgumentError);
});

test('two different layers with one name are rejected', () => {
  const a = input({ shape: [2] });
  const out = layers.dense({ units: 2, name: 'twin' }).apply(layers.dense({ units: 2, name: 'twin' }).apply(a));
  assert.throws(() => new Model({ inputs: a, outputs: out }), /two different layers are named 'twin'/);
});

test('the seed re-initialises a functional model reproducibly', () => {
  const first = twoTower().model.weights.map((w) => [...w.data()]);
  const second = twoTower().model.weights.map((w) => [...w.data()]);
  assert.deepEqual(first, second);
});

test('models nest as layers', () => {
  const inner = new Sequential({ name: 'inner', layers: [layers.dense({ units: 3, inputShape: [2], activation: 'relu' }), layers.dense({ units: 2 })] });
  const x = input({ shape: [2] });
  const out = layers.dense({ units: 1, name: 'outer_head' }).apply(inner.apply(x));
  const model = new Model({ inputs: x, outputs: out });
  assert.equal(model.weights.length, 6);
  assert.equal(model.countParams(), 2 * 3 + 3 + 3 * 2 + 2 + 2 + 1);
  const v = tensor([[1, -1]]);
  assertClose(model.apply(v), model.getLayer('outer_head').apply(inner.apply(v)));
  inner.trainable = false;
  assert.equal(model.trainableWeights.length, 2);
  assert.equal(model.nonTrainableWeights.length, 4);
});

test('summary lists layers, output shapes, parameter counts and totals', () => {
  const model = new Sequential({ name: 'mlp', layers: [layers.flatten({ inputShape: [4, 4], name: 'flatten' }), layers.dense({ units: 10, name: 'dense' }), layers.dense({ units: 3, name: 'dense_out' })] });
  model.getLayer('dense_out').trainable = false;
  const text = model.summary({ print: false });
  const lines = text.split('\n');
  assert.equal(lines[0], 'Model: "mlp"');
  assert.match(text, /flatten \(Flatten\)\s+\[null,16\]\s+0\n/);
  assert.match(text, /dense \(Dense\)\s+\[null,10\]\s+170\n/);
  assert.match(text, /dense_out \(Dense\)\s+\[null,3\]\s+33\n/);
  assert.match(text, /Total params: 203 \(812\.00 B\)/);
  assert.match(text, /Trainable params: 170 \(680\.00 B\)/);
  assert.match(text, /Non-trainable params: 33 \(132\.00 B\)/);
  let printed = '';
  model.summary({ print: (s) => (printed = s) });
  assert.equal(printed, text);
});

test('a functional summary shows what each layer is connected to', () => {
  const { model } = twoTower();
  const text = model.summary({ print: false });
  assert.match(text, /Connected to/);
  assert.match(text, /shared \(Dense\)\s+multiple\s+16\s+a\n\s+b\n/);
  assert.match(text, /sum \(Add\)\s+\[null,4\]\s+0\s+shared\n\s+shared\n/);
  assert.match(text, /Total params: 16 \+ 10 \+ 5|Total params: 31/);
});
