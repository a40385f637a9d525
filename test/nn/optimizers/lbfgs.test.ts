/** L-BFGS: PyTorch parity (committed fixtures), convergence on Rosenbrock, and argument errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LBFGS, gradientClosure, cubicInterpolate } from '../../../src/nn/optimizers/index.js';
import { readParityFile, runParity, formatParityReport } from '../../../src/parity/runner.js';
import { Variable, tensor, add, mul, slice, square, sub, sum, ArgumentError, type Tensor } from '../../../src/index.js';

function rosenbrock(x: Tensor): Tensor {
  const a = slice(x, [0], [1]);
  const b = slice(x, [1], [1]);
  return sum(add(mul(square(sub(b, square(a))), 100), square(sub(1, a))));
}

test('L-BFGS matches torch.optim.LBFGS trajectories (test/fixtures/parity/lbfgs.json)', () => {
  const report = runParity(readParityFile('test/fixtures/parity/lbfgs.json'));
  assert.equal(report.failed, 0, formatParityReport(report));
  assert.ok(report.passed >= 4);
});

test('L-BFGS with a strong-Wolfe line search solves 2-D Rosenbrock from (-1.2, 1)', () => {
  const x = new Variable(tensor([-1.2, 1]), { name: 'x' });
  const opt = new LBFGS([x], { lineSearch: 'strong-wolfe', maxIter: 100 });
  const start = opt.step(gradientClosure(rosenbrock, [x]));
  assert.ok(Math.abs(start - 24.2) < 1e-3, `start loss ${start}`);
  const [a, b] = x.data();
  assert.ok(Math.abs(a! - 1) < 1e-3 && Math.abs(b! - 1) < 1e-3, `ended at ${a}, ${b}`);
  assert.ok(opt.evaluations < 125, `${opt.evaluations} evaluations`);
});

test('cubic interpolation finds the minimum of a cubic through two points', () => {
  // f(x) = (x - 0.3)^2 on [0, 1]: a quadratic is a cubic with no x^3 term.
  const f = (x: number): number => (x - 0.3) ** 2;
  const g = (x: number): number => 2 * (x - 0.3);
  assert.ok(Math.abs(cubicInterpolate(0, f(0), g(0), 1, f(1), g(1)) - 0.3) < 1e-12);
});

test('L-BFGS rejects bad settings and mismatched gradients, naming them', () => {
  const x = new Variable(tensor([1, 2]), { name: 'x' });
  assert.throws(() => new LBFGS([], {}), /at least one variable/);
  assert.throws(() => new LBFGS([x], { maxIter: 0 }), (e: Error) => e instanceof ArgumentError && /maxIter must be an integer >= 1, got 0/.test(e.message));
  assert.throws(() => new LBFGS([x], { lineSearch: 'armijo' as 'none' }), /lineSearch must be 'strong-wolfe' or 'none'/);
  const opt = new LBFGS([x]);
  assert.throws(() => opt.step(() => ({ loss: 1, grads: [tensor([1, 2, 3])] })), /gradient \[3\] does not match variable 'x' \[2\]/);
});
