/**
 * The fused batch-norm-inference op: values and gradients of all five inputs against the composite
 * `batchNorm` on both backends, finite differences, and argument errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Random, ShapeError, add, batchNorm, batchNormInference, checkGradients, mul, reshape, sum, tensor, valueAndGrad, type Tensor,
} from '../../src/index.js';
import { assertClose } from '../helpers/assert-close.js';
import { onEachBackend } from '../helpers/on-each-backend.js';

function composite(x: Tensor, mean: Tensor, variance: Tensor, gamma: Tensor | null, beta: Tensor | null, axis: number, eps: number): Tensor {
  const shape = x.shape.map((d, i) => (i === axis ? d : 1));
  const b = (t: Tensor | null) => t && reshape(t, shape);
  return batchNorm(x, b(mean)!, b(variance)!, b(gamma), b(beta), eps);
}

test('normalises with the given statistics by hand', () => {
  const y = batchNormInference(tensor([[3, 0], [1, -1]]), tensor([1, -1]), tensor([4, 0.25]), tensor([2, 1]), tensor([0.5, 0]), -1, 1e-5);
  assertClose(y, [2 * (2 / Math.sqrt(4 + 1e-5)) + 0.5, 1 / Math.sqrt(0.25 + 1e-5), 0.5, 0]);
});

test('values and gradients of x, mean, variance, gamma and beta match the composite batchNorm on both backends', () => {
  onEachBackend((backend) => {
    const rng = new Random(23);
    for (const [shape, axis] of [[[6, 5, 3, 7], 3], [[9, 3], 1], [[2, 5, 4], 1], [[70, 40, 30], 2]] as [number[], number][]) {
      const c = shape[axis]!;
      const args: [Tensor, Tensor, Tensor, Tensor, Tensor] = [mul(rng.normal(shape), 2), rng.normal([c]), add(rng.uniform([c]), 0.5), rng.normal([c]), rng.normal([c])];
      const dy = rng.normal(shape);
      const fused = valueAndGrad((x: Tensor, m: Tensor, v: Tensor, g: Tensor, b: Tensor) => sum(mul(batchNormInference(x, m, v, g, b, axis, 1e-3), dy)))(...args);
      const comp = valueAndGrad((x: Tensor, m: Tensor, v: Tensor, g: Tensor, b: Tensor) => sum(mul(composite(x, m, v, g, b, axis, 1e-3), dy)))(...args);
      const label = `${backend} ${shape} axis ${axis}`;
      assertClose(batchNormInference(args[0], args[1], args[2], args[3], args[4], axis, 1e-3), composite(args[0], args[1], args[2], args[3], args[4], axis, 1e-3),
        1e-5, 1e-4, `${label}: output`);
      fused.grads.forEach((g, i) => assertClose(g, comp.grads[i]!, 1e-3, 1e-3, `${label}: gradient ${i}`));
    }
  });
});

test('without gamma and beta; gradients against finite differences', () => {
  const rng = new Random(4);
  const x = rng.normal([5, 3]);
  assertClose(batchNormInference(x, tensor([0, 1, 2]), tensor([1, 2, 3]), null, null), composite(x, tensor([0, 1, 2]), tensor([1, 2, 3]), null, null, 1, 1e-3));
  const weights = rng.normal([4, 3, 2]);
  const result = checkGradients(
    (xx, m, v, g, b) => sum(mul(batchNormInference(xx, m, v, g, b, 1, 1e-3), weights)),
    [rng.normal([4, 3, 2]), rng.normal([3]), add(rng.uniform([3]), 0.5), rng.normal([3]), rng.normal([3])],
    { epsilon: 1e-2, atol: 5e-3, rtol: 2e-2 },
  );
  assert.ok(result.ok, JSON.stringify(result.mismatches.slice(0, 3)));
});

test('statistics must be [channels]', () => {
  assert.throws(() => batchNormInference(tensor([[1, 2, 3]]), tensor([0, 0]), tensor([1, 1, 1]), null, null), (e: unknown) =>
    e instanceof ShapeError && e.message === 'batchNormInference: mean [2] must be [3], the size of axis 1 of x [1,3]');
});
