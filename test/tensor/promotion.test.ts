/** dtype promotion in arithmetic: bool < int32 < float32, and plain numbers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { add, div, equal, mul, neg, sub, tensor, type Tensor } from '../../src/index.js';

const f = (v: number[]): Tensor => tensor(v);
const i = (v: number[]): Tensor => tensor(v, undefined, 'int32');
const b = (v: boolean[]): Tensor => tensor(v);

test('float32 wins over int32 and bool', () => {
  const r = add(i([1, 2]), f([0.5, 0.25]));
  assert.equal(r.dtype, 'float32');
  assert.deepEqual(r.toArray(), [1.5, 2.25]);
  const m = mul(b([true, false]), f([2.5, 3]));
  assert.equal(m.dtype, 'float32');
  assert.deepEqual(m.toArray(), [2.5, 0]);
});

test('int32 wins over bool', () => {
  const r = add(i([1, 2]), b([true, false]));
  assert.equal(r.dtype, 'int32');
  assert.deepEqual(r.toArray(), [2, 2]);
  const m = mul(b([true, false, true]), i([4, 5, -6]));
  assert.equal(m.dtype, 'int32');
  assert.deepEqual(m.toArray(), [4, 0, -6]);
});

test('bool with bool computes in int32: bool storage only holds 0 and 1', () => {
  const two = add(b([true, true]), b([true, false]));
  assert.equal(two.dtype, 'int32');
  assert.deepEqual(two.toArray(), [2, 1]);
  assert.deepEqual(sub(b([false]), b([true])).toArray(), [-1]);
  assert.deepEqual(neg(b([true, false])).toArray(), [-1, 0]);
  assert.equal(mul(b([true]), b([true])).dtype, 'int32');
  assert.deepEqual(equal(add(b([true]), b([true])), 2).toArray(), [true]);
});

test('plain numbers: integers keep int32, fractions promote to float32', () => {
  const kept = mul(i([3, 4]), 2);
  assert.equal(kept.dtype, 'int32');
  assert.deepEqual(kept.toArray(), [6, 8]);
  const promoted = mul(i([3, 4]), 0.5);
  assert.equal(promoted.dtype, 'float32');
  assert.deepEqual(promoted.toArray(), [1.5, 2]);
  assert.equal(add(f([1]), 1).dtype, 'float32');
  assert.equal(add(b([true]), 1).dtype, 'int32');
  assert.deepEqual(add(b([true]), 1).toArray(), [2]);
});

test('division is true division in float32, even for int32', () => {
  const q = div(i([3, -7]), i([2, 2]));
  assert.equal(q.dtype, 'float32');
  assert.deepEqual(q.toArray(), [1.5, -3.5]);
});
