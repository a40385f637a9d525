/**
 * Kernel cases of the fused training kernels: softmax cross-entropy (int32 labels and float32
 * targets, forward and backward) and batch normalization with batch statistics (forward and
 * backward). Small cases are checked against hand calculations; odd and large shapes (SIMD tails,
 * several tasks, channels-first views) against the reference backend.
 */
import type { AxisView, Backend } from '../../../src/backend/kernels.js';
import type { KernelCase } from '../case-helpers.js';
import { randomValues, upload } from '../case-helpers.js';

/** Runs both cross-entropy kernels; returns [loss, dx]. */
function crossEntropy(b: Backend, logits: Float32Array, targets: Int32Array | Float32Array, classes: number, dy: Float32Array): Float32Array[] {
  const rows = logits.length / classes;
  const x = upload(b, logits);
  const t = upload(b, targets);
  const loss = b.alloc('float32', rows) as Float32Array;
  const stats = b.alloc('float32', 2 * rows) as Float32Array;
  b.softmaxCrossEntropy(x, t, rows, classes, loss, stats);
  const dx = b.alloc('float32', logits.length) as Float32Array;
  b.softmaxCrossEntropyBackward(x, t, stats, upload(b, dy), rows, classes, dx);
  return [loss, dx];
}

function labelsFor(rows: number, classes: number, seed: number): Int32Array {
  return Int32Array.from(randomValues(rows, seed), (v) => Math.min(classes - 1, Math.floor(((v + 1) / 2) * classes)));
}

/** Random non-negative targets per row (not normalised: the kernels take any weights). */
function targetsFor(rows: number, classes: number, seed: number): Float32Array {
  return randomValues(rows * classes, seed).map((v) => (v + 1) / 2);
}

const softmax3 = [Math.exp(1), Math.exp(2), Math.exp(3)].map((e, _, all) => e / all.reduce((s, v) => s + v, 0));

const crossEntropyCases: KernelCase[] = [
  {
    name: 'softmaxCrossEntropy with a label: logSumExp − x[label], gradient (softmax − onehot)·dy',
    atol: 1e-6,
    run: (b) => crossEntropy(b, Float32Array.from([1, 2, 3]), Int32Array.from([2]), 3, Float32Array.from([2])),
    expected: [[Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 3], [2 * softmax3[0]!, 2 * softmax3[1]!, 2 * (softmax3[2]! - 1)]],
  },
  {
    // Row 0: even logits, targets (0.25, 0.75): log 2, gradient 0.5 − t. Row 1: targets summing to 2,
    // logits (0, ln 3): loss 2·ln 4 − ln 3, gradient softmax·2 − t = (0.5 − 1, 1.5 − 1), scaled by dy = 3.
    name: 'softmaxCrossEntropy with target rows, including targets that do not sum to 1',
    atol: 1e-6,
    run: (b) => crossEntropy(b, Float32Array.from([0, 0, 0, Math.log(3)]), Float32Array.from([0.25, 0.75, 1, 1]), 2, Float32Array.from([1, 3])),
    expected: [[Math.log(2), 2 * Math.log(4) - Math.log(3)], [0.25, -0.25, -1.5, 1.5]],
  },
  {
    name: 'softmaxCrossEntropy with large logits stays finite (shifted by the row max)',
    atol: 1e-4,
    run: (b) => crossEntropy(b, Float32Array.from([1000, 0, -1000, 999, 1000, 0]), Int32Array.from([0, 0]), 3, Float32Array.from([1, 1])),
    expected: [[0, 1 + Math.log1p(Math.exp(-1))], [0, 0, 0, 1 / (1 + Math.E) - 1, Math.E / (1 + Math.E), 0]],
  },
  ...([[1, 1], [3, 5], [7, 13], [5, 1000], [70, 1000], [33, 4]] as const).flatMap(([rows, classes]): KernelCase[] => [
    {
      name: `softmaxCrossEntropy labels, ${rows} rows of ${classes} classes`,
      run: (b) => crossEntropy(b, randomValues(rows * classes, rows + classes).map((v) => 4 * v), labelsFor(rows, classes, classes), classes, randomValues(rows, 5)),
    },
    {
      name: `softmaxCrossEntropy targets, ${rows} rows of ${classes} classes`,
      run: (b) => crossEntropy(b, randomValues(rows * classes, rows * classes).map((v) => 4 * v), targetsFor(rows, classes, 9), classes, randomValues(rows, 6)),
    },
  ]),
];

/** Runs both batch-norm kernels; returns [out, mean, variance, dx, dgamma, dbeta]. */
function batchNorm(
  b: Backend, xValues: Float32Array, view: AxisView, gammaValues: Float32Array | null, betaValues: Float32Array | null, epsilon: number, dyValues: Float32Array,
): Float32Array[] {
  const channels = view.size;
  const x = upload(b, xValues);
  const gamma = gammaValues ? upload(b, gammaValues) : null;
  const beta = betaValues ? upload(b, betaValues) : null;
  const out = b.alloc('float32', x.length) as Float32Array;
  const mean = b.alloc('float32', channels) as Float32Array;
  const variance = b.alloc('float32', channels) as Float32Array;
  b.batchNormTraining(x, view, gamma, beta, epsilon, out, mean, variance);
  const dx = b.alloc('float32', x.length) as Float32Array;
  const dgamma = b.alloc('float32', channels) as Float32Array;
  const dbeta = b.alloc('float32', channels) as Float32Array;
  b.batchNormBackward(x, upload(b, dyValues), view, mean, variance, gamma, epsilon, dx, dgamma, dbeta);
  return [out, mean, variance, dx, dgamma, dbeta];
}

