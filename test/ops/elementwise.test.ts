/**
 * Forward values and finite-difference gradient checks for the elementwise, activation, softmax,
 * reduction, matmul and select ops. Inputs are kept away from kinks (|x|, relu at 0, clip bounds,
 * ties in max/min) where a derivative does not exist.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as ops from '../../src/index.js';
import { Random, tensor, type Tensor } from '../../src/index.js';
import { assertClose } from '../helpers/assert-close.js';
import { assertGradients, weightedSum } from '../helpers/gradients.js';

const {
  abs, add, clip, cos, div, elu, erf, exp, expm1, gelu, leakyRelu, log, log1p, logSoftmax, logSumExp, matmul, max, maximum, mean, min, minimum,
  mul, neg, norm, pow, prod, reciprocal, relu, rsqrt, select, sigmoid, sin, softmax, softplus, sqrt, square, squaredDifference, sub, sum, tanh,
  variance, greater,
} = ops;

/** A float32 tensor of `shape` with values `map(z)` for standard normal `z` from a fixed seed. */
function sample(shape: number[], seed: number, map: (z: number) => number = (z) => z): Tensor {
  const z = new Random(seed).normal(shape).data();
  return tensor(Float32Array.from(z, map), shape);
}

/** Normal values pushed at least `margin` away from 0 (for |x|, relu, reciprocal...). */
const awayFromZero = (margin = 0.2) => (z: number): number => z + Math.sign(z) * margin;
/** Values in (low, high). */
const between = (low: number, high: number) => (z: number): number => low + (high - low) / (1 + Math.exp(-z));
/** Distinct values 0.1 apart in shuffled order: max/min have a clear winner on every axis. */
function distinct(shape: number[], seed: number): Tensor {
  const n = shape.reduce((p, d) => p * d, 1);
  return tensor(Float32Array.from(new Random(seed).permutation(n), (v) => (v - n / 2) * 0.1), shape);
}

describe('arithmetic', () => {
  test('forward values', () => {
    assert.deepEqual(add(tensor([1, 2]), 3).toArray(), [4, 5]);
    assert.deepEqual(sub(tensor([[1], [2]]), tensor([10, 20])).toArray(), [[-9, -19], [-8, -18]]);
    assert.deepEqual(div(tensor([1, 3]), tensor([4, -2])).toArray(), [0.25, -1.5]);
    assert.deepEqual(pow(tensor([2, 9, 4]), tensor([3, 0.5, -1])).toArray(), [8, 3, 0.25]);
    assert.deepEqual(ops.mod(tensor([-7, 7, 5.5]), 3).toArray(), [2, 1, 2.5]);
    assert.deepEqual(ops.floorDiv(tensor([-7, 7], undefined, 'int32'), 2).toArray(), [-4, 3]);
    assert.deepEqual(minimum(tensor([1, NaN, 5]), tensor([3, 0, 4])).toArray(), [1, NaN, 4]);
    assert.deepEqual(maximum(tensor([1, 7]), 3).toArray(), [3, 7]);
    assert.deepEqual(squaredDifference(tensor([1, 5]), tensor([4, 5])).toArray(), [9, 0]);
    assert.deepEqual(neg(tensor([2, -3], undefined, 'int32')).toArray(), [-2, 3]);
  });

  const binaries: [string, (a: Tensor, b: Tensor) => Tensor, (z: number) => number, (z: number) => number][] = [
    ['add', add, (z) => z, (z) => z],
    ['sub', sub, (z) => z, (z) => z],
    ['mul', mul, (z) => z, (z) => z],
    ['div', div, (z) => z, awayFromZero(0.5)],
    ['pow', pow, between(0.5, 2), between(-1, 2)],
    ['squaredDifference', squaredDifference, (z) => z, (z) => z],
  ];
  for (const [name, f, mapA, mapB] of binaries) {
    test(`${name} gradients, same shapes and broadcasting on both sides`, () => {
      assertGradients((a, b) => weightedSum(f(a, b)), [sample([2, 3], 1, mapA), sample([2, 3], 2, mapB)]);
      assertGradients((a, b) => weightedSum(f(a, b)), [sample([3, 1], 3, mapA), sample([1, 4], 4, mapB)]);
      assertGradients((a, b) => weightedSum(f(a, b)), [sample([2, 1, 3], 5, mapA), sample([4, 1], 6, mapB)]);
      assertGradients((a, b) => weightedSum(f(a, b)), [sample([], 7, mapA), sample([2, 2], 8, mapB)]);
    });
  }

  test('minimum and maximum gradients (no ties), and ties split evenly', () => {
    const a = distinct([3, 4], 1);
    const b = add(distinct([1, 4], 2), 0.05);
    assertGradients((x, y) => weightedSum(minimum(x, y)), [a, b]);
    assertGradients((x, y) => weightedSum(maximum(x, y)), [a, b]);
    const [da, db] = ops.grad((x: Tensor, y: Tensor) => sum(maximum(x, y)))(tensor([1, 2, 3]), tensor([3, 2, 1]));
    assert.deepEqual(da!.toArray(), [0, 0.5, 1]);
    assert.deepEqual(db!.toArray(), [1, 0.5, 0]);
  });

  test('neg gradient', () => {
    assertGradients((x) => weightedSum(neg(x)), [sample([5], 9)]);
  });
});

