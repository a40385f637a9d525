/** Optimizer bookkeeping: state dicts, iterations, argument checks, names and memory. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError, ShapeError, memory, tensor, Variable, type Tensor } from '../../../src/index.js';
import { Adagrad, Adam, AdamW, RMSprop, SGD, getOptimizer, type Optimizer } from '../../../src/nn/optimizers/index.js';
import { runSteps } from './quadratic.js';

const w0 = [0.5, -1.2, 2.0, 0.1, -0.3, 1.5];
const c = tensor([0.3, -0.8, 1.1, -0.2, 0.05, -1.4], [2, 3]);

const makers: [string, () => Optimizer][] = [
  ['SGD', () => new SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true })],
  ['Adam', () => new Adam({ learningRate: 0.05, amsgrad: true })],
  ['AdamW', () => new AdamW({ learningRate: 0.05, weightDecay: 0.1 })],
  ['RMSprop', () => new RMSprop({ learningRate: 0.01, momentum: 0.5, centered: true })],
  ['Adagrad', () => new Adagrad({ learningRate: 0.1 })],
];

for (const [name, make] of makers) {
  test(`${name}: a restored state dict resumes exactly where training stopped`, () => {
    const original = make();
    const w = new Variable(tensor(w0, [2, 3]), { name: 'layer.weight' });
    runSteps(original, w, c, 3);
    const state = original.stateDict();
    const snapshot = Object.entries(state).map(([k, v]) => [k, Array.from(v.data())]);
    const savedWeights = w.data();
    const continued = runSteps(original, w, c, 3);

    const resumed = make();
    const w2 = new Variable(tensor(savedWeights, [2, 3]), { name: 'layer.weight' });
    resumed.loadStateDict(state, [w2]);
    assert.equal(resumed.iterations, 3);
    assert.deepEqual(runSteps(resumed, w2, c, 3), continued);
    // The saved state is a copy: the steps taken since did not change it.
    assert.deepEqual(Object.entries(state).map(([k, v]) => [k, Array.from(v.data())]), snapshot);
    assert.deepEqual(Object.keys(resumed.stateDict()).sort(), Object.keys(state).sort());
    assert.equal(state['iterations']!.item(), 3);
  });
}

test('state dict keys are `${variable.name}/${slot}` with PyTorch slot names', () => {
  const w = new Variable(tensor([1, 2]), { name: 'dense/kernel' });
  const adam = new Adam();
  adam.applyGradients([tensor([0.1, 0.2])], [w]);
  assert.deepEqual(Object.keys(adam.stateDict()).sort(), ['dense/kernel/exp_avg', 'dense/kernel/exp_avg_sq', 'iterations']);
  const sgd = new SGD({ momentum: 0.9 });
  sgd.applyGradients([tensor([0.1, 0.2])], [w]);
  assert.deepEqual(Object.keys(sgd.stateDict()).sort(), ['dense/kernel/momentum_buffer', 'iterations']);
});

test('loadStateDict rejects unknown variables, unknown slots and wrong shapes', () => {
  const w = new Variable(tensor([1, 2]), { name: 'w' });
  const adam = new Adam();
  assert.throws(() => adam.loadStateDict({ 'v/exp_avg': tensor([0, 0]) }, [w]), (e: unknown) =>
    e instanceof ArgumentError && /Adam.loadStateDict: state key 'v\/exp_avg' names no given variable/.test(e.message));
  assert.throws(() => adam.loadStateDict({ 'w/momentum_buffer': tensor([0, 0]) }, [w]), /Adam has no slot 'momentum_buffer' \(slots: exp_avg, exp_avg_sq, max_exp_avg_sq\)/);
  assert.throws(() => adam.loadStateDict({ 'w/exp_avg': tensor([0, 0, 0]) }, [w]), (e: unknown) =>
    e instanceof ShapeError && /state 'w\/exp_avg' is \[3\], variable 'w' is \[2\]/.test(e.message));
  assert.throws(() => adam.loadStateDict({}, [w, new Variable(tensor([1]), { name: 'w' })]), /two variables are named 'w'/);
});

test('applyGradients checks its arguments, skips null gradients and counts steps', () => {
  const a = new Variable(tensor([1, 1]), { name: 'a' });
  const b = new Variable(tensor([1]), { name: 'b' });
  const sgd = new SGD({ learningRate: 0.5 });
  assert.throws(() => sgd.applyGradients([tensor([1, 1])], [a, b]), /SGD.applyGradients: got 1 gradients for 2 variables/);
  assert.throws(() => sgd.applyGradients([tensor([1]), tensor([1])], [a, b]), (e: unknown) =>
    e instanceof ShapeError && /gradient \[1\] does not match variable 'a' \[2\]/.test(e.message));
  sgd.applyGradients([null, tensor([2])], [a, b]);
  assert.deepEqual(Array.from(a.data()), [1, 1]);
  assert.deepEqual(Array.from(b.data()), [0]);
  assert.equal(sgd.iterations, 1);
});

test('getOptimizer resolves names in any case and passes instances through', () => {
  assert.ok(getOptimizer('sgd') instanceof SGD);
  assert.ok(getOptimizer('Adam') instanceof Adam);
  assert.ok(getOptimizer('adamw') instanceof AdamW);
  assert.ok(getOptimizer('RMSprop') instanceof RMSprop);
  assert.ok(getOptimizer('adagrad') instanceof Adagrad);
  assert.equal(getOptimizer('adamw').className, 'AdamW');
  const opt = new SGD();
  assert.equal(getOptimizer(opt), opt);
  assert.throws(() => getOptimizer('lamb'), /getOptimizer: unknown optimizer 'lamb'; known: sgd, adam, adamw, rmsprop, adagrad/);
});

test('steps release their intermediate tensors at once (no growth in live tensors)', () => {
  const w = new Variable(tensor(w0, [2, 3]), { name: 'w' });
  const g: Tensor = tensor([0.1, -0.2, 0.3, 0.4, -0.5, 0.6], [2, 3]);
  const opt = new Adam({ amsgrad: true, globalClipnorm: 0.5 });
  opt.applyGradients([g], [w]);
  const before = memory().numTensors;
  for (let i = 0; i < 5; i++) opt.applyGradients([g], [w]);
  assert.equal(memory().numTensors, before);
});
