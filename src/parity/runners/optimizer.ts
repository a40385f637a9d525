/**
 * Parity runner for optimizer trajectories: `attrs.steps` steps on
 * `sum(w·c) + 0.5·sum(w²·(1 + |c|))` from `inputs.w`, compared step by step.
 * @module
 */
import { valueAndGrad } from '../../autograd/grad.js';
import { getOptimizer, type Optimizer } from '../../nn/optimizers/index.js';
import { abs, add, mul, square, sum } from '../../ops/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Variable } from '../../tensor/variable.js';
import { compareValues } from '../compare.js';
import type { OptimizerCase } from '../fixture.js';
import { fromFixture } from '../layout.js';
import type { CaseResult } from '../runner.js';
import { runLbfgsCase } from './lbfgs.js';

/** PyTorch's hyperparameter names → ours. Missing ones take PyTorch's defaults, since the fixtures come from PyTorch. */
const renames: Record<string, string> = {
  lr: 'learningRate', beta1: 'beta1', beta2: 'beta2', eps: 'epsilon', weight_decay: 'weightDecay', momentum: 'momentum',
  nesterov: 'nesterov', dampening: 'dampening', rho: 'rho', alpha: 'rho', centered: 'centered', amsgrad: 'amsgrad',
  initial_accumulator_value: 'initialAccumulatorValue',
};
const torchDefaults: Record<string, Record<string, unknown>> = {
  adam: { epsilon: 1e-8 },
  adamw: { epsilon: 1e-8, weightDecay: 0.01 },
  rmsprop: { epsilon: 1e-8, rho: 0.99 },
  adagrad: { epsilon: 1e-10, initialAccumulatorValue: 0 },
};

/** Builds our optimizer from a fixture's PyTorch-named attributes. */
export function optimizerFromTorchAttrs(attrs: Record<string, unknown>): Optimizer {
  const name = String(attrs.optimizer);
  const config: Record<string, unknown> = { ...(torchDefaults[name] ?? {}) };
  for (const [key, value] of Object.entries(attrs)) {
    const ours = renames[key];
    if (ours) config[ours] = value;
  }
  return getOptimizer({ className: name, config });
}

function fixtureLoss(w: Tensor, c: Tensor): Tensor {
  return add(sum(mul(w, c)), mul(sum(mul(square(w), add(abs(c), 1))), 0.5));
}

/** Runs the optimizer steps and compares each with the trajectory (L-BFGS cases go to {@link runLbfgsCase}). */
export function runOptimizerCase(c: OptimizerCase): CaseResult {
  if (String(c.attrs.optimizer).toLowerCase() === 'lbfgs') return runLbfgsCase(c);
  const optimizer = optimizerFromTorchAttrs(c.attrs);
  const w = new Variable(fromFixture(c.inputs.w!), { name: 'w' });
  const coefficients = fromFixture(c.inputs.c!);
  let maxAbsErr = 0;
  for (let step = 0; step < c.trajectory.length; step++) {
    const { grads } = valueAndGrad((x: Tensor) => fixtureLoss(x, coefficients))(w);
    optimizer.applyGradients(grads, [w]);
    const want = c.trajectory[step]!;
    const r = compareValues(w.values, w.shape, want.data, want.shape);
    maxAbsErr = Math.max(maxAbsErr, r.maxAbsErr);
    if (!r.ok) return { name: c.name, op: c.op, ok: false, maxAbsErr, message: `step ${step + 1}: ${r.detail}` };
  }
  return { name: c.name, op: c.op, ok: true, maxAbsErr };
}
