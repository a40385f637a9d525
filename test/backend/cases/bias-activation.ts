/**
 * Kernel cases of the fused bias add + activation and its gradient (biasActivation,
 * biasActivationBackward): hand-worked values, then random `[rows, channels]` arrays with channel
 * counts that are and are not multiples of 4 and row counts large enough to run threaded (the
 * gradient's bias sums then come from several partial rows).
 */
import type { KernelCase } from '../kernel-suite.js';
import { randomValues, upload } from '../kernel-suite.js';
import type { BiasActivation } from '../../../src/backend/kernels.js';

function forward(rows: number, channels: number, activation: BiasActivation): KernelCase {
  return {
    name: `biasActivation ${activation} on [${rows}, ${channels}]`,
    run: (b) => {
      const out = b.alloc('float32', rows * channels) as Float32Array;
      b.biasActivation(upload(b, randomValues(rows * channels, rows + channels)), upload(b, randomValues(channels, 7)), out, activation);
      return [out];
    },
  };
}

function backward(rows: number, channels: number, activation: BiasActivation, writeDx: boolean): KernelCase {
  return {
    name: `biasActivationBackward ${activation} on [${rows}, ${channels}]${writeDx ? '' : ' without dx'}`,
    atol: 1e-4,
    rtol: 1e-5,
    run: (b) => {
      const size = rows * channels;
      const dx = writeDx ? (b.alloc('float32', size) as Float32Array) : null;
      const dBias = b.alloc('float32', channels) as Float32Array;
      // y as a relu output: about half zeros.
      const y = activation === 'relu' ? upload(b, randomValues(size, 3).map((v) => Math.max(v, 0))) : null;
      b.biasActivationBackward(upload(b, randomValues(size, rows + 2 * channels)), y, dx, dBias, activation);
      return dx ? [dx, dBias] : [dBias];
    },
  };
}

export const biasActivationCases: KernelCase[] = [
  {
    // Rows [1, -2, 3] and [-4, 5, 0] plus bias [0.5, 1, -3]: [1.5, -1, 0] and [-3.5, 6, -3]; relu keeps the positives and NaN (as PyTorch).
    name: 'biasActivation relu and linear by hand',
    run: (b) => {
      const x = upload(b, Float32Array.from([1, -2, 3, -4, 5, 0, NaN, 0, 0]));
      const bias = upload(b, Float32Array.from([0.5, 1, -3]));
      const relu = b.alloc('float32', 9) as Float32Array;
      const linear = b.alloc('float32', 9) as Float32Array;
      b.biasActivation(x, bias, relu, 'relu');
      b.biasActivation(x, bias, linear, 'linear');
      return [relu, linear.subarray(0, 6)];
    },
    expected: [
      [1.5, 0, 0, 0, 6, 0, NaN, 1, 0],
      [1.5, -1, 0, -3.5, 6, -3],
    ],
  },
  {
    // dy [[1, 2], [3, 4], [5, 6]] through relu outputs [[1, 0], [0, 2], [3, 1]]: dx keeps dy where y > 0; dBias sums dx's columns.
    name: 'biasActivationBackward relu and linear by hand',
    run: (b) => {
      const dy = upload(b, Float32Array.from([1, 2, 3, 4, 5, 6]));
      const y = upload(b, Float32Array.from([1, 0, 0, 2, 3, 1]));
      const dx = b.alloc('float32', 6) as Float32Array;
      const dBiasRelu = b.alloc('float32', 2) as Float32Array;
      const dBiasLinear = b.alloc('float32', 2) as Float32Array;
      b.biasActivationBackward(dy, y, dx, dBiasRelu, 'relu');
      b.biasActivationBackward(dy, null, null, dBiasLinear, 'linear');
      return [dx, dBiasRelu, dBiasLinear];
    },
    expected: [[1, 0, 0, 4, 5, 6], [6, 10], [9, 12]],
  },
  ...(['linear', 'relu'] as const).flatMap((act) => [
    forward(1, 3, act),
    forward(37, 10, act),
    forward(2203, 32, act),
    forward(7001, 13, act),
    backward(1, 3, act, true),
    backward(37, 10, act, true),
    backward(2203, 32, act, true),
    backward(7001, 13, act, true),
  ]),
  backward(2203, 32, 'linear', false),
  backward(5, 6, 'linear', false),
];