// Two channels over four rows: channel 0 = [1, 2, 3, 6] (mean 3, variance 3.5), channel 1 = [0, 0, 4, 4] (mean 2, variance 4).
const bnX = Float32Array.from([1, 0, 2, 0, 3, 4, 6, 4]);
const bnMean = [3, 2];
const bnVar = [3.5, 4];
const bnEps = 1e-3;
const xhat = Array.from(bnX, (v, i) => (v - bnMean[i % 2]!) / Math.sqrt(bnVar[i % 2]! + bnEps));

const batchNormCases: KernelCase[] = [
  {
    name: 'batchNormInference by hand: given statistics, gamma and beta',
    atol: 1e-6,
    run: (b) => {
      const out = b.alloc('float32', 4) as Float32Array;
      b.batchNormInference(upload(b, Float32Array.from([3, 0, 1, -1])), { outer: 2, size: 2, inner: 1 }, upload(b, Float32Array.from([1, -1])),
        upload(b, Float32Array.from([4, 0.25])), upload(b, Float32Array.from([2, 1])), upload(b, Float32Array.from([0.5, 0])), 0, out);
      return [out];
    },
    expected: [[2.5, 2, 0.5, 0]],
  },
  {
    // dy = 1 everywhere: dbeta = N, dgamma = Σx̂ = 0, and dx = 0 (a constant shift of the output is absorbed by the mean).
    name: 'batchNormTraining: batch statistics, gamma and beta; dy = 1 gives dx = 0',
    atol: 1e-5,
    run: (b) => batchNorm(b, bnX, { outer: 4, size: 2, inner: 1 }, Float32Array.from([2, 1]), Float32Array.from([0.5, -1]), bnEps, new Float32Array(8).fill(1)),
    expected: [xhat.map((v, i) => (i % 2 === 0 ? 2 * v + 0.5 : v - 1)), bnMean, bnVar, new Array(8).fill(0), [0, 0], [4, 4]],
  },
  {
    // dy = x̂: dbeta = 0, dgamma = Σx̂² = N·v/(v + ε), dx = gamma/σ·x̂·(1 − v/(v + ε)) = gamma/σ·x̂·ε/(v + ε).
    name: 'batchNormBackward with dy = x̂ (closed form), no gamma or beta',
    atol: 1e-5,
    run: (b) => batchNorm(b, bnX, { outer: 4, size: 2, inner: 1 }, null, null, bnEps, Float32Array.from(xhat)),
    expected: [
      xhat, bnMean, bnVar,
      xhat.map((v, i) => (v * bnEps) / (bnVar[i % 2]! + bnEps) / Math.sqrt(bnVar[i % 2]! + bnEps)),
      bnVar.map((v) => (4 * v) / (v + bnEps)), [0, 0],
    ],
  },
  ...([[1, 1, 1], [7, 3, 1], [9, 5, 1], [33, 17, 1], [2000, 37, 1], [4, 6, 5], [3, 1, 7], [64, 8, 203]] as const).map(([outer, size, inner]): KernelCase => ({
    name: `batchNorm forward and backward, [${outer}, ${size}, ${inner}] view`,
    atol: 1e-4,
    run: (b) => {
      const n = outer * size * inner;
      // An offset far from zero: the variance must not cancel.
      const x = randomValues(n, n).map((v) => 50 + 3 * v);
      return batchNorm(b, x, { outer, size, inner }, randomValues(size, 2), randomValues(size, 3), 1e-5, randomValues(n, 4));
    },
  })),
];

const inferenceCases: KernelCase[] = ([[1, 1, 1], [9, 5, 1], [2000, 37, 1], [4, 6, 5], [64, 8, 203]] as const).map(([outer, size, inner]): KernelCase => ({
  name: `batchNormInference, [${outer}, ${size}, ${inner}] view`,
  atol: 1e-5,
  run: (b) => {
    const n = outer * size * inner;
    const x = upload(b, randomValues(n, n + 1));
    const variance = upload(b, randomValues(size, 5).map((v) => v * v + 0.1));
    const out = b.alloc('float32', n) as Float32Array;
    b.batchNormInference(x, { outer, size, inner }, upload(b, randomValues(size, 6)), variance, upload(b, randomValues(size, 7)), upload(b, randomValues(size, 8)), 1e-3, out);
    const bare = b.alloc('float32', n) as Float32Array;
    b.batchNormInference(x, { outer, size, inner }, upload(b, randomValues(size, 6)), variance, null, null, 1e-3, bare);
    return [out, bare];
  },
}));

/** Every fused-kernel case, cross-entropy first. */
export const fusedCases: KernelCase[] = [...crossEntropyCases, ...batchNormCases, ...inferenceCases];
