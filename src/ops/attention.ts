/**
 * Fused scaled dot-product attention: `softmax(scale·q·kᵀ [+ causal mask])·v` in one kernel per
 * direction ({@link Backend.attention} / {@link Backend.attentionBackward}), keeping only each row's
 * log-sum-exp for the backward pass instead of the `[tq, tk]` probabilities.
 * @module
 */
import { ArgumentError, ShapeError, formatShape } from '../errors.js';
import { record } from '../autograd/tape.js';
import { empty, emptyUninitialized } from '../tensor/creation.js';
import { shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { getBackend } from '../backend/registry.js';
import type { AttentionInfo } from '../backend/kernels.js';
import { assertFloatTensor, assertTensor } from './util.js';

/** Options of {@link scaledDotProductAttention}. */
export interface AttentionOptions {
  /** Query `i` attends to keys `j <= i` only (default false). */
  causal?: boolean;
  /** Multiplies the scores (default `1/sqrt(dk)`). */
  scale?: number;
}

/**
 * Attention of queries `q` `[..., tq, dk]` over keys `k` `[..., tk, dk]` and values `v`
 * `[..., tk, dv]` (the leading axes, such as batch and heads, must agree): returns `[..., tq, dv]`,
 * `out[i] = Σ_j softmax_j(scale·q_i·k_j)·v_j`. Differentiable in `q`, `k` and `v` (first order).
 * As PyTorch's `scaled_dot_product_attention` with `is_causal`.
 * @example scaledDotProductAttention(q, k, v, { causal: true })   // [2, 4, 16, 8] each -> [2, 4, 16, 8]
 */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, options: AttentionOptions = {}): Tensor {
  const op = 'scaledDotProductAttention';
  for (const [name, t] of [['q', q], ['k', k], ['v', v]] as const) {
    assertTensor(op, name, t);
    assertFloatTensor(op, name, t);
    if (t.rank < 2) throw new ShapeError(`${op}: ${name} ${formatShape(t.shape)} must have rank >= 2, [..., positions, features]`);
  }
  const lead = q.shape.slice(0, -2);
  if (!shapesEqual(k.shape.slice(0, -2), lead) || !shapesEqual(v.shape.slice(0, -2), lead)) {
    throw new ShapeError(`${op}: q ${formatShape(q.shape)}, k ${formatShape(k.shape)} and v ${formatShape(v.shape)} must share their leading axes`);
  }
  const [tq, dk] = q.shape.slice(-2) as [number, number];
  const [tk, kdk] = k.shape.slice(-2) as [number, number];
  const [vtk, dv] = v.shape.slice(-2) as [number, number];
  if (kdk !== dk) throw new ShapeError(`${op}: q ${formatShape(q.shape)} and k ${formatShape(k.shape)} must have the same feature size`);
  if (vtk !== tk) throw new ShapeError(`${op}: k ${formatShape(k.shape)} and v ${formatShape(v.shape)} must have the same number of positions`);
  const scale = options.scale ?? 1 / Math.sqrt(dk);
  if (!Number.isFinite(scale)) throw new ArgumentError(`${op}: scale must be finite, got ${scale}`);
  const heads = lead.reduce((a, b) => a * b, 1);
  const info: AttentionInfo = { heads, tq, tk, dk, dv, scale, causal: options.causal ?? false };
  const backend = getBackend();
  const out = emptyUninitialized([...lead, tq, dv], 'float32');
  const logSumExp = empty([heads, tq], 'float32');
  backend.attention(q.values as Float32Array, k.values as Float32Array, v.values as Float32Array, info, out.values as Float32Array, logSumExp.values as Float32Array);
  const result = record(op, [q, k, v], out, (dy) => {
    const dq = emptyUninitialized(q.shape, 'float32');
    const dkT = emptyUninitialized(k.shape, 'float32');
    const dvT = emptyUninitialized(v.shape, 'float32');
    getBackend().attentionBackward(
      q.values as Float32Array, k.values as Float32Array, v.values as Float32Array, out.values as Float32Array, logSumExp.values as Float32Array,
      dy.values as Float32Array, info, dq.values as Float32Array, dkT.values as Float32Array, dvT.values as Float32Array,
    );
    return [dq, dkT, dvT];
  });
  if (result.gradNode === null) logSumExp.dispose();
  return result;
}
