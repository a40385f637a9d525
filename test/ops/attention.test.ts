/** Fused scaled dot-product attention: forward and gradients against the composition of ops, finite differences, shapes and errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random, add, grad, matmul, mul, softmax, tensor, transpose, type Tensor } from '../../src/index.js';
import { scaledDotProductAttention } from '../../src/ops/attention.js';
import { assertClose } from '../helpers/assert-close.js';
import { assertGradients, weightedSum } from '../helpers/gradients.js';

/** softmax(scale·q·kᵀ + mask)·v from ordinary ops, the mask −1e9 above the diagonal when causal. */
function composed(q: Tensor, k: Tensor, v: Tensor, causal: boolean, scale: number): Tensor {
  const rank = k.rank;
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
  let scores = mul(matmul(q, transpose(k, perm)), scale);
  if (causal) {
    const tq = q.shape[rank - 2]!;
    const tk = k.shape[rank - 2]!;
    const mask = new Float32Array(tq * tk);
    for (let i = 0; i < tq; i++) for (let j = 0; j < tk; j++) mask[i * tk + j] = j <= i ? 0 : -1e9;
    scores = add(scores, tensor(mask, [tq, tk]));
  }
  return matmul(softmax(scores, -1), v);
}

const rng = new Random(3);

for (const causal of [false, true]) {
  for (const [lead, tq, tk, dk, dv] of [[[2, 3], 5, 5, 8, 8], [[1], 4, 7, 3, 5], [[2], 6, 3, 4, 2]] as const) {
    test(`scaledDotProductAttention ${causal ? 'causal ' : ''}[${lead}] tq=${tq} tk=${tk} dk=${dk} dv=${dv}: forward and gradients match the composition`, () => {
      const q = rng.normal([...lead, tq, dk]);
      const k = rng.normal([...lead, tk, dk]);
      const v = rng.normal([...lead, tk, dv]);
      const scale = 1 / Math.sqrt(dk);
      const fused = scaledDotProductAttention(q, k, v, { causal });
      assert.deepEqual(fused.shape, [...lead, tq, dv]);
      assertClose(fused, composed(q, k, v, causal, scale), 1e-5, 1e-4);
      const f1 = (a: Tensor, b: Tensor, c: Tensor) => weightedSum(scaledDotProductAttention(a, b, c, { causal }));
      const f2 = (a: Tensor, b: Tensor, c: Tensor) => weightedSum(composed(a, b, c, causal, scale));
      const g1 = grad(f1)(q, k, v);
      const g2 = grad(f2)(q, k, v);
      g1.forEach((g, i) => assertClose(g, g2[i]!, 1e-5, 1e-4, ['dq', 'dk', 'dv'][i]));
    });
  }
}

test('scaledDotProductAttention gradients agree with finite differences (causal, custom scale)', () => {
  const q = rng.normal([2, 4, 3]);
  const k = rng.normal([2, 4, 3]);
  const v = rng.normal([2, 4, 2]);
  assertGradients((a, b, c) => weightedSum(scaledDotProductAttention(a, b, c, { causal: true, scale: 0.7 })), [q, k, v]);
  assertGradients((a, b, c) => weightedSum(scaledDotProductAttention(a, b, c)), [q, k, v]);
});

test('scaledDotProductAttention: a causal first query sees only the first value; errors name the argument', () => {
  const q = tensor([[1, 0], [0, 1]]);
  const k = tensor([[5, 0], [0, 5]]);
  const v = tensor([[1, 2], [3, 4]]);
  const out = scaledDotProductAttention(q, k, v, { causal: true }).data();
  assert.deepEqual(Array.from(out.slice(0, 2)), [1, 2]);
  assert.throws(() => scaledDotProductAttention(q, tensor([[1, 2, 3]]), v), /q \[2,2\] and k \[1,3\] must have the same feature size/);
  assert.throws(() => scaledDotProductAttention(q, k, tensor([[1, 2]])), /k \[2,2\] and v \[1,2\] must have the same number of positions/);
  assert.throws(() => scaledDotProductAttention(tensor([1, 2]), k, v), /q \[2\] must have rank >= 2/);
  assert.throws(() => scaledDotProductAttention(rng.normal([2, 2, 2]), rng.normal([3, 2, 2]), rng.normal([3, 2, 2])), /must share their leading axes/);
});
