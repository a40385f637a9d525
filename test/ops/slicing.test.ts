/** slice, stridedSlice, reverse, concat, stack, split, unstack, pad, tile: values, errors, gradients. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ArgumentError, Random, ShapeError, arange, concat, pad, reshape, reverse, slice, split, stack, stridedSlice, tensor, tile, unstack,
  type Tensor,
} from '../../src/index.js';
import { assertGradients, weightedSum } from '../helpers/gradients.js';

/** [[0,1,2,3],[4,5,6,7],[8,9,10,11]] as float32. */
const grid = (): Tensor => tensor([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]);
const rng = (seed: number): Random => new Random(seed);

describe('slice', () => {
  test('takes a block; size -1 runs to the end; missing axes are whole', () => {
    assert.deepEqual(slice(grid(), [1, 1], [2, 2]).toArray(), [[5, 6], [9, 10]]);
    assert.deepEqual(slice(grid(), [0, 2], [-1, -1]).toArray(), [[2, 3], [6, 7], [10, 11]]);
    assert.deepEqual(slice(grid(), [2]).toArray(), [[8, 9, 10, 11]]);
    assert.deepEqual(slice(grid(), [1, 4], [2, 0]).shape, [2, 0]);
  });

  test('keeps the dtype', () => {
    const s = slice(tensor([1, 2, 3], undefined, 'int32'), [1]);
    assert.equal(s.dtype, 'int32');
    assert.deepEqual(s.toArray(), [2, 3]);
  });

  test('rejects regions outside the tensor and malformed arguments', () => {
    assert.throws(() => slice(grid(), [1, 3], [1, 2]), new ArgumentError('slice: begin 3 and size 2 exceed axis 1 of x [3,4] (size 4)'));
    assert.throws(() => slice(grid(), [4, 0]), /slice: begin 4 and size -1 exceed axis 0 of x \[3,4\] \(size 3\)/);
    assert.throws(() => slice(grid(), [-1, 0]), /slice: begin must hold integers >= 0, got \[-1,0\]/);
    assert.throws(() => slice(grid(), [0, 0, 0]), /slice: begin \[0,0,0\] and size \[-1,-1,-1\] must have the same length, at most the rank 2/);
    assert.throws(() => slice(grid(), [0, 0], [1]), ArgumentError);
  });

  test('gradient puts dy back into the block', () => {
    assertGradients((x) => weightedSum(slice(x, [1, 0, 2], [2, -1, 2])), [rng(1).normal([3, 2, 5])]);
  });
});

