/**
 * The fused layer norm over the last axis (what `layerNorm` runs for Transformers): values and
 * gradients against the composite formula (moments + batchNorm) on both backends, finite
 * differences, and the configurations that keep the composed path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random, batchNorm, checkGradients, getBackend, layerNorm, moments, mul, reshape, sum, valueAndGrad, type Tensor } from '../../src/index.js';
import { assertClose } from '../helpers/assert-close.js';
import { onEachBackend } from '../helpers/on-each-backend.js';

/** The composite formula over the last axis, built from public ops without the fused kernel. */
function composite(x: Tensor, gamma: Tensor | null, beta: Tensor | null, eps: number): Tensor {
  const { mean, variance } = moments(x, [x.rank - 1], true);
  return batchNorm(x, mean, variance, gamma, beta, eps);
}

/** How many times `f` calls the backend's fused layer-norm kernel. */
function fusedCalls(f: () => Tensor): number {
  const backend = getBackend();
  const own = Object.getOwnPropertyDescriptor(backend, 'layerNorm');
  const original = backend.layerNorm.bind(backend);
  let calls = 0;
  backend.layerNorm = (...args) => {
    calls++;
    original(...args);
  };
  try {
    f();
  } finally {
    if (own) Object.defineProperty(backend, 'layerNorm', own);
    else Reflect.deleteProperty(backend, 'layerNorm');
  }
  return calls;
}

test('values and gradients of x, gamma and beta match the composite formula on both backends', () => {
  onEachBackend((backend) => {
    const rng = new Random(23);
    for (const shape of [[6, 5, 3, 7], [9, 3], [2, 64, 128], [200, 37], [5, 1], [4, 257]]) {
      const cols = shape[shape.length - 1]!;
      const x = mul(rng.normal(shape), 2);
      const gamma = rng.normal([cols]);
      const beta = rng.normal([cols]);
      const dy = rng.normal(shape);
      const label = `${backend} ${shape}`;
      const fused = valueAndGrad((xx: Tensor, g: Tensor, b: Tensor) => sum(mul(layerNorm(xx, g, b, -1, 1e-5), dy)))(x, gamma, beta);
      const comp = valueAndGrad((xx: Tensor, g: Tensor, b: Tensor) => sum(mul(composite(xx, g, b, 1e-5), dy)))(x, gamma, beta);
      assertClose(layerNorm(x, gamma, beta, -1, 1e-5), composite(x, gamma, beta, 1e-5), 1e-5, 1e-4, `${label}: output`);
      fused.grads.forEach((g, i) => assertClose(g, comp.grads[i]!, 1e-4, 1e-3, `${label}: gradient ${i}`));
    }
  });
});

test('without gamma and beta the gradient flows to x alone', () => {
  onEachBackend((backend) => {
    const rng = new Random(2);
    const x = rng.normal([70, 24]);
    const dy = rng.normal([70, 24]);
    const fused = valueAndGrad((xx: Tensor) => sum(mul(layerNorm(xx, null, null), dy)))(x);
    const comp = valueAndGrad((xx: Tensor) => sum(mul(composite(xx, null, null, 1e-5), dy)))(x);
    assertClose(fused.grads[0]!, comp.grads[0]!, 1e-5, 1e-4, backend);
  });
});

test('gradients against finite differences', () => {
  const rng = new Random(9);
  for (const shape of [[5, 3], [3, 2, 6]]) {
    const cols = shape[shape.length - 1]!;
    const weights = rng.normal(shape);
    const result = checkGradients(
      (x, g, b) => sum(mul(layerNorm(x, g, b, -1, 1e-3), weights)),
      [rng.normal(shape), rng.normal([cols]), rng.normal([cols])],
      { epsilon: 1e-2, atol: 5e-3, rtol: 2e-2 },
    );
    assert.ok(result.ok, `${shape}: ${JSON.stringify(result.mismatches.slice(0, 3))}`);
  }
});

test('the last axis with [features] parameters runs fused; other axes and broadcast parameters stay composed', () => {
  const rng = new Random(4);
  const x = rng.normal([3, 4, 5]);
  const gamma = rng.normal([5]);
  assert.equal(fusedCalls(() => layerNorm(x, gamma, null)), 1);
  assert.equal(fusedCalls(() => layerNorm(x, null, null, [1, 2])), 0, 'two axes: composed');
  const broadcast = reshape(gamma, [1, 1, 5]);
  assert.equal(fusedCalls(() => layerNorm(x, broadcast, null)), 0, 'a [1, 1, 5] gamma: composed');
  assertClose(layerNorm(x, broadcast, null), layerNorm(x, gamma, null), 1e-5, 1e-5);
});
