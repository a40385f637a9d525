/**
 * The fused recurrent sequence ops: values against a step-by-step composition of elementary ops,
 * gradients against finite differences, and argument errors.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  Random, ShapeError, add, checkGradients, gruSequence, lstmSequence, matmul, mul, sigmoid, sub, sum, tanh, valueAndGrad, zeros, type Tensor,
} from '../../src/index.js';
import { split, stack, unstack } from '../../src/ops/slicing.js';
import { assertClose } from '../helpers/assert-close.js';

const rng = new Random(29);

/** A weighted sum, so every output element gets a distinct gradient. */
function weighted(t: Tensor, seed: number): Tensor {
  return sum(mul(t, new Random(seed).normal(t.shape)));
}

/** The LSTM recurrence written step by step with elementary ops (time-major input projection). */
function lstmByOps(xp: Tensor, w: Tensor, h0: Tensor, c0: Tensor): { outputs: Tensor; h: Tensor; c: Tensor } {
  let h = h0;
  let c = c0;
  const outputs = unstack(xp, 0).map((step) => {
    const [i, f, g, o] = split(add(step, matmul(h, w)), 4, -1) as [Tensor, Tensor, Tensor, Tensor];
    c = add(mul(sigmoid(f), c), mul(sigmoid(i), tanh(g)));
    h = mul(sigmoid(o), tanh(c));
    return h;
  });
  return { outputs: stack(outputs, 0), h, c };
}

/** The GRU recurrence written step by step (reset after the hidden matmul). */
function gruByOps(xp: Tensor, w: Tensor, bias: Tensor, h0: Tensor): { outputs: Tensor; h: Tensor } {
  let h = h0;
  const outputs = unstack(xp, 0).map((step) => {
    const [xr, xz, xn] = split(step, 3, -1) as [Tensor, Tensor, Tensor];
    const [pr, pz, pn] = split(add(matmul(h, w), bias), 3, -1) as [Tensor, Tensor, Tensor];
    const r = sigmoid(add(xr, pr));
    const z = sigmoid(add(xz, pz));
    const n = tanh(add(xn, mul(r, pn)));
    h = add(n, mul(z, sub(h, n)));
    return h;
  });
  return { outputs: stack(outputs, 0), h };
}

test('lstmSequence matches the step-by-step recurrence, values and gradients', () => {
  const [T, B, H] = [4, 3, 5];
  const args: [Tensor, Tensor, Tensor, Tensor] = [rng.normal([T, B, 4 * H]), rng.normal([H, 4 * H], 0, 0.5), rng.normal([B, H]), rng.normal([B, H])];
  const loss = (run: typeof lstmByOps) => (xp: Tensor, w: Tensor, h0: Tensor, c0: Tensor): Tensor => {
    const { outputs, h, c } = run(xp, w, h0, c0);
    return add(add(weighted(outputs, 1), weighted(h, 2)), weighted(c, 3));
  };
  const fused = valueAndGrad(loss(lstmSequence as typeof lstmByOps))(...args);
  const composed = valueAndGrad(loss(lstmByOps))(...args);
  assertClose(fused.value.data(), composed.value.data(), 1e-4, 1e-4, 'loss');
  fused.grads.forEach((g, i) => assertClose(g.data(), composed.grads[i]!.data(), 1e-4, 1e-3, `gradient of argument ${i}`));
});

test('gruSequence matches the step-by-step recurrence, values and gradients', () => {
  const [T, B, H] = [3, 2, 6];
  const args: [Tensor, Tensor, Tensor, Tensor] = [rng.normal([T, B, 3 * H]), rng.normal([H, 3 * H], 0, 0.5), rng.normal([3 * H]), rng.normal([B, H])];
  const loss = (run: (xp: Tensor, w: Tensor, b: Tensor, h0: Tensor) => { outputs: Tensor; h: Tensor }) =>
    (xp: Tensor, w: Tensor, b: Tensor, h0: Tensor): Tensor => {
      const { outputs, h } = run(xp, w, b, h0);
      return add(weighted(outputs, 4), weighted(h, 5));
    };
  const fused = valueAndGrad(loss(gruSequence as never))(...args);
  const composed = valueAndGrad(loss(gruByOps))(...args);
  assertClose(fused.value.data(), composed.value.data(), 1e-4, 1e-4, 'loss');
  fused.grads.forEach((g, i) => assertClose(g.data(), composed.grads[i]!.data(), 1e-4, 1e-3, `gradient of argument ${i}`));
});

test('lstmSequence and gruSequence gradients match finite differences', () => {
  const lstm = checkGradients(
    (xp, w, h0, c0) => {
      const { outputs, c } = lstmSequence(xp, w, h0, c0);
      return add(weighted(outputs, 6), weighted(c, 7));
    },
    [rng.normal([3, 2, 8]), rng.normal([2, 8], 0, 0.5), rng.normal([2, 2]), rng.normal([2, 2])],
  );
  assert.ok(lstm.ok, JSON.stringify(lstm.mismatches.slice(0, 3)));
  const gru = checkGradients(
    (xp, w, b, h0) => weighted(gruSequence(xp, w, b, h0).outputs, 8),
    [rng.normal([3, 2, 6]), rng.normal([2, 6], 0, 0.5), rng.normal([6]), rng.normal([2, 2])],
  );
  assert.ok(gru.ok, JSON.stringify(gru.mismatches.slice(0, 3)));
});

test('sequence ops start from zero states and accept a missing GRU bias', () => {
  const xp = rng.normal([2, 3, 8]);
  const w = rng.normal([2, 8]);
  const zero = zeros([3, 2]);
  assertClose(lstmSequence(xp, w).outputs.data(), lstmSequence(xp, w, zero, zero).outputs.data(), 0, 0, 'lstm zero state');
  const gp = rng.normal([2, 3, 6]);
  const gw = rng.normal([2, 6]);
  assertClose(gruSequence(gp, gw).outputs.data(), gruSequence(gp, gw, null, zero).outputs.data(), 0, 0, 'gru zero state');
  const withZeroBias = gruSequence(gp, gw, zeros([6])).outputs.data();
  assertClose(gruSequence(gp, gw, null).outputs.data(), withZeroBias, 0, 0, 'gru without bias');
});

test('sequence ops name the argument with the wrong shape', () => {
  assert.throws(() => lstmSequence(rng.normal([2, 3, 7]), rng.normal([2, 8])), (e: Error) => e instanceof ShapeError && /xProjected \[2,3,7\]/.test(e.message));
  assert.throws(() => lstmSequence(rng.normal([2, 3, 8]), rng.normal([3, 8])), (e: Error) => e instanceof ShapeError && /weightHh \[3,8\] must be \[2, 8\]/.test(e.message));
  assert.throws(() => lstmSequence(rng.normal([2, 3, 8]), rng.normal([2, 8]), rng.normal([2, 2])), (e: Error) => e instanceof ShapeError && /h0 \[2,2\] must be \[3, 2\]/.test(e.message));
  assert.throws(() => gruSequence(rng.normal([2, 3, 6]), rng.normal([2, 6]), rng.normal([5])), (e: Error) => e instanceof ShapeError && /biasHh \[5\] must be \[6\]/.test(e.message));
  assert.throws(() => gruSequence(rng.normal([0, 3, 6]), rng.normal([2, 6])), (e: Error) => e instanceof ShapeError && /time >= 1/.test(e.message));
});