describe('math', () => {
  test('forward values', () => {
    assertClose(exp(tensor([0, 1])), [1, Math.E]);
    assertClose(expm1(tensor([1e-7])), [1e-7], 1e-12);
    assertClose(log(tensor([1, Math.E])), [0, 1]);
    assertClose(log1p(tensor([1e-7])), [1e-7], 1e-12);
    assertClose(sqrt(tensor([4, 2])), [2, Math.SQRT2]);
    assertClose(rsqrt(tensor([4])), [0.5]);
    assertClose(reciprocal(tensor([-4])), [-0.25]);
    assertClose(sin(tensor([Math.PI / 2])), [1]);
    assertClose(cos(tensor([0])), [1]);
    assertClose(erf(tensor([0, 0.5, 1, 3])), [0, 0.5204998778, 0.8427007929, 0.9999779095]);
    assert.deepEqual(abs(tensor([-2, 3], undefined, 'int32')).toArray(), [2, 3]);
    assert.deepEqual(ops.sign(tensor([-2, 0, 5])).toArray(), [-1, 0, 1]);
    assert.deepEqual(ops.round(tensor([0.5, 1.5, 2.5, -1.5, 2.4])).toArray(), [0, 2, 2, -2, 2]);
    assert.deepEqual(ops.floor(tensor([-1.5, 1.5])).toArray(), [-2, 1]);
    assert.deepEqual(ops.ceil(tensor([-1.5, 1.5])).toArray(), [-1, 2]);
    assert.deepEqual(clip(tensor([-5, 0.5, 5]), -1, 1).toArray(), [-1, 0.5, 1]);
    assert.deepEqual(square(tensor([-3], undefined, 'int32')).toArray(), [9]);
    assert.throws(() => clip(tensor([1]), 2, 1), /clip: min 2 must not exceed max 1/);
    assert.throws(() => clip(tensor([true, false], undefined, 'bool'), 0, 2), /clip: x has dtype bool/);
    assert.throws(() => exp(tensor([1], undefined, 'int32')), /exp: x has dtype int32, expected float32/);
  });

  const unaries: [string, (x: Tensor) => Tensor, (z: number) => number][] = [
    ['abs', abs, awayFromZero()],
    ['exp', exp, (z) => z],
    ['expm1', expm1, (z) => z],
    ['log', log, between(0.3, 3)],
    ['log1p', log1p, between(-0.5, 3)],
    ['sqrt', sqrt, between(0.3, 3)],
    ['rsqrt', rsqrt, between(0.5, 3)],
    ['reciprocal', reciprocal, awayFromZero(0.5)],
    ['square', square, (z) => z],
    ['sin', sin, (z) => z],
    ['cos', cos, (z) => z],
    ['erf', erf, (z) => z],
    ['clip', (x) => clip(x, -0.5, 0.7), (z) => (Math.abs(z + 0.5) < 0.05 || Math.abs(z - 0.7) < 0.05 ? z + 0.1 : z)],
  ];
  for (const [name, f, map] of unaries) {
    test(`${name} gradient`, () => assertGradients((x) => weightedSum(f(x)), [sample([3, 4], 10, map)]));
  }
});

describe('activations', () => {
  test('forward values', () => {
    assert.deepEqual(relu(tensor([-1, 0, 2])).toArray(), [0, 0, 2]);
    assertClose(leakyRelu(tensor([-1, 2])), [-0.3, 2]);
    assertClose(leakyRelu(tensor([-1]), 0.01), [-0.01]);
    assertClose(elu(tensor([-1, 2])), [Math.expm1(-1), 2]);
    assertClose(gelu(tensor([1, -1, 0])), [0.8413447461, -0.1586552539, 0]);
    assertClose(sigmoid(tensor([0, 100, -100])), [0.5, 1, 0]);
    assert.ok(sigmoid(tensor([-100])).item() > 0);
    assertClose(tanh(tensor([0.5])), [Math.tanh(0.5)]);
    assertClose(softplus(tensor([0, 100, -100])), [Math.LN2, 100, Math.exp(-100)], 1e-30);
  });

  const activations: [string, (x: Tensor) => Tensor][] = [
    ['relu', relu],
    ['leakyRelu', (x) => leakyRelu(x, 0.2)],
    ['elu', (x) => elu(x, 1.5)],
    ['gelu', gelu],
    ['sigmoid', sigmoid],
    ['tanh', tanh],
    ['softplus', softplus],
  ];
  for (const [name, f] of activations) {
    test(`${name} gradient away from 0`, () => assertGradients((x) => weightedSum(f(x)), [sample([3, 5], 11, awayFromZero())]));
  }
});

