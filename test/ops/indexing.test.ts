/** gather/take, scatterAdd, takeAlongAxis, oneHot, topK, cumsum: values, errors, gradients. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ArgumentError, DTypeError, Random, ShapeError, cumsum, gather, gatherAlongAxis, grad, oneHot, reshape, scatterAdd, sum, take, takeAlongAxis,
  tensor, topK, type NestedArray, type Tensor,
} from '../../src/index.js';
import { assertGradients, weightedSum } from '../helpers/gradients.js';

const int = (values: NestedArray): Tensor => tensor(values, undefined, 'int32');
/** [[0,1,2,3],[4,5,6,7],[8,9,10,11]] as float32. */
const grid = (): Tensor => tensor([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]);
const rng = (seed: number): Random => new Random(seed);

describe('gather', () => {
  test('rows, columns and index tensors of any shape', () => {
    assert.deepEqual(gather(grid(), [2, 0]).toArray(), [[8, 9, 10, 11], [0, 1, 2, 3]]);
    assert.deepEqual(gather(grid(), [3, 3, 0], 1).toArray(), [[3, 3, 0], [7, 7, 4], [11, 11, 8]]);
    const picked = gather(grid(), int([[0, 1], [1, 2]]), 1);
    assert.deepEqual(picked.shape, [3, 2, 2]);
    assert.deepEqual(picked.toArray(), [[[0, 1], [1, 2]], [[4, 5], [5, 6]], [[8, 9], [9, 10]]]);
    // x.shape[:axis] + indices.shape + x.shape[axis+1:]
    assert.deepEqual(gather(tensor(new Float32Array(2 * 5 * 3), [2, 5, 3]), int([[1, 2, 3], [0, 0, 0]]), 1).shape, [2, 2, 3, 3]);
    assert.deepEqual(gather(tensor([5, 6, 7]), int(1)).toArray(), 6);
  });

  test('negative indices count from the end; take is an alias; dtype is kept', () => {
    assert.deepEqual(gather(tensor([10, 20, 30]), [-1, -3]).toArray(), [30, 10]);
    assert.equal(take, gather);
    const ints = gather(int([4, 5, 6]), [2]);
    assert.equal(ints.dtype, 'int32');
    assert.deepEqual(ints.toArray(), [6]);
  });

  test('an out-of-range index names itself and its position', () => {
    assert.throws(
      () => gather(grid(), int([[0, 1], [4, 2]]), 1),
      new ArgumentError('gather: index 4 at position [1,0] of indices [2,2] is out of range for axis 1 of x [3,4] (valid: -4 to 3)'),
    );
    assert.throws(() => gather(grid(), [0, -4]), /gather: index -4 at position \[1\] of indices \[2\] is out of range for axis 0 of x \[3,4\]/);
  });

  test('indices must be integers', () => {
    assert.throws(() => gather(grid(), tensor([0, 1])), new DTypeError("gather: indices has dtype float32, expected int32 (use cast(indices, 'int32'))"));
    assert.throws(() => gather(grid(), [0.5]), /gather: indices must be integers, got 0.5 at position \[0\]/);
    assert.throws(() => gather(tensor(3), [0]), ShapeError);
  });

  test('gradient scatter-adds, so repeated indices accumulate', () => {
    const [dx] = grad((x: Tensor) => sum(gather(x, [0, 2, 0, 0])))(tensor([1, 2, 3]));
    assert.deepEqual(dx!.toArray(), [3, 0, 1]);
    assertGradients((x) => weightedSum(gather(x, int([[2, 0], [2, 2], [-1, 1]]), 1)), [rng(1).normal([2, 3, 4])]);
  });
});

describe('scatterAdd', () => {
  test('is the adjoint of gather', () => {
    assert.deepEqual(scatterAdd(tensor([1, 2, 3]), [0, 2, 0], 3).toArray(), [4, 0, 2]);
    assert.deepEqual(scatterAdd(tensor([[1, 2], [3, 4]]), [1, 1], 3, 1).toArray(), [[0, 3, 0], [0, 7, 0]]);
    assert.deepEqual(scatterAdd(tensor([[1, 2]]), int([[0, 0]]), 2).toArray(), [3, 0]);
  });

  test('checks shapes and indices', () => {
    assert.throws(() => scatterAdd(tensor([[1, 2]]), [0, 1, 2], 3), /scatterAdd: updates \[1,2\] must hold indices \[3\] at axis 0, found \[1\]/);
    assert.throws(() => scatterAdd(tensor([1, 2]), [0, 3], 3), /scatterAdd: index 3 at position \[1\]/);
  });

  test('gradient is a gather', () => {
    assertGradients((u) => weightedSum(scatterAdd(u, [1, 0, 1], 4, 1)), [rng(2).normal([2, 3, 2])]);
  });
});

