/** Learning-rate schedules: values at chosen steps, saving, and use by an optimizer. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError, tensor, Variable } from '../../../src/index.js';
import {
  Adam, SGD, cosineDecay, exponentialDecay, getOptimizer, getSchedule, piecewiseConstantDecay, serializeSchedule, stepDecay, warmup,
} from '../../../src/nn/optimizers/index.js';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) <= 1e-12 + 1e-9 * Math.abs(b), `${a} vs ${b}`);

test('piecewiseConstantDecay switches after each boundary (inclusive, as Keras)', () => {
  const s = piecewiseConstantDecay({ boundaries: [10, 20], values: [1, 0.5, 0.1] });
  assert.deepEqual([0, 10, 11, 20, 21, 1000].map(s), [1, 1, 0.5, 0.5, 0.1, 0.1]);
  assert.throws(() => piecewiseConstantDecay({ boundaries: [10], values: [1] }), /values must hold one more entry than boundaries, got 1 values for 1 boundaries/);
  assert.throws(() => piecewiseConstantDecay({ boundaries: [10, 5], values: [1, 2, 3] }), /boundaries must increase/);
});

test('stepDecay multiplies by factor every stepSize steps', () => {
  const s = stepDecay({ initialLearningRate: 0.1, stepSize: 30, factor: 0.1 });
  [[0, 0.1], [29, 0.1], [30, 0.01], [59, 0.01], [60, 0.001]].forEach(([step, lr]) => close(s(step!), lr!));
});

test('exponentialDecay, smooth and staircase', () => {
  const smooth = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.5 });
  close(smooth(0), 0.1);
  close(smooth(50), 0.1 * Math.SQRT1_2);
  close(smooth(200), 0.025);
  const stairs = exponentialDecay({ initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.5, staircase: true });
  close(stairs(99), 0.1);
  close(stairs(150), 0.05);
  assert.throws(() => exponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.5 }), (e: unknown) =>
    e instanceof ArgumentError && /exponentialDecay: decaySteps must be a positive number, got 0/.test(e.message));
});

test('cosineDecay falls along half a cosine to alpha·initial, then stays', () => {
  const s = cosineDecay({ initialLearningRate: 1, decaySteps: 100, alpha: 0.1 });
  close(s(0), 1);
  close(s(50), 0.1 + 0.9 * 0.5);
  close(s(100), 0.1);
  close(s(500), 0.1);
  close(cosineDecay({ initialLearningRate: 2, decaySteps: 10 })(5), 1);
});

test('warmup rises linearly to the schedule’s start, then runs the schedule offset by the warmup', () => {
  const decay = cosineDecay({ initialLearningRate: 1, decaySteps: 100 });
  const s = warmup(decay, 10);
  close(s(0), 0);
  close(s(5), 0.5);
  close(s(10), 1);
  close(s(60), decay(50));
  const fromStart = warmup(decay, 4, { startValue: 0.2 });
  close(fromStart(2), 0.6);
});

test('schedules round-trip through their saved form', () => {
  const s = warmup(exponentialDecay({ initialLearningRate: 0.1, decaySteps: 7, decayRate: 0.9, staircase: true }), 5, { startValue: 0.01 });
  const saved = JSON.parse(JSON.stringify(serializeSchedule(s)));
  const restored = getSchedule(saved);
  for (const step of [0, 3, 5, 12, 40]) assert.equal(restored(step), s(step));
  assert.throws(() => getSchedule({ className: 'Cyclic', config: {} }), /getSchedule: unknown schedule 'Cyclic'/);
});

test('an optimizer evaluates its schedule at its step count; setLearningRate replaces it', () => {
  const opt = new SGD({ learningRate: piecewiseConstantDecay({ boundaries: [0], values: [1, 0.5] }) });
  const w = new Variable(tensor([0]), { name: 'w' });
  assert.equal(opt.learningRate, 1);
  opt.applyGradients([tensor([1])], [w]);
  assert.equal(opt.iterations, 1);
  assert.equal(opt.learningRate, 0.5);
  opt.applyGradients([tensor([1])], [w]);
  assert.deepEqual(Array.from(w.data()), [-1.5]);
  opt.setLearningRate(0.25);
  opt.applyGradients([tensor([1])], [w]);
  assert.deepEqual(Array.from(w.data()), [-1.75]);
  assert.equal(opt.getConfig()['learningRate'], 0.25);
  const bare = new SGD({ learningRate: (step) => 1 / (step + 1) });
  bare.iterations = 3;
  assert.equal(bare.learningRate, 0.25);
});

test('getConfig round-trips through getOptimizer, schedule included', () => {
  const adam = new Adam({ learningRate: cosineDecay({ initialLearningRate: 0.01, decaySteps: 10 }), beta1: 0.8, amsgrad: true, globalClipnorm: 2 });
  const restored = getOptimizer({ className: adam.className, config: JSON.parse(JSON.stringify(adam.getConfig())) }) as Adam;
  assert.ok(restored instanceof Adam);
  assert.deepEqual(restored.getConfig(), adam.getConfig());
  restored.iterations = 5;
  assert.equal(restored.learningRate, cosineDecay({ initialLearningRate: 0.01, decaySteps: 10 })(5));
});
