/** Optimizer trajectories against PyTorch (test/fixtures/parity/sample.json). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Variable } from '../../../src/index.js';
import { getOptimizer, type Optimizer } from '../../../src/nn/optimizers/index.js';
import { assertClose } from '../../helpers/assert-close.js';
import { fromFixture, parityCases, type ParityCase } from '../../helpers/fixtures.js';
import { runSteps } from './quadratic.js';

/** Builds the optimizer a fixture case describes, through getOptimizer's Keras-style configs. */
function optimizerFor(c: ParityCase): Optimizer {
  const a = c.attrs as Record<string, number | boolean | string>;
  switch (a['optimizer']) {
    case 'sgd': return getOptimizer({ className: 'SGD', config: { learning_rate: a['lr'], momentum: a['momentum'], nesterov: a['nesterov'] } });
    case 'adam': return getOptimizer({ className: 'Adam', config: { learning_rate: a['lr'], beta_1: a['beta1'], beta_2: a['beta2'], epsilon: a['eps'] } });
    case 'adamw':
      return getOptimizer({ className: 'AdamW', config: { learningRate: a['lr'], beta1: a['beta1'], beta2: a['beta2'], epsilon: a['eps'], weightDecay: a['weight_decay'] } });
    case 'rmsprop':
      return getOptimizer({ className: 'RMSprop', config: { learningRate: a['lr'], rho: a['rho'], epsilon: a['eps'], momentum: a['momentum'], centered: a['centered'] } });
    default: throw new Error(`no optimizer for fixture ${c.name}: ${String(a['optimizer'])}`);
  }
}

const cases = parityCases().filter((c) => c.op === 'optimizer');

test('the parity file holds sgd_momentum, adam, adamw and rmsprop', () => {
  assert.deepEqual(cases.map((c) => c.name).sort(), ['adam', 'adamw', 'rmsprop', 'sgd_momentum']);
});

for (const c of cases) {
  test(`parity: ${c.name} follows PyTorch's trajectory for ${String(c.attrs['steps'])} steps`, () => {
    const w = new Variable(fromFixture(c.inputs.w!), { name: 'w' });
    const coefficients = fromFixture(c.inputs.c!);
    const trajectory = runSteps(optimizerFor(c), w, coefficients, Number(c.attrs['steps']));
    assert.equal(trajectory.length, c.trajectory!.length);
    trajectory.forEach((got, i) => assertClose(got, c.trajectory![i]!.data, 1e-4, 1e-3, `${c.name} step ${i + 1}`));
  });
}
