/**
 * softmax and logSoftmax along one axis.
 * @module
 */
import { record } from '../autograd/tape.js';
import type { Tensor } from '../tensor/tensor.js';
import { assertFloatTensor, assertTensor, axisView, compute } from './util.js';
import { mul, sub } from './arithmetic.js';
import { exp } from './math.js';
import { sum } from './reduce.js';

/** `e^x / sum(e^x)` along `axis` (last by default), computed stably. */
export function softmax(x: Tensor, axis = -1): Tensor {
  assertTensor('softmax', 'x', x);
  assertFloatTensor('softmax', 'x', x);
  const { axis: a, view } = axisView('softmax', x.shape, axis);
  const out = compute(x.shape, 'float32', (b, o) => b.softmax(x.values, view, o.values), true);
  // dx = y * (dy - sum(dy * y))
  return record('softmax', [x], out, (dy) => [mul(out, sub(dy, sum(mul(dy, out), a, true)))]);
}

/** `x - logSumExp(x)` along `axis` (last by default): log-probabilities, stable for large logits. */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  assertTensor('logSoftmax', 'x', x);
  assertFloatTensor('logSoftmax', 'x', x);
  const { axis: a, view } = axisView('logSoftmax', x.shape, axis);
  const out = compute(x.shape, 'float32', (b, o) => b.logSoftmax(x.values, view, o.values), true);
  // dx = dy - softmax * sum(dy)
  return record('logSoftmax', [x], out, (dy) => [sub(dy, mul(exp(out), sum(dy, a, true)))]);
}