describe('takeAlongAxis', () => {
  test('picks per-row class logits', () => {
    const logits = tensor([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2]]);
    const labels = int([1, 2]);
    assert.deepEqual(takeAlongAxis(logits, reshape(labels, [-1, 1]), 1).toArray(), [[0.699999988079071], [0.20000000298023224]]);
    assert.equal(gatherAlongAxis, takeAlongAxis);
  });

  test('numpy.take_along_axis semantics, with broadcasting', () => {
    // np.take_along_axis(a, np.argsort(a, axis=0), axis=0) sorts each column.
    const a = tensor([[10, 30], [40, 20]]);
    assert.deepEqual(takeAlongAxis(a, int([[0, 1], [1, 0]]), 0).toArray(), [[10, 20], [40, 30]]);
    // Indices [1, 3] broadcast over the three rows of grid.
    assert.deepEqual(takeAlongAxis(grid(), int([[3, 0, -1]]), 1).toArray(), [[3, 0, 3], [7, 4, 7], [11, 8, 11]]);
    assert.deepEqual(takeAlongAxis(tensor([[1, 2, 3]]), int([[2], [0]]), 1).toArray(), [[3], [1]]);
  });

  test('errors', () => {
    assert.throws(() => takeAlongAxis(grid(), int([1, 2, 3]), 1), new ShapeError('takeAlongAxis: indices [3] has rank 1, expected rank 2 like x [3,4]'));
    assert.throws(() => takeAlongAxis(grid(), int([[0], [1]]), 1), /takeAlongAxis: x \[3,4\] and indices \[2,1\] cannot be broadcast: axis 0 has sizes 3 and 2/);
    assert.throws(() => takeAlongAxis(grid(), int([[0], [1], [4]]), 1), /takeAlongAxis: index 4 at position \[2,0\] of indices \[3,1\] is out of range for axis 1 of x \[3,4\]/);
  });

  test('gradient', () => {
    assertGradients((x) => weightedSum(takeAlongAxis(x, int([[[1, 1, 0]], [[2, 0, 2]]]), 1)), [rng(3).normal([2, 3, 3])]);
    // Broadcast x: its single row receives the gradient of every picked copy.
    const [dx] = grad((x: Tensor) => sum(takeAlongAxis(x, int([[0], [0], [2]]), 1)))(tensor([[1, 2, 3]]));
    assert.deepEqual(dx!.toArray(), [[2, 0, 1]]);
  });
});

describe('oneHot', () => {
  test('encodes indices of any shape', () => {
    assert.deepEqual(oneHot([2, 0], 3).toArray(), [[0, 0, 1], [1, 0, 0]]);
    assert.deepEqual(oneHot(int([[1], [0]]), 2, 5, -1).toArray(), [[[-1, 5]], [[5, -1]]]);
    assert.equal(oneHot([0], 4).dtype, 'float32');
  });

  test('errors', () => {
    assert.throws(() => oneHot([0, 3], 3), new ArgumentError('oneHot: index 3 at position [1] of indices [2] is out of range for depth 3 (valid: 0 to 2)'));
    assert.throws(() => oneHot([-1], 3), /oneHot: index -1 at position \[0\]/);
    assert.throws(() => oneHot([0], 2.5), /oneHot: depth must be a non-negative integer, got 2.5/);
    assert.throws(() => oneHot(tensor([1]), 2), DTypeError);
  });
});

describe('topK', () => {
  test('largest values along the last axis, descending, ties by lower index', () => {
    const { values, indices } = topK(tensor([[1, 9, 3, 9, 4], [0, -1, 5, 5, 5]]), 3);
    assert.deepEqual(values.toArray(), [[9, 9, 4], [5, 5, 5]]);
    assert.deepEqual(indices.toArray(), [[1, 3, 4], [2, 3, 4]]);
    assert.equal(indices.dtype, 'int32');
    assert.deepEqual(topK(tensor([3, 1, 2]), 0).values.shape, [0]);
    assert.deepEqual(topK(int([3, 1, 2]), 3).values.toArray(), [3, 2, 1]);
  });

  test('k must fit the last axis', () => {
    assert.throws(() => topK(tensor([[1, 2]]), 3), new ArgumentError('topK: k must be an integer from 0 to 2 (the last axis of x [1,2]), got 3'));
    assert.throws(() => topK(tensor(1), 1), ShapeError);
  });

  test('gradient flows to the chosen positions', () => {
    const [dx] = grad((x: Tensor) => sum(topK(x, 2).values))(tensor([0.5, 3, -1, 2]));
    assert.deepEqual(dx!.toArray(), [0, 1, 0, 1]);
    assertGradients((x) => weightedSum(topK(x, 3).values), [rng(4).normal([3, 2, 5])]);
  });
});

describe('cumsum', () => {
  test('inclusive, exclusive, reversed', () => {
    const v = tensor([1, 2, 3, 4]);
    assert.deepEqual(cumsum(v).toArray(), [1, 3, 6, 10]);
    assert.deepEqual(cumsum(v, 0, { exclusive: true }).toArray(), [0, 1, 3, 6]);
    assert.deepEqual(cumsum(v, 0, { reverse: true }).toArray(), [10, 9, 7, 4]);
    assert.deepEqual(cumsum(v, -1, { exclusive: true, reverse: true }).toArray(), [9, 7, 4, 0]);
  });

  test('along any axis; bool sums to int32', () => {
    assert.deepEqual(cumsum(grid(), 0).toArray(), [[0, 1, 2, 3], [4, 6, 8, 10], [12, 15, 18, 21]]);
    const counts = cumsum(tensor([true, false, true, true]));
    assert.equal(counts.dtype, 'int32');
    assert.deepEqual(counts.toArray(), [1, 1, 2, 3]);
    assert.throws(() => cumsum(grid(), 2), /cumsum: axis 2 is out of range for a tensor of rank 2/);
  });

  test('gradients for every option', () => {
    const x0 = rng(5).normal([3, 4, 2]);
    for (const exclusive of [false, true]) {
      for (const reverse of [false, true]) {
        assertGradients((x) => weightedSum(cumsum(x, 1, { exclusive, reverse })), [x0]);
      }
    }
  });
});
