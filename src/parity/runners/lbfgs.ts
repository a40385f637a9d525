/**
 * Parity runner for L-BFGS trajectories (`attrs.optimizer: "lbfgs"`): from `inputs.w`, `attrs.steps`
 * calls of `step(closure)` on the loss named by `attrs.loss`, each compared with `trajectory[i]`.
 * The fixtures come from `scripts/parity/lbfgs_fixture.py` (torch.optim.LBFGS).
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { LBFGS, gradientClosure } from '../../nn/optimizers/lbfgs.js';
import { add, matmul, mul, reshape, slice, square, sub, sum } from '../../ops/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Variable } from '../../tensor/variable.js';
import { compareValues } from '../compare.js';
import type { OptimizerCase } from '../fixture.js';
import { fromFixture } from '../layout.js';
import type { CaseResult } from '../runner.js';

/** The objectives L-BFGS fixtures name, written as in the generating script. */
const objectives: Record<string, (w: Tensor, inputs: Record<string, Tensor>) => Tensor> = {
  rosenbrock: (w) => {
    const n = w.shape[0]!;
    const head = slice(w, [0], [n - 1]);
    const tail = slice(w, [1], [n - 1]);
    return sum(add(mul(square(sub(tail, square(head))), 100), square(sub(1, head))));
  },
  least_squares: (w, { A, b }) => {
    const r = sub(reshape(matmul(A!, reshape(w, [w.size, 1])), [A!.shape[0]!]), b!);
    return add(mul(sum(square(r)), 0.5), mul(sum(square(w)), 0.05));
  },
};

/** Runs the L-BFGS steps of a case and compares each with the trajectory. */
export function runLbfgsCase(c: OptimizerCase): CaseResult {
  const a = c.attrs;
  const objective = objectives[String(a.loss)];
  if (!objective) throw new ArgumentError(`lbfgs case '${c.name}': unknown loss '${String(a.loss)}' (known: ${Object.keys(objectives).join(', ')})`);
  const lineSearch = a.line_search_fn === 'strong_wolfe' ? 'strong-wolfe' : 'none';
  const w = new Variable(fromFixture(c.inputs.w!), { name: 'w' });
  const inputs = Object.fromEntries(Object.entries(c.inputs).filter(([k]) => k !== 'w').map(([k, v]) => [k, fromFixture(v)]));
  const opt = new LBFGS([w], {
    learningRate: a.lr as number | undefined, maxIter: a.max_iter as number | undefined, maxEval: (a.max_eval ?? undefined) as number | undefined,
    historySize: a.history_size as number | undefined, toleranceGrad: a.tolerance_grad as number | undefined,
    toleranceChange: a.tolerance_change as number | undefined, lineSearch,
  });
  const closure = gradientClosure((x) => objective(x, inputs), [w]);
  let maxAbsErr = 0;
  for (let step = 0; step < c.trajectory.length; step++) {
    opt.step(closure);
    const want = c.trajectory[step]!;
    const r = compareValues(w.values, w.shape, want.data, want.shape);
    maxAbsErr = Math.max(maxAbsErr, r.maxAbsErr);
    if (!r.ok) return { name: c.name, op: c.op, ok: false, maxAbsErr, message: `step ${step + 1}: ${r.detail}` };
  }
  return { name: c.name, op: c.op, ok: true, maxAbsErr };
}
