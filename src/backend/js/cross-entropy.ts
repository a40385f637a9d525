/**
 * Reference fused softmax cross-entropy: the loss of each row of logits against an integer label or
 * a target distribution, and its gradient, in float64 plain loops.
 * @module
 */

/** Maximum and `log Σ e^(x − max)` of row `r`; the log-sum-exp is their sum (the maximum alone when it is not finite). */
function rowStats(x: Float32Array, start: number, classes: number): [number, number] {
  let m = -Infinity;
  for (let j = 0; j < classes; j++) {
    const v = x[start + j]!;
    if (v > m || Number.isNaN(v)) m = v;
    if (Number.isNaN(m)) break;
  }
  if (!Number.isFinite(m)) return [m, 0];
  let s = 0;
  for (let j = 0; j < classes; j++) s += Math.exp(x[start + j]! - m);
  return [m, Math.log(s)];
}

/** See {@link Backend.softmaxCrossEntropy}. */
export function softmaxCrossEntropy(
  logits: Float32Array, targets: Int32Array | Float32Array, rows: number, classes: number, loss: Float32Array, stats: Float32Array,
): void {
  for (let r = 0; r < rows; r++) {
    const start = r * classes;
    const [m, logSum] = rowStats(logits, start, classes);
    stats[2 * r] = m;
    stats[2 * r + 1] = logSum;
    const lse = m + logSum;
    if (targets instanceof Int32Array) {
      loss[r] = lse - logits[start + targets[r]!]!;
    } else {
      let total = 0;
      for (let j = 0; j < classes; j++) total += targets[start + j]! * (lse - logits[start + j]!);
      loss[r] = total;
    }
  }
}

/** See {@link Backend.softmaxCrossEntropyBackward}. */
export function softmaxCrossEntropyBackward(
  logits: Float32Array, targets: Int32Array | Float32Array, stats: Float32Array, dy: Float32Array, rows: number, classes: number, dx: Float32Array,
): void {
  for (let r = 0; r < rows; r++) {
    const start = r * classes;
    const m = stats[2 * r]!;
    const logSum = stats[2 * r + 1]!;
    const g = dy[r]!;
    if (targets instanceof Int32Array) {
      const label = targets[r]!;
      for (let j = 0; j < classes; j++) {
        const p = Math.exp(logits[start + j]! - m - logSum);
        dx[start + j] = (p - (j === label ? 1 : 0)) * g;
      }
    } else {
      let total = 0;
      for (let j = 0; j < classes; j++) total += targets[start + j]!;
      for (let j = 0; j < classes; j++) {
        const p = Math.exp(logits[start + j]! - m - logSum);
        dx[start + j] = (p * total - targets[start + j]!) * g;
      }
    }
  }
}
