/** toString(): NumPy-like rendering with aligned columns and summaries of large tensors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arange, reshape, scalar, tensor, zeros } from '../../src/index.js';

test('small tensors print every element, aligned, with a header', () => {
  assert.equal(tensor([[1, 2], [3, 4]]).toString(), 'Tensor float32 [2,2]\n[[1., 2.],\n [3., 4.]]');
  assert.equal(tensor([1, 20, 300], undefined, 'int32').toString(), 'Tensor int32 [3]\n[  1,  20, 300]');
  assert.equal(tensor([true, false]).toString(), 'Tensor bool [2]\n[ true, false]');
  assert.equal(scalar(3.5).toString(), 'Tensor float32 []\n3.5');
  assert.equal(tensor([1.5, -2.25, 1e-5]).toString(), 'Tensor float32 [3]\n[      1.5,     -2.25, 1.0000e-5]');
  assert.equal(tensor([NaN, Infinity, -Infinity]).toString(), 'Tensor float32 [3]\n[      NaN,  Infinity, -Infinity]');
});

test('rank 3 separates blocks with a blank line', () => {
  assert.equal(
    reshape(arange(8), [2, 2, 2]).toString(),
    'Tensor int32 [2,2,2]\n[[[0, 1],\n  [2, 3]],\n\n [[4, 5],\n  [6, 7]]]',
  );
});

test('large tensors are summarised with ... on long axes', () => {
  assert.equal(arange(2000).toString(), 'Tensor int32 [2000]\n[   0,    1,    2, ..., 1997, 1998, 1999]');
  const lines = reshape(arange(2000), [40, 50]).toString().split('\n');
  assert.equal(lines.length, 1 + 7);
  assert.equal(lines[1], '[[   0,    1,    2, ...,   47,   48,   49],');
  assert.equal(lines[4], ' ...,');
  assert.equal(lines[7], ' [1950, 1951, 1952, ..., 1997, 1998, 1999]]');
  // Up to 1000 elements nothing is left out.
  assert.ok(!arange(1000).toString().includes('...'));
});

test('empty and disposed tensors', () => {
  assert.equal(zeros([0]).toString(), 'Tensor float32 [0]\n[]');
  const t = tensor([1]);
  t.dispose();
  assert.equal(t.toString(), 'Tensor float32 [1] (disposed)');
  assert.equal(`${tensor([7], undefined, 'int32')}`, 'Tensor int32 [1]\n[7]');
});
