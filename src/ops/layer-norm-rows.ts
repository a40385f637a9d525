/**
 * Fused layer normalization over the last axis, the form Transformers use: one kernel normalises
 * each row and keeps its mean and reciprocal standard deviation, one computes `dx`, `dgamma` and
 * `dbeta` in closed form, instead of a dozen elementwise ops and reductions and their vjps.
 * `layerNorm` (normalization.ts) dispatches here when its configuration has this form.
 * @module
 */
import { record } from '../autograd/tape.js';
import { empty } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { compute } from './util.js';

/** True when `t` is null or a `[cols]` vector: a per-feature scale or shift of the last axis. */
export function isFeatureVector(t: Tensor | null, cols: number): boolean {
  return t === null || (t.rank === 1 && t.shape[0] === cols);
}

/**
 * `(x − mean)·rstd·gamma + beta` per row of the last axis (`gamma`, `beta`: `[cols]` or null).
 * The caller has validated the arguments (see `layerNorm`); differentiable in `x`, `gamma`, `beta`
 * (first order).
 */
export function layerNormRows(x: Tensor, gamma: Tensor | null, beta: Tensor | null, eps: number): Tensor {
  const cols = x.shape[x.rank - 1]!;
  const rows = cols === 0 ? 0 : x.size / cols;
  const mean = empty([rows], 'float32');
  const rstd = empty([rows], 'float32');
  const values = (t: Tensor | null): Float32Array | null => (t ? (t.values as Float32Array) : null);
  const output = compute(x.shape, 'float32', (b, o) =>
    b.layerNorm(x.values as Float32Array, cols, values(gamma), values(beta), eps, o.values as Float32Array, mean.values as Float32Array, rstd.values as Float32Array), true);
  const inputs = [x, ...(gamma ? [gamma] : []), ...(beta ? [beta] : [])];
  const result = record('layerNorm', inputs, output, (dy) => {
    const dgamma = gamma ? empty([cols], 'float32') : null;
    const dbeta = beta ? empty([cols], 'float32') : null;
    const dx = compute(x.shape, 'float32', (b, o) =>
      b.layerNormBackward(x.values as Float32Array, dy.values as Float32Array, cols, mean.values as Float32Array, rstd.values as Float32Array,
        values(gamma), o.values as Float32Array, values(dgamma), values(dbeta)), true);
    return [dx, ...(dgamma ? [dgamma] : []), ...(dbeta ? [dbeta] : [])];
  });
  if (result.gradNode === null) {
    mean.dispose();
    rstd.dispose();
  }
  return result;
}
