/**
 * Reference layer normalization over the last axis (`[rows, cols]`), forward and backward, with
 * float64 accumulation: two passes for the statistics (mean, then the biased variance of the
 * centred row) and the closed-form gradient.
 * @module
 */

/** See {@link Backend.layerNorm}. */
export function layerNorm(
  x: Float32Array, cols: number, gamma: Float32Array | null, beta: Float32Array | null, epsilon: number,
  out: Float32Array, mean: Float32Array, rstd: Float32Array,
): void {
  const rows = cols === 0 ? 0 : x.length / cols;
  for (let r = 0; r < rows; r++) {
    const start = r * cols;
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += x[start + c]!;
    const m = sum / cols;
    let squares = 0;
    for (let c = 0; c < cols; c++) squares += (x[start + c]! - m) ** 2;
    const s = 1 / Math.sqrt(squares / cols + epsilon);
    mean[r] = m;
    rstd[r] = s;
    for (let c = 0; c < cols; c++) {
      out[start + c] = (x[start + c]! - m) * s * (gamma ? gamma[c]! : 1) + (beta ? beta[c]! : 0);
    }
  }
}

/** See {@link Backend.layerNormBackward}. */
export function layerNormBackward(
  x: Float32Array, dy: Float32Array, cols: number, mean: Float32Array, rstd: Float32Array, gamma: Float32Array | null,
  dx: Float32Array, dgamma: Float32Array | null, dbeta: Float32Array | null,
): void {
  const rows = cols === 0 ? 0 : x.length / cols;
  const gammaSums = new Float64Array(cols);
  const betaSums = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const start = r * cols;
    const m = mean[r]!;
    const s = rstd[r]!;
    let sumG = 0;
    let sumGXhat = 0;
    for (let c = 0; c < cols; c++) {
      const xhat = (x[start + c]! - m) * s;
      const g = dy[start + c]! * (gamma ? gamma[c]! : 1);
      sumG += g;
      sumGXhat += g * xhat;
      gammaSums[c] = gammaSums[c]! + dy[start + c]! * xhat;
      betaSums[c] = betaSums[c]! + dy[start + c]!;
    }
    const a = sumG / cols;
    const b = sumGXhat / cols;
    for (let c = 0; c < cols; c++) {
      const xhat = (x[start + c]! - m) * s;
      dx[start + c] = s * (dy[start + c]! * (gamma ? gamma[c]! : 1) - a - xhat * b);
    }
  }
  if (dgamma) dgamma.set(gammaSums);
  if (dbeta) dbeta.set(betaSums);
}