describe('stridedSlice (NumPy basic indexing)', () => {
  const x = (): Tensor => arange(10);
  const cases: [string, Parameters<typeof stridedSlice>[1], number[]][] = [
    ['x[::-1]', [[undefined, undefined, -1]], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]],
    ['x[7:]', [[7]], [7, 8, 9]],
    ['x[-3:]', [[-3]], [7, 8, 9]],
    ['x[:-7]', [[undefined, -7]], [0, 1, 2]],
    ['x[1:8:3]', [[1, 8, 3]], [1, 4, 7]],
    ['x[8:1:-3]', [[8, 1, -3]], [8, 5, 2]],
    ['x[-1:-11:-4]', [[-1, -11, -4]], [9, 5, 1]],
    ['x[-100:100]', [[-100, 100]], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
    ['x[100::-4]', [[100, null, -4]], [9, 5, 1]],
    ['x[5:2]', [[5, 2]], []],
    ['x[2:5:-1]', [[2, 5, -1]], []],
    ['x[::-1] via null', [[null, null, -1]], [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]],
    ['x[:-1:-1] (stop -1 is the last element, not "before 0")', [[undefined, -1, -1]], []],
    ['x[]', [], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
  ];
  for (const [name, specs, expected] of cases) {
    test(name, () => assert.deepEqual(stridedSlice(x(), specs).toArray(), expected));
  }

  test('a number selects and drops the axis; null keeps it; missing specs take whole axes', () => {
    assert.deepEqual(stridedSlice(grid(), [1]).toArray(), [4, 5, 6, 7]);
    assert.deepEqual(stridedSlice(grid(), [-1, -2]).toArray(), 10);
    assert.deepEqual(stridedSlice(grid(), [null, 2]).toArray(), [2, 6, 10]);
    assert.deepEqual(stridedSlice(grid(), [[undefined, undefined, -2], [3, 0, -2]]).toArray(), [[11, 9], [3, 1]]);
    assert.deepEqual(stridedSlice(grid(), [[1, 2]]).shape, [1, 4]);
  });

  test('rejects bad indices, zero steps and too many specs', () => {
    assert.throws(() => stridedSlice(grid(), [3]), new ArgumentError('stridedSlice: index 3 is out of range for axis 0 of x [3,4] (size 3)'));
    assert.throws(() => stridedSlice(grid(), [null, -5]), /index -5 is out of range for axis 1 of x \[3,4\] \(size 4\)/);
    assert.throws(() => stridedSlice(grid(), [[0, 2, 0]]), /stridedSlice: axis 0 of x \[3,4\]: step must not be 0/);
    assert.throws(() => stridedSlice(grid(), [0, 0, 0]), /3 specs for x \[3,4\] of rank 2/);
    assert.throws(() => stridedSlice(grid(), [[0.5]]), ArgumentError);
  });

  test('gradients with negative steps, strides and selected axes', () => {
    const x0 = rng(2).normal([4, 5, 3]);
    assertGradients((x) => weightedSum(stridedSlice(x, [[undefined, undefined, -1], [4, 0, -2]])), [x0]);
    assertGradients((x) => weightedSum(stridedSlice(x, [[3, undefined, -3], [1, 5, 3], -1])), [x0]);
    assertGradients((x) => weightedSum(stridedSlice(x, [2, [-1, -6, -1]])), [x0]);
  });
});

describe('reverse', () => {
  test('flips the given axes, all by default', () => {
    assert.deepEqual(reverse(grid(), 1).toArray(), [[3, 2, 1, 0], [7, 6, 5, 4], [11, 10, 9, 8]]);
    assert.deepEqual(reverse(grid(), [-2]).toArray(), [[8, 9, 10, 11], [4, 5, 6, 7], [0, 1, 2, 3]]);
    assert.deepEqual(reverse(grid()).toArray(), [[11, 10, 9, 8], [7, 6, 5, 4], [3, 2, 1, 0]]);
    assert.throws(() => reverse(grid(), 2), /reverse: axis 2 is out of range for a tensor of rank 2/);
  });

  test('gradient', () => {
    assertGradients((x) => weightedSum(reverse(x, [0, 2])), [rng(3).normal([2, 3, 4])]);
  });
});

describe('concat', () => {
  test('joins along an axis', () => {
    const a = tensor([[1, 2], [3, 4]]);
    const b = tensor([[5], [6]]);
    assert.deepEqual(concat([a, b], 1).toArray(), [[1, 2, 5], [3, 4, 6]]);
    assert.deepEqual(concat([a, tensor([[7, 8]])], 0).toArray(), [[1, 2], [3, 4], [7, 8]]);
    assert.deepEqual(concat([a, b, b], -1).shape, [2, 4]);
  });

  test('promotes dtypes like arithmetic', () => {
    const joined = concat([tensor([1, 2], undefined, 'int32'), tensor([0.5])]);
    assert.equal(joined.dtype, 'float32');
    assert.deepEqual(joined.toArray(), [1, 2, 0.5]);
    assert.equal(concat([tensor([true]), tensor([3], undefined, 'int32')]).dtype, 'int32');
  });

  test('errors name the mismatching tensor', () => {
    assert.throws(
      () => concat([tensor([[1, 2]]), tensor([[1, 2, 3]])], 0),
      new ShapeError('concat: tensors[1] [1,3] does not match tensors[0] [1,2] on the axes other than 0'),
    );
    assert.throws(() => concat([]), /concat: tensors must be a non-empty array of tensors/);
    assert.throws(() => concat([tensor(1)]), /concat: tensors\[0\] is a scalar \[\]/);
    assert.throws(() => concat([tensor([1]), tensor([1])], 1), /concat: axis 1 is out of range for a tensor of rank 1/);
  });

  test('gradient reaches every input', () => {
    const r = rng(4);
    assertGradients((a, b, c) => weightedSum(concat([a, b, c], 1)), [r.normal([2, 3, 2]), r.normal([2, 1, 2]), r.normal([2, 4, 2])]);
  });
});

describe('stack and unstack', () => {
  test('stack adds an axis', () => {
    const a = tensor([1, 2, 3]);
    const b = tensor([4, 5, 6]);
    assert.deepEqual(stack([a, b]).toArray(), [[1, 2, 3], [4, 5, 6]]);
    assert.deepEqual(stack([a, b], 1).toArray(), [[1, 4], [2, 5], [3, 6]]);
    assert.deepEqual(stack([a, b], -1).shape, [3, 2]);
    assert.deepEqual(stack([tensor(1), tensor(2)]).toArray(), [1, 2]);
  });

  test('stack rejects different shapes', () => {
    assert.throws(() => stack([tensor([1, 2]), tensor([1, 2, 3])]), /stack: tensors\[1\] \[3\] differs from tensors\[0\] \[2\]/);
  });

  test('unstack drops the axis', () => {
    const parts = unstack(grid(), 1);
    assert.equal(parts.length, 4);
    assert.deepEqual(parts[3]!.toArray(), [3, 7, 11]);
    assert.deepEqual(unstack(grid()).map((p) => p.shape), [[4], [4], [4]]);
  });

  test('gradients', () => {
    const r = rng(5);
    assertGradients((a, b) => weightedSum(stack([a, b], 1)), [r.normal([3, 2]), r.normal([3, 2])]);
    assertGradients((x) => {
      const [p, q, s] = unstack(x, 1);
      return weightedSum(stack([s!, p!, q!, p!]), 9);
    }, [r.normal([2, 3, 2])]);
  });
});

describe('split', () => {
  test('into equal parts or given sizes (one may be -1)', () => {
    assert.deepEqual(split(arange(6), 3).map((t) => t.toArray()), [[0, 1], [2, 3], [4, 5]]);
    assert.deepEqual(split(grid(), [1, -1, 2], 1).map((t) => t.shape), [[3, 1], [3, 1], [3, 2]]);
    assert.deepEqual(split(grid(), [1, -1, 2], 1)[2]!.toArray(), [[2, 3], [6, 7], [10, 11]]);
    assert.deepEqual(split(grid(), [0, 3], 0).map((t) => t.shape), [[0, 4], [3, 4]]);
  });

  test('a count must divide the axis; sizes must add up', () => {
    assert.throws(() => split(grid(), 3, 1), new ArgumentError('split: axis 1 of x [3,4] (size 4) cannot be split into 3 equal parts'));
    assert.throws(() => split(grid(), [2, 3], 1), /split: sizes \[2,3\] do not add up to axis 1 of x \[3,4\] \(size 4\)/);
    assert.throws(() => split(grid(), [5, -1], 1), /do not add up/);
    assert.throws(() => split(grid(), [-1, -1], 1), /at most one -1/);
    assert.throws(() => split(grid(), 0), /count must be a positive integer, got 0/);
  });

  test('gradient', () => {
    assertGradients((x) => {
      const [a, b] = split(x, [2, -1], 1);
      return weightedSum(concat([b!, a!], 1));
    }, [rng(6).normal([2, 5])]);
  });
});

describe('pad', () => {
  test('constant, reflect and symmetric on a vector', () => {
    const v = tensor([1, 2, 3]);
    assert.deepEqual(pad(v, [[2, 1]]).toArray(), [0, 0, 1, 2, 3, 0]);
    assert.deepEqual(pad(v, [[1, 1]], 'constant', -1).toArray(), [-1, 1, 2, 3, -1]);
    assert.deepEqual(pad(v, [[2, 2]], 'reflect').toArray(), [3, 2, 1, 2, 3, 2, 1]);
    assert.deepEqual(pad(v, [[3, 2]], 'symmetric').toArray(), [3, 2, 1, 1, 2, 3, 3, 2]);
  });

  test('pads several axes (numpy.pad agrees)', () => {
    const m = tensor([[1, 2, 3], [4, 5, 6]]);
    assert.deepEqual(pad(m, [[1, 0], [0, 2]], 'reflect').toArray(), [[4, 5, 6, 5, 4], [1, 2, 3, 2, 1], [4, 5, 6, 5, 4]]);
    assert.deepEqual(pad(m, [[0, 1], [1, 0]], 'symmetric').toArray(), [[1, 1, 2, 3], [4, 4, 5, 6], [4, 4, 5, 6]]);
    assert.equal(pad(tensor([1, 2], undefined, 'int32'), [[1, 0]], 'constant', 7).dtype, 'int32');
  });

  test('validates paddings and mode', () => {
    assert.throws(
      () => pad(tensor([1, 2, 3]), [[3, 0]], 'reflect'),
      new ArgumentError('pad: reflect padding [3,0] of axis 0 of x [3] (size 3) must be < 3'),
    );
    assert.throws(() => pad(tensor([1, 2, 3]), [[0, 4]], 'symmetric'), /pad: symmetric padding \[0,4\] of axis 0 of x \[3\] \(size 3\) must be <= 3/);
    assert.throws(() => pad(tensor([1, 2, 3]), [[1, 1], [1, 1]]), /pad: paddings \[\[1,1\],\[1,1\]\] must hold one \[before, after\] pair per axis of x \[3\]/);
    assert.throws(() => pad(tensor([1, 2, 3]), [[-1, 1]]), /pad: paddings must hold integers >= 0/);
    assert.throws(() => pad(tensor([1]), [[1, 1]], 'wrap' as never), /pad: mode 'wrap' is unknown/);
  });

  test('gradients for every mode', () => {
    const x0 = rng(7).normal([3, 4, 2]);
    assertGradients((x) => weightedSum(pad(x, [[1, 2], [0, 3], [2, 0]], 'constant', 5)), [x0]);
    assertGradients((x) => weightedSum(pad(x, [[2, 2], [3, 1], [1, 1]], 'reflect')), [x0]);
    assertGradients((x) => weightedSum(pad(x, [[3, 1], [4, 4], [0, 2]], 'symmetric')), [x0]);
  });
});

describe('tile', () => {
  test('repeats along axes as numpy.tile', () => {
    assert.deepEqual(tile(tensor([1, 2]), [3]).toArray(), [1, 2, 1, 2, 1, 2]);
    assert.deepEqual(tile(tensor([1, 2]), [2, 2]).toArray(), [[1, 2, 1, 2], [1, 2, 1, 2]]);
    assert.deepEqual(tile(tensor([[1, 2], [3, 4]]), [2]).toArray(), [[1, 2, 1, 2], [3, 4, 3, 4]]);
    assert.deepEqual(tile(tensor([[1, 2], [3, 4]]), [2, 1]).toArray(), [[1, 2], [3, 4], [1, 2], [3, 4]]);
    assert.deepEqual(tile(tensor([1, 2]), [0]).shape, [0]);
    assert.throws(() => tile(tensor([1]), [-1]), /tile: reps must hold integers >= 0, got \[-1\]/);
  });

  test('gradient sums over the copies', () => {
    assertGradients((x) => weightedSum(tile(x, [2, 1, 3])), [rng(8).normal([2, 3])]);
  });
});

test('ops reject non-tensors and keep the int dtype', () => {
  assert.throws(() => slice([1, 2] as never, [0]), /slice: x must be a Tensor, got object/);
  assert.equal(reshape(split(arange(4), 2)[1]!, [2]).dtype, 'int32');
});