describe('softmax and logSoftmax', () => {
  test('forward values', () => {
    const p = softmax(tensor([[1, 2, 3], [0, 0, Math.log(2)]]));
    assertClose(p, [0.09003057, 0.24472847, 0.66524096, 0.25, 0.25, 0.5]);
    assertClose(logSoftmax(tensor([1000, 1000])), [-Math.LN2, -Math.LN2]);
    assertClose(sum(softmax(sample([4, 6], 1), 0), 0), [1, 1, 1, 1, 1, 1]);
  });

  test('gradients along the last and a middle axis', () => {
    const x = sample([2, 3, 4], 12);
    assertGradients((t) => weightedSum(softmax(t)), [x]);
    assertGradients((t) => weightedSum(softmax(t, 1)), [x]);
    assertGradients((t) => weightedSum(logSoftmax(t)), [x]);
    assertGradients((t) => weightedSum(logSoftmax(t, 0)), [x]);
  });
});

describe('reductions', () => {
  test('forward values', () => {
    const x = tensor([[1, 5, 2], [7, 0, 3]]);
    assert.deepEqual(sum(x).toArray(), 18);
    assert.deepEqual(sum(x, 0).toArray(), [8, 5, 5]);
    assert.deepEqual(sum(x, 1, true).toArray(), [[8], [10]]);
    assert.deepEqual(mean(x, [0, 1]).toArray(), 3);
    assert.deepEqual(prod(x, 1).toArray(), [10, 0]);
    assert.deepEqual(max(x, 1).toArray(), [5, 7]);
    assert.deepEqual(min(x, 0, true).toArray(), [[1, 0, 2]]);
    assert.deepEqual(ops.argmax(x, 1).toArray(), [1, 0]);
    assert.deepEqual(ops.argmin(x).toArray(), 4);
    assertClose(variance(tensor([1, 2, 3, 4])), [1.25]);
    assertClose(logSumExp(tensor([1000, 1000])), [1000 + Math.LN2]);
    assertClose(norm(tensor([3, -4])), [5]);
    assertClose(norm(tensor([3, -4]), 1), [7]);
    assertClose(norm(tensor([3, -4]), Infinity), [4]);
    const counts = sum(tensor([true, true, false]));
    assert.equal(counts.dtype, 'int32');
    assert.equal(counts.item(), 2);
    assert.deepEqual(ops.any(tensor([[true, false], [false, false]]), 1).toArray(), [true, false]);
    assert.deepEqual(ops.all(tensor([[true, true], [false, true]]), 1).toArray(), [true, false]);
    assert.throws(() => sum(x, 2), /sum: axis 2 is out of range for a tensor of rank 2/);
    assert.throws(() => sum(x, [1, -1]), /sum: axes \[1,-1\] repeat an axis/);
  });

  test('sum, mean, prod gradients over several axes', () => {
    const x = sample([2, 3, 4], 13, between(0.5, 1.5));
    for (const axes of [undefined, 0, [0, 2], [1, 2], -1]) {
      for (const keepDims of [false, true]) {
        assertGradients((t) => weightedSum(sum(t, axes, keepDims)), [x]);
        assertGradients((t) => weightedSum(mean(t, axes, keepDims)), [x]);
        assertGradients((t) => weightedSum(prod(t, axes, keepDims)), [x]);
      }
    }
  });

  test('max and min gradients, with and without keepDims, over several axes', () => {
    const x = distinct([3, 4, 2], 14);
    for (const axes of [undefined, 1, [0, 2], [0, 1], -1]) {
      for (const keepDims of [false, true]) {
        assertGradients((t) => weightedSum(max(t, axes, keepDims)), [x]);
        assertGradients((t) => weightedSum(min(t, axes, keepDims)), [x]);
      }
    }
  });

  test('max splits the gradient among tied maxima', () => {
    const [dx] = ops.grad((t: Tensor) => sum(max(t, 1)))(tensor([[1, 3, 3], [2, 0, 1]]));
    assert.deepEqual(dx!.toArray(), [[0, 0.5, 0.5], [1, 0, 0]]);
  });

  test('variance, logSumExp and norm gradients', () => {
    const x = sample([3, 4], 15, awayFromZero());
    for (const axes of [undefined, 0, [1]]) {
      assertGradients((t) => weightedSum(variance(t, axes)), [x]);
      assertGradients((t) => weightedSum(logSumExp(t, axes, true)), [x]);
      assertGradients((t) => weightedSum(norm(t, 2, axes)), [x]);
      assertGradients((t) => weightedSum(norm(t, 1, axes)), [x]);
    }
    assertGradients((t) => weightedSum(norm(t, Infinity, 1)), [distinct([3, 4], 16)]);
  });

  test('prod and norm gradients stay finite at zeros', () => {
    // Rows: no zero (prod / x), one zero (the others' product at the zero), two zeros (all 0).
    const [dProd] = ops.grad((t: Tensor) => sum(ops.prod(t, 1)))(tensor([[2, 3, 4], [2, 0, 4], [0, 3, 0]]));
    assert.deepEqual(dProd!.toArray(), [[12, 8, 6], [0, 8, 0], [0, 0, 0]]);
    // An all-zero row has norm 0 and subgradient 0 (PyTorch's choice); the other row is x / |x|.
    const [dNorm] = ops.grad((t: Tensor) => sum(norm(t, 2, 1)))(tensor([[0, 0], [3, 4]]));
    assertClose(dNorm!, [0, 0, 0.6, 0.8]);
    assertGradients((t) => weightedSum(ops.prod(t, [0], true)), [sample([3, 2], 17, awayFromZero())]);
  });
});

