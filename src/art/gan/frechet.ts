/**
 * The Fréchet distance between two sets of feature vectors, each summarised by a Gaussian (mean and
 * covariance): `|μ₁ − μ₂|² + tr(Σ₁ + Σ₂ − 2 (Σ₁ Σ₂)^{1/2})` (Heusel et al. 2017, the "FID" when the
 * features are Inception's). Computed in float64 with a Jacobi eigendecomposition, using
 * `tr (Σ₁Σ₂)^{1/2} = Σ √λ(Σ₁^{1/2} Σ₂ Σ₁^{1/2})`, which is symmetric and so has real eigenvalues.
 * @module
 */
import { ArgumentError } from '../../errors.js';

/** Mean and covariance (unbiased, `n − 1`) of `n` rows of `d` features. */
export function featureStatistics(rows: Float32Array, d: number): { mean: Float64Array; covariance: Float64Array; count: number } {
  const n = rows.length / d;
  if (!(Number.isInteger(n) && n >= 2)) throw new ArgumentError(`featureStatistics: need at least 2 rows of ${d} features, got ${rows.length} values`);
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) mean[j]! += rows[r * d + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  const covariance = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < d; j++) centred[j] = rows[r * d + j]! - mean[j]!;
    for (let a = 0; a < d; a++) {
      const ca = centred[a]!;
      if (ca === 0) continue;
      for (let b = a; b < d; b++) covariance[a * d + b]! += ca * centred[b]!;
    }
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      const v = covariance[a * d + b]! / (n - 1);
      covariance[a * d + b] = v;
      covariance[b * d + a] = v;
    }
  }
  return { mean, covariance, count: n };
}

/** Eigenvalues and eigenvectors (columns of `vectors`) of a symmetric `d × d` matrix (cyclic Jacobi). */
export function symmetricEigen(matrix: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let scale = 0;
    for (let p = 0; p < d; p++) {
      scale += a[p * d + p]! ** 2;
      for (let q = p + 1; q < d; q++) off += a[p * d + q]! ** 2;
    }
    if (off <= 1e-22 * Math.max(scale, 1e-300)) break;
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q]!;
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * d + q]! - a[p * d + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p]!;
          const akq = a[k * d + q]!;
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k]!;
          const aqk = a[q * d + k]!;
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p]!;
          const vkq = v[k * d + q]!;
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = a[i * d + i]!;
  return { values, vectors: v };
}

/** The symmetric positive semi-definite square root (negative eigenvalues from rounding count as 0). */
function sqrtPsd(m: Float64Array, d: number): Float64Array {
  const { values, vectors } = symmetricEigen(m, d);
  const out = new Float64Array(d * d);
  for (let k = 0; k < d; k++) {
    const s = Math.sqrt(Math.max(0, values[k]!));
    if (s === 0) continue;
    for (let i = 0; i < d; i++) {
      const vik = vectors[i * d + k]! * s;
      for (let j = 0; j < d; j++) out[i * d + j]! += vik * vectors[j * d + k]!;
    }
  }
  return out;
}

function matmulSquare(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < d; k++) {
      const aik = a[i * d + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < d; j++) out[i * d + j]! += aik * b[k * d + j]!;
    }
  }
  return out;
}

/** The Fréchet distance between Gaussians `(μ₁, Σ₁)` and `(μ₂, Σ₂)` of dimension `d`. */
export function frechetDistance(mean1: Float64Array, cov1: Float64Array, mean2: Float64Array, cov2: Float64Array, d: number): number {
  let meanTerm = 0;
  for (let i = 0; i < d; i++) meanTerm += (mean1[i]! - mean2[i]!) ** 2;
  let trace = 0;
  for (let i = 0; i < d; i++) trace += cov1[i * d + i]! + cov2[i * d + i]!;
  const root = sqrtPsd(cov1, d);
  const inner = matmulSquare(matmulSquare(root, cov2, d), root, d);
  // Symmetrise away rounding before the eigendecomposition.
  for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) inner[i * d + j] = inner[j * d + i] = (inner[i * d + j]! + inner[j * d + i]!) / 2;
  const { values } = symmetricEigen(inner, d);
  let traceRoot = 0;
  for (const l of values) traceRoot += Math.sqrt(Math.max(0, l));
  return Math.max(0, meanTerm + trace - 2 * traceRoot);
}

/** The Fréchet distance between two sets of feature rows of width `d`. */
export function frechetDistanceOf(rowsA: Float32Array, rowsB: Float32Array, d: number): number {
  const a = featureStatistics(rowsA, d);
  const b = featureStatistics(rowsB, d);
  return frechetDistance(a.mean, a.covariance, b.mean, b.covariance, d);
}
