/** Gradient clipping: the functions and the optimizer options. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError, tensor, Variable } from '../../../src/index.js';
import { SGD, clipByGlobalNorm, clipByNorm, clipByValue } from '../../../src/nn/optimizers/index.js';
import { assertClose } from '../../helpers/assert-close.js';

test('clipByValue limits each element', () => {
  const [a, b] = clipByValue([tensor([-3, 0.5, 2]), tensor([[0.1, -0.2]])], 1);
  assertClose(a!, [-1, 0.5, 1]);
  assertClose(b!, [0.1, -0.2]);
  assert.throws(() => clipByValue([tensor([1])], 0), (e: unknown) => e instanceof ArgumentError && /clipByValue: clipValue must be positive, got 0/.test(e.message));
});

test('clipByNorm rescales a gradient whose norm exceeds the limit, and leaves others alone', () => {
  assertClose(clipByNorm(tensor([3, 4]), 1), [0.6, 0.8]);
  assertClose(clipByNorm(tensor([3, 4]), 10), [3, 4]);
  assertClose(clipByNorm(tensor([0, 0]), 1), [0, 0]);
});

test('clipByGlobalNorm rescales all gradients by one factor and reports the joint norm', () => {
  const { grads, globalNorm } = clipByGlobalNorm([tensor([3, 4]), tensor([[12]])], 6.5);
  assert.equal(globalNorm, 13);
  assertClose(grads[0]!, [1.5, 2]);
  assertClose(grads[1]!, [6]);
  const untouched = clipByGlobalNorm([tensor([3, 4])], 5);
  assert.equal(untouched.globalNorm, 5);
  assertClose(untouched.grads[0]!, [3, 4]);
  const diverged = clipByGlobalNorm([tensor([Infinity, 1]), tensor([2])], 1);
  assert.equal(diverged.globalNorm, Infinity);
  assert.ok(Array.from(diverged.grads[1]!.data()).every(Number.isNaN));
});

test('optimizer options clip before the update (SGD with lr 1 shows the clipped gradient)', () => {
  const step = (config: ConstructorParameters<typeof SGD>[0]) => {
    const a = new Variable(tensor([0, 0]), { name: 'a' });
    const b = new Variable(tensor([0]), { name: 'b' });
    new SGD({ learningRate: 1, ...config }).applyGradients([tensor([3, 4]), tensor([12])], [a, b]);
    return [...a.data(), ...b.data()];
  };
  assertClose(step({ clipvalue: 3.5 }), [-3, -3.5, -3.5]);
  assertClose(step({ clipnorm: 1 }), [-0.6, -0.8, -1]);
  assertClose(step({ globalClipnorm: 6.5 }), [-1.5, -2, -6]);
  assertClose(step({}), [-3, -4, -12]);
  assert.throws(() => new SGD({ clipnorm: 1, globalClipnorm: 1 }), /SGD: set only one of clipnorm, clipvalue and globalClipnorm, got clipnorm and globalClipnorm/);
  assert.throws(() => new SGD({ clipvalue: -1 }), /SGD: clipvalue must be positive, got -1/);
});
