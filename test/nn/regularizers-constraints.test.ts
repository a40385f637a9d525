/** Regularizer values (Keras semantics) and constraint projections, with their configs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError, tensor } from '../../src/index.js';
import { getRegularizer, l1, l1l2, l2 } from '../../src/nn/regularizers.js';
import { getConstraint, maxNorm, minMaxNorm, nonNeg, unitNorm } from '../../src/nn/constraints.js';
import { assertClose } from '../helpers/assert-close.js';

const w = tensor([[1, -2], [3, -4]]);

test('l1 = factor·sum|w|, l2 = factor·sum(w²) (not halved), l1l2 adds both', () => {
  assertClose(l1(0.1).apply(w), [0.1 * 10]);
  assertClose(l2(0.01).apply(w), [0.01 * 30]);
  assertClose(l1l2({ l1: 0.1, l2: 0.01 }).apply(w), [1 + 0.3]);
  assertClose(l1l2({ l1: 0, l2: 0 }).apply(w), [0]);
  assert.deepEqual(l2().getConfig(), { l2: 0.01 }); // Keras default factor
});

test('regularizers resolve from names and configs, and reject bad factors', () => {
  assert.equal(getRegularizer('l2')?.className, 'L2');
  assert.equal(getRegularizer('L1L2')?.className, 'L1L2');
  assert.equal(getRegularizer(null), null);
  const restored = getRegularizer(JSON.parse(JSON.stringify(l1l2({ l1: 0.2, l2: 0.3 }).toConfig())))!;
  assert.deepEqual(restored.getConfig(), { l1: 0.2, l2: 0.3 });
  assertClose(restored.apply(w), [0.2 * 10 + 0.3 * 30]);
  assert.throws(() => l2(-1), ArgumentError);
  assert.throws(() => getRegularizer('l3'), /unknown regularizer 'l3'/);
});

test('the penalty is differentiable: d l2 / dw = 2·factor·w', async () => {
  const { valueAndGrad } = await import('../../src/index.js');
  const { grads } = valueAndGrad((x) => l2(0.5).apply(x))(w);
  assertClose(grads[0]!, [1, -2, 3, -4]);
});

test('maxNorm rescales only the columns (axis 0) whose norm exceeds maxValue', () => {
  const k = tensor([[3, 0.3], [4, 0.4]]); // column norms 5 and 0.5
  const out = maxNorm({ maxValue: 2 }).apply(k);
  assertClose(out, [3 * 0.4, 0.3, 4 * 0.4, 0.4], 1e-5);
  // axis 1 constrains rows: norms sqrt(9.09) and sqrt(16.16)
  const rows = maxNorm({ maxValue: 1, axis: 1 }).apply(k).data();
  assertClose([Math.hypot(rows[0]!, rows[1]!), Math.hypot(rows[2]!, rows[3]!)], [1, 1], 1e-5);
});

test('maxNorm over [0, 1, 2] constrains each filter of a conv kernel', () => {
  const k = tensor([2, 0, 0, 1], [1, 1, 2, 2]); // filter 0 = [2, 0], filter 1 = [0, 1]
  assertClose(maxNorm({ maxValue: 1, axis: [0, 1, 2] }).apply(k), [1, 0, 0, 1], 1e-5);
});

test('nonNeg, unitNorm and minMaxNorm', () => {
  assertClose(nonNeg().apply(w), [1, 0, 3, 0]);
  assertClose(unitNorm().apply(tensor([[3, 0], [4, 2]])), [0.6, 0, 0.8, 1], 1e-5);
  // column norms 5 and 0.5 pushed into [1, 2] fully (rate 1) ...
  const k = tensor([[3, 0.3], [4, 0.4]]);
  assertClose(minMaxNorm({ minValue: 1, maxValue: 2 }).apply(k), [1.2, 0.6, 1.6, 0.8], 1e-5);
  // ... or half way (rate 0.5): norms 3.5 and 0.75
  assertClose(minMaxNorm({ minValue: 1, maxValue: 2, rate: 0.5 }).apply(k), [3 * 0.7, 0.3 * 1.5, 4 * 0.7, 0.4 * 1.5], 1e-5);
});

test('constraints resolve from names and configs', () => {
  assert.equal(getConstraint('nonNeg')?.className, 'NonNeg');
  assert.equal(getConstraint('max_norm')?.className, 'MaxNorm');
  const restored = getConstraint(JSON.parse(JSON.stringify(maxNorm({ maxValue: 3, axis: [0, 1, 2] }).toConfig())))!;
  assert.deepEqual(restored.getConfig(), { maxValue: 3, axis: [0, 1, 2] });
  assert.throws(() => maxNorm({ maxValue: 0 }), /MaxNorm: maxValue must be positive/);
  assert.throws(() => getConstraint({ className: 'UnitNorm', config: { axis: 'rows' } }), /UnitNorm: axis must be an integer/);
});
