/**
 * Reference batch normalization over `x` viewed as `[outer, channels, inner]`: with batch
 * statistics, forward and backward (two passes for the statistics, mean then the biased variance,
 * and the closed-form gradient, all accumulated in float64), and with given statistics (inference).
 * @module
 */
import type { AxisView } from '../kernels.js';

/** Calls `visit(i)` for every flat index `i` of channel `c` of the view. */
function forEachInChannel(view: AxisView, c: number, visit: (i: number) => void): void {
  const { outer, size, inner } = view;
  for (let o = 0; o < outer; o++) {
    const start = (o * size + c) * inner;
    for (let k = 0; k < inner; k++) visit(start + k);
  }
}

/** See {@link Backend.batchNormTraining}. */
export function batchNormTraining(
  x: Float32Array, view: AxisView, gamma: Float32Array | null, beta: Float32Array | null, epsilon: number,
  out: Float32Array, mean: Float32Array, variance: Float32Array,
): void {
  const count = view.outer * view.inner;
  for (let c = 0; c < view.size; c++) {
    let sum = 0;
    forEachInChannel(view, c, (i) => (sum += x[i]!));
    const m = sum / count;
    let squares = 0;
    forEachInChannel(view, c, (i) => (squares += (x[i]! - m) ** 2));
    const v = squares / count;
    mean[c] = m;
    variance[c] = v;
    const scale = (gamma ? gamma[c]! : 1) / Math.sqrt(v + epsilon);
    const shift = beta ? beta[c]! : 0;
    forEachInChannel(view, c, (i) => (out[i] = (x[i]! - m) * scale + shift));
  }
}

/** See {@link Backend.batchNormBackward}. */
export function batchNormBackward(
  x: Float32Array, dy: Float32Array, view: AxisView, mean: Float32Array, variance: Float32Array, gamma: Float32Array | null, epsilon: number,
  dx: Float32Array, dgamma: Float32Array, dbeta: Float32Array,
): void {
  const count = view.outer * view.inner;
  for (let c = 0; c < view.size; c++) {
    const m = mean[c]!;
    const invStd = 1 / Math.sqrt(variance[c]! + epsilon);
    let sumDy = 0;
    let sumDyXhat = 0;
    forEachInChannel(view, c, (i) => {
      sumDy += dy[i]!;
      sumDyXhat += dy[i]! * (x[i]! - m) * invStd;
    });
    dbeta[c] = sumDy;
    dgamma[c] = sumDyXhat;
    const scale = (gamma ? gamma[c]! : 1) * invStd;
    forEachInChannel(view, c, (i) => {
      const xhat = (x[i]! - m) * invStd;
      dx[i] = scale * (dy[i]! - sumDy / count - (xhat * sumDyXhat) / count);
    });
  }
}

/** See {@link Backend.batchNormInference}. */
export function batchNormInference(
  x: Float32Array, view: AxisView, mean: Float32Array, variance: Float32Array, gamma: Float32Array | null, beta: Float32Array | null, epsilon: number,
  out: Float32Array,
): void {
  for (let c = 0; c < view.size; c++) {
    const m = mean[c]!;
    const scale = (gamma ? gamma[c]! : 1) / Math.sqrt(variance[c]! + epsilon);
    const shift = beta ? beta[c]! : 0;
    forEachInChannel(view, c, (i) => (out[i] = (x[i]! - m) * scale + shift));
  }
}
