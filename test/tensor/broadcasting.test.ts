/** NumPy broadcasting in binary ops and select, and its errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError, add, broadcastTo, mul, select, sub, tensor, where, zeros, Random } from '../../src/index.js';

test('shapes broadcast by trailing axes', () => {
  const shape = (a: number[], b: number[]): readonly number[] => add(zeros(a), zeros(b)).shape;
  assert.deepEqual(shape([2, 1, 3], [4, 1]), [2, 4, 3]);
  assert.deepEqual(shape([3], [2, 1]), [2, 3]);
  assert.deepEqual(shape([], [2, 2]), [2, 2]);
  assert.deepEqual(shape([5, 1, 1], [1, 6]), [5, 1, 6]);
  assert.deepEqual(shape([0, 3], [1, 3]), [0, 3]);
  assert.deepEqual(shape([2, 0], [1]), [2, 0]);
});

test('broadcast values match a naive element-by-element loop', () => {
  const rng = new Random(1);
  const a = rng.normal([2, 1, 3]);
  const b = rng.normal([4, 1]);
  const got = sub(a, b).data();
  const av = a.data();
  const bv = b.data();
  for (let p = 0; p < 2; p++)
    for (let q = 0; q < 4; q++)
      for (let r = 0; r < 3; r++) assert.equal(got[(p * 4 + q) * 3 + r], Math.fround(av[p * 3 + r]! - bv[q]!));
});

test('row and column vectors make an outer product', () => {
  assert.deepEqual(mul(tensor([[1], [2], [3]]), tensor([10, 20])).toArray(), [[10, 20], [20, 40], [30, 60]]);
});

test('incompatible shapes name both shapes and the axis', () => {
  assert.throws(() => add(zeros([2, 3]), zeros([4])), new ShapeError('add: shapes [2,3] and [4] cannot be broadcast: axis 1 has sizes 3 and 4'));
  assert.throws(() => mul(zeros([5, 2, 1]), zeros([3, 1, 7])), /mul: shapes \[5,2,1\] and \[3,1,7\] cannot be broadcast: axis 0 has sizes 5 and 3/);
  assert.throws(() => broadcastTo(zeros([3]), [3, 2]), /broadcastTo: shapes \[3\] and \[3,2\] cannot be broadcast/);
  assert.throws(() => broadcastTo(zeros([3, 1]), [3]), new ShapeError('broadcastTo: [3,1] cannot be broadcast to [3]'));
});

test('select broadcasts condition and both branches', () => {
  const picked = select(tensor([[true], [false]]), tensor([1, 2, 3]), 0);
  assert.deepEqual(picked.toArray(), [[1, 2, 3], [0, 0, 0]]);
  assert.equal(where, select);
  assert.throws(() => select(tensor([true, false]), zeros([3]), 0), /where: shapes \[2\] and \[3\] cannot be broadcast/);
  assert.throws(() => select(tensor([1, 0]), zeros([2]), 0), /where: condition has dtype float32, expected bool/);
});

test('broadcastTo copies along new and unit axes', () => {
  assert.deepEqual(broadcastTo(tensor([[1], [2]]), [2, 3]).toArray(), [[1, 1, 1], [2, 2, 2]]);
  assert.deepEqual(broadcastTo(tensor([true, false]), [2, 2]).toArray(), [[true, false], [true, false]]);
});
