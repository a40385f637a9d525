/**
 * The fused batch-norm-training op: values and gradients against the composite formula
 * (moments + batchNorm) on both backends, finite differences, statistics, and argument errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Random, ShapeError, batchNorm, batchNormTraining, checkGradients, moments, mul, reshape, sum, tensor, valueAndGrad, type Tensor,
} from '../../src/index.js';
import { assertClose } from '../helpers/assert-close.js';
import { onEachBackend } from '../helpers/on-each-backend.js';

/** The composite formula: batch moments over every axis but `axis`, then batchNorm with broadcast parameters. */
function composite(x: Tensor, gamma: Tensor | null, beta: Tensor | null, axis: number, eps: number): Tensor {
  const reduceAxes = [...x.shape.keys()].filter((i) => i !== axis);
  const { mean, variance } = moments(x, reduceAxes, true);
  const shape = x.shape.map((d, i) => (i === axis ? d : 1));
  return batchNorm(x, mean, variance, gamma && reshape(gamma, shape), beta && reshape(beta, shape), eps);
}

test('batch statistics and the normalised output by hand', () => {
  const x = tensor([[1, 0], [2, 0], [3, 4], [6, 4]]);
  const { output, mean, variance } = batchNormTraining(x, tensor([2, 1]), tensor([0.5, -1]), -1, 1e-3);
  assertClose(mean, [3, 2]);
  assertClose(variance, [3.5, 4]);
  const expected = [[1, 0], [2, 0], [3, 4], [6, 4]].flatMap(([a, b]) => [2 * ((a! - 3) / Math.sqrt(3.5 + 1e-3)) + 0.5, (b! - 2) / Math.sqrt(4 + 1e-3) - 1]);
  assertClose(output, expected);
});

test('values and gradients of x, gamma and beta match the composite formula on both backends', () => {
  onEachBackend((backend) => {
    const rng = new Random(17);
    const cases: [number[], number][] = [[[6, 5, 3, 7], -1], [[9, 3], 1], [[2, 5, 4], 1], [[3, 4, 5, 6], 3], [[200, 37], -1], [[5, 1], 1]];
    for (const [shape, axis] of cases) {
      const a = axis < 0 ? shape.length + axis : axis;
      const x = mul(rng.normal(shape), 2);
      const gamma = rng.normal([shape[a]!]);
      const beta = rng.normal([shape[a]!]);
      const dy = rng.normal(shape);
      const fused = valueAndGrad((xx: Tensor, g: Tensor, b: Tensor) => sum(mul(batchNormTraining(xx, g, b, axis, 1e-3).output, dy)))(x, gamma, beta);
      const comp = valueAndGrad((xx: Tensor, g: Tensor, b: Tensor) => sum(mul(composite(xx, g, b, a, 1e-3), dy)))(x, gamma, beta);
      const label = `${backend} ${shape} axis ${axis}`;
      assertClose(batchNormTraining(x, gamma, beta, axis, 1e-3).output, composite(x, gamma, beta, a, 1e-3), 1e-5, 1e-4, `${label}: output`);
      fused.grads.forEach((g, i) => assertClose(g, comp.grads[i]!, 1e-4, 1e-3, `${label}: gradient ${i}`));
    }
  });
});

test('without gamma and beta the gradient flows to x alone', () => {
  const rng = new Random(2);
  const x = rng.normal([7, 3]);
  const dy = rng.normal([7, 3]);
  const fused = valueAndGrad((xx: Tensor) => sum(mul(batchNormTraining(xx, null, null).output, dy)))(x);
  const comp = valueAndGrad((xx: Tensor) => sum(mul(composite(xx, null, null, 1, 1e-3), dy)))(x);
  assertClose(fused.grads[0]!, comp.grads[0]!, 1e-5, 1e-4);
});

test('gradients against finite differences (odd shapes, channels last and first)', () => {
  const rng = new Random(9);
  for (const [shape, axis] of [[[5, 3], -1], [[3, 2, 5], 1]] as [number[], number][]) {
    const a = axis < 0 ? shape.length + axis : axis;
    const weights = rng.normal(shape);
    const result = checkGradients(
      (x, g, b) => sum(mul(batchNormTraining(x, g, b, axis, 1e-3).output, weights)),
      [rng.normal(shape), rng.normal([shape[a]!]), rng.normal([shape[a]!])],
      { epsilon: 1e-2, atol: 5e-3, rtol: 2e-2 },
    );
    assert.ok(result.ok, `${shape}: ${JSON.stringify(result.mismatches.slice(0, 3))}`);
  }
});

test('argument errors name the op and the expected shape', () => {
  const x = tensor(new Float32Array(6), [2, 3]);
  assert.throws(() => batchNormTraining(x, tensor([1, 1]), null), (e: unknown) =>
    e instanceof ShapeError && e.message === 'batchNormTraining: gamma [2] must be [3], the size of axis 1 of x [2,3]');
  assert.throws(() => batchNormTraining(x, null, tensor([[0, 0, 0]]), 1), (e: unknown) =>
    e instanceof ShapeError && e.message === 'batchNormTraining: beta [1,3] must be [3], the size of axis 1 of x [2,3]');
});