describe('matmul', () => {
  test('forward values, vectors and batches', () => {
    const a = tensor([[1, 2], [3, 4]]);
    const b = tensor([[5, 6], [7, 8]]);
    assert.deepEqual(matmul(a, b).toArray(), [[19, 22], [43, 50]]);
    assert.deepEqual(matmul(a, b, { transposeA: true }).toArray(), [[26, 30], [38, 44]]);
    assert.deepEqual(matmul(a, b, { transposeB: true }).toArray(), [[17, 23], [39, 53]]);
    assert.deepEqual(matmul(tensor([1, 1]), b).toArray(), [12, 14]);
    assert.deepEqual(matmul(a, tensor([1, -1])).toArray(), [-1, -1]);
    assert.deepEqual(matmul(tensor([1, 2]), tensor([3, 4])).toArray(), 11);
    assert.deepEqual(matmul(ops.stack([a, b]), a).shape, [2, 2, 2]);
    assert.deepEqual(matmul(ops.stack([a, b]), a).toArray(), [[[7, 10], [15, 22]], [[23, 34], [31, 46]]]);
    assert.throws(() => matmul(tensor([[1, 2, 3]]), a), /matmul: a \[1,3\] and b \[2,2\]: inner dimensions 3 and 2 differ/);
  });

  test('gradients with batches, broadcasting and transposes', () => {
    const cases: [number[], number[], ops.MatMulOptions][] = [
      [[3, 4], [4, 2], {}],
      [[2, 3, 4], [4, 5], {}],
      [[4, 3], [2, 4, 5], { transposeA: true }],
      [[2, 1, 3, 4], [3, 5, 4], { transposeB: true }],
      [[2, 4, 3], [2, 5, 4], { transposeA: true, transposeB: true }],
      [[4], [2, 4, 3], {}],
      [[2, 3, 4], [4], {}],
    ];
    cases.forEach(([sa, sb, options], i) => {
      assertGradients((a, b) => weightedSum(matmul(a, b, options)), [sample(sa, 20 + i), sample(sb, 30 + i)]);
    });
  });
});

describe('select', () => {
  test('forward values and gradients to the picked branch', () => {
    const c = tensor([[true, false, true]]);
    assert.deepEqual(select(c, tensor([[1, 2, 3], [4, 5, 6]]), -1).toArray(), [[1, -1, 3], [4, -1, 6]]);
    const x = sample([2, 3], 40);
    assertGradients((a, b) => weightedSum(select(c, a, b)), [x, sample([3], 41)]);
    assertGradients((a) => weightedSum(ops.where(greater(a, 0), mul(a, a), neg(a))), [sample([4, 3], 42, awayFromZero())]);
  });
});

describe('shape ops', () => {
  test('reshape, transpose, expandDims, squeeze, broadcastTo gradients', () => {
    const x = sample([2, 3, 4], 50);
    assertGradients((t) => weightedSum(ops.reshape(t, [4, -1])), [x]);
    assertGradients((t) => weightedSum(ops.transpose(t, [2, 0, 1])), [x]);
    assertGradients((t) => weightedSum(ops.squeeze(ops.expandDims(t, 1), 1)), [x]);
    assertGradients((t) => weightedSum(ops.broadcastTo(t, [5, 2, 3, 4])), [x]);
    assertGradients((t) => weightedSum(ops.broadcastTo(t, [3, 4])), [sample([3, 1], 51)]);
  });
});
