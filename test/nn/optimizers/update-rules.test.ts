/** Every optimizer option against float64 references of PyTorch's rules, plus a step done by hand. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError, tensor, Variable } from '../../../src/index.js';
import { Adagrad, Adam, AdamW, RMSprop, SGD, type Optimizer } from '../../../src/nn/optimizers/index.js';
import { assertClose } from '../../helpers/assert-close.js';
import { referenceAdagrad, referenceAdam, referenceRmsprop, referenceSgd, referenceTrajectory, runSteps, type ReferenceStep } from './quadratic.js';

const w0 = [0.5, -1.2, 2.0, 0.1, -0.3, 1.5];
const c = [0.3, -0.8, 1.1, -0.2, 0.05, -1.4];

function compare(name: string, optimizer: Optimizer, reference: ReferenceStep, steps = 6): void {
  const got = runSteps(optimizer, new Variable(tensor(w0, [2, 3]), { name }), tensor(c, [2, 3]), steps);
  const expected = referenceTrajectory(w0, c, steps, reference);
  got.forEach((w, i) => assertClose(w, expected[i]!, 1e-5, 1e-4, `${name} step ${i + 1}`));
}

test('SGD: plain, momentum, nesterov, dampening, weight decay', () => {
  compare('sgd', new SGD({ learningRate: 0.1 }), referenceSgd({ lr: 0.1 }));
  compare('sgd momentum', new SGD({ learningRate: 0.05, momentum: 0.9 }), referenceSgd({ lr: 0.05, momentum: 0.9 }));
  compare('sgd nesterov', new SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true }), referenceSgd({ lr: 0.05, momentum: 0.9, nesterov: true }));
  compare('sgd dampening+wd', new SGD({ learningRate: 0.05, momentum: 0.8, dampening: 0.3, weightDecay: 0.1 }),
    referenceSgd({ lr: 0.05, momentum: 0.8, dampening: 0.3, weightDecay: 0.1 }));
});

test('SGD nesterov by hand: two steps on f(w) = w²/2 from w = 1', () => {
  // g1 = 1: buf = 1, d = 1 + 0.9·1 = 1.9, w = 1 − 0.1·1.9 = 0.81
  // g2 = 0.81: buf = 0.9 + 0.81 = 1.71, d = 0.81 + 0.9·1.71 = 2.349, w = 0.81 − 0.2349 = 0.5751
  const w = new Variable(tensor([1]), { name: 'w' });
  const opt = new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true });
  opt.applyGradients([tensor([1])], [w]);
  assertClose(w, [0.81]);
  opt.applyGradients([tensor([0.81])], [w]);
  assertClose(w, [0.5751]);
});

test('Adam, AMSGrad, L2 weight decay; AdamW decoupled', () => {
  const base = { lr: 0.05, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
  compare('adam', new Adam({ learningRate: 0.05, epsilon: 1e-8 }), referenceAdam(base));
  compare('amsgrad', new Adam({ learningRate: 0.05, epsilon: 1e-8, amsgrad: true, beta2: 0.9 }), referenceAdam({ ...base, beta2: 0.9, amsgrad: true }), 10);
  compare('adam wd', new Adam({ learningRate: 0.05, epsilon: 1e-8, weightDecay: 0.2 }), referenceAdam({ ...base, weightDecay: 0.2 }));
  compare('adamw', new AdamW({ learningRate: 0.05, epsilon: 1e-8, weightDecay: 0.2 }), referenceAdam({ ...base, weightDecay: 0.2, decoupled: true }));
});

test('RMSprop: plain, momentum, centered', () => {
  compare('rmsprop', new RMSprop({ learningRate: 0.01, epsilon: 1e-8 }), referenceRmsprop({ lr: 0.01, rho: 0.9, eps: 1e-8 }));
  compare('rmsprop momentum centered', new RMSprop({ learningRate: 0.01, rho: 0.8, momentum: 0.5, centered: true, epsilon: 1e-8 }),
    referenceRmsprop({ lr: 0.01, rho: 0.8, eps: 1e-8, momentum: 0.5, centered: true }));
});

test('Adagrad: against the reference, and one step by hand', () => {
  compare('adagrad', new Adagrad({ learningRate: 0.1 }), referenceAdagrad({ lr: 0.1, initial: 0.1, eps: 1e-7 }));
  compare('adagrad torch defaults', new Adagrad({ learningRate: 0.1, initialAccumulatorValue: 0, epsilon: 1e-10 }), referenceAdagrad({ lr: 0.1, initial: 0, eps: 1e-10 }));
  // sum = 0.1 + 2² = 4.1; w = 1 − 0.1·2 / (sqrt(4.1) + 1e-7)
  const w = new Variable(tensor([1]), { name: 'w' });
  new Adagrad({ learningRate: 0.1 }).applyGradients([tensor([2])], [w]);
  assertClose(w, [1 - 0.2 / (Math.sqrt(4.1) + 1e-7)], 1e-7);
});

test('Keras default learning rates and PyTorch-compatible defaults', () => {
  assert.equal(new SGD().learningRate, 0.01);
  assert.equal(new Adam().learningRate, 0.001);
  assert.equal(new AdamW().learningRate, 0.001);
  assert.equal(new AdamW().weightDecay, 0.004);
  assert.equal(new RMSprop().learningRate, 0.001);
  assert.equal(new Adagrad().learningRate, 0.001);
});

test('invalid hyperparameters are named', () => {
  assert.throws(() => new SGD({ momentum: -1 }), (e: unknown) => e instanceof ArgumentError && /SGD: momentum must be a finite number >= 0, got -1/.test(e.message));
  assert.throws(() => new SGD({ nesterov: true }), /SGD: nesterov needs momentum > 0 and dampening 0/);
  assert.throws(() => new Adam({ beta1: 1 }), /Adam: beta1 must be a finite number in \[0, 1\), got 1/);
  assert.throws(() => new AdamW({ beta2: -0.1 }), /AdamW: beta2 must be a finite number in \[0, 1\)/);
  assert.throws(() => new RMSprop({ learningRate: NaN }), /RMSprop: learningRate must be a finite number >= 0, got NaN/);
});
