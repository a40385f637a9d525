/** Creating tensors: nested and typed arrays, fills, ranges, identity. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ArgumentError, DTypeError, ShapeError, arange, eye, full, fullLike, linspace, ones, onesLike, scalar, tensor, zeros, zerosLike,
} from '../../src/index.js';
import { assertClose } from '../helpers/assert-close.js';

test('tensor infers shape and dtype from nested arrays', () => {
  const t = tensor([[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(t.shape, [2, 3]);
  assert.equal(t.dtype, 'float32');
  assert.equal(t.size, 6);
  assert.equal(t.rank, 2);
  assert.deepEqual(t.toArray(), [[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual([...t.data()], [1, 2, 3, 4, 5, 6]);
  const b = tensor([[true], [false]]);
  assert.equal(b.dtype, 'bool');
  assert.deepEqual(b.toArray(), [[true], [false]]);
  assert.deepEqual(tensor([]).shape, [0]);
  assert.deepEqual(tensor([[], []]).shape, [2, 0]);
});

test('tensor takes a flat array with a shape, and an explicit dtype', () => {
  assert.deepEqual(tensor([1, 2, 3, 4, 5, 6], [3, 2]).toArray(), [[1, 2], [3, 4], [5, 6]]);
  const i = tensor([1.7, -1.7, 2], undefined, 'int32');
  assert.equal(i.dtype, 'int32');
  assert.deepEqual(i.toArray(), [1, -1, 2]);
  assert.deepEqual(tensor([0, 2, -1], undefined, 'bool').toArray(), [false, true, true]);
});

test('tensor copies typed arrays and keeps their dtype', () => {
  const source = Float32Array.from([1, 2, 3, 4]);
  const t = tensor(source, [2, 2]);
  source[0] = 99;
  assert.deepEqual(t.toArray(), [[1, 2], [3, 4]]);
  assert.equal(tensor(Int32Array.from([1, 2])).dtype, 'int32');
  assert.equal(tensor(Uint8Array.from([1, 0])).dtype, 'bool');
  assert.equal(tensor(Int32Array.from([1, 2]), undefined, 'float32').dtype, 'float32');
  // data() is a copy too.
  const d = t.data();
  d[1] = 42;
  assert.equal(t.toArray().toString(), '1,2,3,4');
});

test('ragged nested arrays are rejected with the offending element', () => {
  assert.throws(() => tensor([[1, 2], [3]]), new ShapeError('tensor: ragged nested array: element [1] has length 1, expected length 2'));
  assert.throws(() => tensor([[1, 2], 3] as never), new ShapeError('tensor: ragged nested array: element [1] has a number, expected length 2'));
  assert.throws(() => tensor([1, [2]] as never), new ShapeError('tensor: ragged nested array: element [1] is an array, expected a number'));
  assert.throws(() => tensor([[[1], [2]], [[3], [4, 5]]]), /element \[1\]\[1\] has length 2, expected length 1/);
});

test('tensor rejects a shape that does not fit and unknown dtypes', () => {
  assert.throws(() => tensor([1, 2, 3], [2, 2]), new ShapeError('tensor: 3 values cannot fill shape [2,2] (4 elements)'));
  assert.throws(() => tensor([1], [1.5]), ArgumentError);
  assert.throws(() => tensor([1], undefined, 'float64' as never), new DTypeError("tensor: unknown dtype 'float64', expected float32, int32 or bool"));
});

test('scalar, zeros, ones, full and the *Like variants', () => {
  const s = scalar(2.5);
  assert.deepEqual(s.shape, []);
  assert.equal(s.item(), 2.5);
  assert.equal(scalar(true).dtype, 'bool');
  assert.deepEqual(zeros([2, 2]).toArray(), [[0, 0], [0, 0]]);
  assert.equal(zeros([3], 'int32').dtype, 'int32');
  assert.deepEqual(ones([2], 'bool').toArray(), [true, true]);
  assert.deepEqual(full([2, 1], 7).toArray(), [[7], [7]]);
  assert.equal(full([1], true).dtype, 'bool');
  const like = tensor([[1, 2]], undefined, 'int32');
  assert.deepEqual(zerosLike(like).toArray(), [[0, 0]]);
  assert.deepEqual(onesLike(like).toArray(), [[1, 1]]);
  assert.equal(fullLike(like, 3).dtype, 'int32');
  assert.throws(() => zeros([2, -1]), new ArgumentError('zeros: shape [2,-1] must hold non-negative integers'));
  assert.throws(() => tensor([1, 2]).item(), /item: tensor \[2\] has 2 elements, expected 1/);
});

test('arange follows Python range, int32 for integers', () => {
  assert.deepEqual(arange(5).toArray(), [0, 1, 2, 3, 4]);
  assert.equal(arange(5).dtype, 'int32');
  assert.deepEqual(arange(2, 10, 3).toArray(), [2, 5, 8]);
  assert.deepEqual(arange(5, 0, -2).toArray(), [5, 3, 1]);
  assert.deepEqual(arange(3, 1).shape, [0]);
  const f = arange(0, 1, 0.25);
  assert.equal(f.dtype, 'float32');
  assert.deepEqual(f.toArray(), [0, 0.25, 0.5, 0.75]);
  assert.equal(arange(3, undefined, 1, 'float32').dtype, 'float32');
  assert.throws(() => arange(0, 5, 0), /arange: step must be a non-zero finite number, got 0/);
});

test('linspace includes both ends', () => {
  assertClose(linspace(0, 1, 5), [0, 0.25, 0.5, 0.75, 1]);
  assertClose(linspace(-1, 1, 3), [-1, 0, 1]);
  assert.deepEqual(linspace(3, 7, 1).toArray(), [3]);
  assert.deepEqual(linspace(0, 1, 0).shape, [0]);
  assert.equal((linspace(0.1, 0.7, 7).toArray() as number[]).at(-1), Math.fround(0.7));
  assert.throws(() => linspace(0, 1, -1), /linspace: num must be a non-negative integer, got -1/);
});

test('eye, square and rectangular', () => {
  assert.deepEqual(eye(3).toArray(), [[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
  assert.deepEqual(eye(2, 3).toArray(), [[1, 0, 0], [0, 1, 0]]);
  assert.deepEqual(eye(3, 2, 'int32').toArray(), [[1, 0], [0, 1], [0, 0]]);
});
