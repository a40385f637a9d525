/** reshape, transpose, expandDims, squeeze, flatten. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ArgumentError, ShapeError, arange, expandDims, flatten, memory, reshape, squeeze, transpose, zeros } from '../../src/index.js';

test('reshape infers one -1 and shares storage', () => {
  const x = arange(12);
  assert.deepEqual(reshape(x, [3, -1]).shape, [3, 4]);
  assert.deepEqual(reshape(x, [-1, 2, 3]).shape, [2, 2, 3]);
  assert.deepEqual(reshape(x, [2, -1, 2]).toArray(), [[[0, 1], [2, 3], [4, 5]], [[6, 7], [8, 9], [10, 11]]]);
  assert.deepEqual(reshape(zeros([0, 3]), [-1, 3]).shape, [0, 3]);
  assert.equal(reshape(x, [12]), x);
  const before = memory();
  const r = reshape(x, [4, 3]);
  assert.equal(memory().numBuffers, before.numBuffers);
  assert.equal(memory().numTensors, before.numTensors + 1);
  assert.equal(r.dtype, 'int32');
});

test('reshape errors', () => {
  assert.throws(() => reshape(arange(6), [4, -1]), new ShapeError('reshape: cannot reshape [6] (6 elements) to [4,-1]'));
  assert.throws(() => reshape(arange(6), [5]), new ShapeError('reshape: cannot reshape [6] (6 elements) to [5] (5 elements)'));
  assert.throws(() => reshape(arange(6), [-1, -1]), new ArgumentError('reshape: target shape [-1,-1] has more than one -1'));
  assert.throws(() => reshape(arange(6), [2, -3]), /reshape: target shape \[2,-3\] must hold non-negative integers or one -1/);
});

test('transpose reverses axes by default and follows perm', () => {
  const x = reshape(arange(6), [2, 3]);
  assert.deepEqual(transpose(x).toArray(), [[0, 3], [1, 4], [2, 5]]);
  const y = reshape(arange(24), [2, 3, 4]);
  const t = transpose(y, [1, 2, 0]);
  assert.deepEqual(t.shape, [3, 4, 2]);
  // t[i, j, k] = y[k, i, j]
  assert.deepEqual((t.toArray() as number[][][])[2]![1], [9, 21]);
  assert.deepEqual(transpose(y, [-1, 0, 1]).shape, [4, 2, 3]);
  assert.equal(transpose(y, [0, 1, 2]), y);
  assert.throws(() => transpose(x, [0, 0]), new ArgumentError('transpose: perm [0,0] is not a permutation of the 2 axes of [2,3]'));
  assert.throws(() => transpose(x, [0]), /is not a permutation/);
  assert.throws(() => transpose(x, [0, 2]), /transpose: axis 2 is out of range for a tensor of rank 2/);
});

test('expandDims inserts a unit axis; squeeze removes them', () => {
  const x = zeros([2, 3]);
  assert.deepEqual(expandDims(x).shape, [1, 2, 3]);
  assert.deepEqual(expandDims(x, 1).shape, [2, 1, 3]);
  assert.deepEqual(expandDims(x, -1).shape, [2, 3, 1]);
  assert.throws(() => expandDims(x, 4), /expandDims: axis 4 is out of range for a tensor of rank 3/);
  const y = zeros([1, 2, 1, 3, 1]);
  assert.deepEqual(squeeze(y).shape, [2, 3]);
  assert.deepEqual(squeeze(y, 2).shape, [1, 2, 3, 1]);
  assert.deepEqual(squeeze(y, [0, -1]).shape, [2, 1, 3]);
  assert.throws(() => squeeze(y, 1), new ShapeError('squeeze: axis 1 of [1,2,1,3,1] has size 2, expected 1'));
});

test('flatten keeps the batch axis', () => {
  assert.deepEqual(flatten(zeros([4, 2, 3])).shape, [4, 6]);
  assert.deepEqual(flatten(zeros([5])).shape, [5, 1]);
});
