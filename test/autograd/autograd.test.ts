/** Reverse-mode autograd: function transforms, backward(), noGrad, integer inputs, memory. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Random, Variable, add, cast, checkGradients, grad, matmul, mean, memory, mul, noGrad, relu, scalar, sigmoid, square,
  sum, tanh, tensor, valueAndGrad, isGradEnabled,
} from '../../src/index.js';
import { assertClose } from '../helpers/assert-close.js';

test('grad of sum(x²) is 2x', () => {
  const x = tensor([1, -2, 3]);
  const [dx] = grad((t) => sum(square(t)))(x);
  assertClose(dx!, [2, -4, 6]);
});

test('valueAndGrad returns the value and one gradient per argument, zero for unused arguments', () => {
  const a = tensor([[1, 2], [3, 4]]);
  const b = tensor([5, 6]);
  const unused = tensor([7]);
  const { value, grads } = valueAndGrad((x, y, _z) => sum(mul(x, y)))(a, b, unused);
  assert.equal(value.item(), 1 * 5 + 2 * 6 + 3 * 5 + 4 * 6);
  assertClose(grads[0]!, [5, 6, 5, 6]);
  // Broadcasting: b's gradient is summed over the broadcast axis.
  assertClose(grads[1]!, [1 + 3, 2 + 4]);
  assertClose(grads[2]!, [0]);
});

test('a tensor used twice accumulates both contributions', () => {
  const x = tensor([3]);
  const [dx] = grad((t) => sum(add(mul(t, t), t)))(x);
  assertClose(dx!, [7]);
});

test('backward() accumulates into .grad of variables', () => {
  const w = new Variable(tensor([1, 2]));
  const loss = sum(square(w));
  loss.backward();
  assertClose(w.grad!, [2, 4]);
  sum(w).backward();
  assertClose(w.grad!, [3, 5]);
});

test('backward of a non-scalar needs an explicit gradient', () => {
  const w = new Variable(tensor([1, 2]));
  assert.throws(() => mul(w, 2).backward(), /backward: output \[2\] is not a scalar/);
  mul(w, 3).backward(tensor([1, 10]));
  assertClose(w.grad!, [3, 30]);
});

test('noGrad records nothing', () => {
  const w = new Variable(tensor([1, 2]));
  const y = noGrad(() => {
    assert.equal(isGradEnabled(), false);
    return mul(w, 2);
  });
  assert.equal(y.gradNode, null);
  assert.equal(isGradEnabled(), true);
});

test('gradients stop at integer tensors without error', () => {
  const x = tensor([1.5, 2.5]);
  const [dx] = grad((t) => sum(mul(t, cast(cast(t, 'int32'), 'float32'))))(x);
  // d/dt (t * floor(t)) with the integer path constant: floor(t).
  assertClose(dx!, [1, 2]);
});

test('a deep chain (10,000 ops) back-propagates without overflowing the stack', () => {
  const x = tensor([1]);
  const [dx] = grad((t) => {
    let y = t;
    for (let i = 0; i < 10_000; i++) y = add(y, scalar(0.001));
    return sum(y);
  })(x);
  assertClose(dx!, [1]);
});

test('checkGradients agrees with autograd on a small MLP and catches a wrong rule', () => {
  const rng = new Random(1);
  const x = rng.normal([4, 3]);
  const w1 = rng.normal([3, 5], 0, 0.5);
  const w2 = rng.normal([5, 2], 0, 0.5);
  const mlp = (a: ReturnType<typeof tensor>, b: ReturnType<typeof tensor>) => mean(sigmoid(matmul(tanh(matmul(x, a)), b)));
  assert.equal(checkGradients(mlp, [w1, w2]).ok, true);
  // A function whose recorded gradient is wrong must be caught: relu at points straddling 0 with a big step.
  const kinked = checkGradients((t) => sum(relu(t)), [tensor([0.001, -0.001])], { epsilon: 0.01, atol: 1e-3, rtol: 1e-3 });
  assert.equal(kinked.ok, false);
});

test('memory stays flat over 10,000 valueAndGrad steps on a small MLP, without scopes', async () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  assert.ok(gc, 'run with --expose-gc (scripts/run-tests.mjs does)');
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  const rng = new Random(2);
  const x = rng.normal([8, 4]);
  const y = rng.normal([8, 1]);
  const w1 = new Variable(rng.normal([4, 16], 0, 0.3));
  const w2 = new Variable(rng.normal([16, 1], 0, 0.3));
  const loss = (a: Variable, b: Variable) => mean(square(add(matmul(relu(matmul(x, a)), b), mul(y, -1))));
  const step = () => {
    const { grads } = valueAndGrad(loss)(w1, w2);
    noGrad(() => {
      w1.assign(add(w1, mul(grads[0]!, -0.01)));
      w2.assign(add(w2, mul(grads[1]!, -0.01)));
    });
  };
  for (let i = 0; i < 100; i++) step();
  await settle();
  const before = memory();
  for (let i = 0; i < 10_000; i++) {
    step();
    if (i % 2000 === 1999) await new Promise((r) => setTimeout(r, 0));
  }
  await settle();
  const after = memory();
  assert.ok(after.numTensors <= before.numTensors + 5, `live tensors grew from ${before.numTensors} to ${after.numTensors}`);
  assert.ok(after.numBytes <= before.numBytes + 1024, `live bytes grew from ${before.numBytes} to ${after.numBytes}`);
});
