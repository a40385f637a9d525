/**
 * Reference scaled dot-product attention kernels ({@link Backend.attention},
 * {@link Backend.attentionBackward}): plain loops in float64 accumulators, one head and one query
 * row at a time. The backward pass recomputes each row's probabilities from the saved
 * log-sum-exp rather than storing the `[tq, tk]` matrix (as fused attention kernels do).
 * @module
 */
import type { AttentionInfo } from '../kernels.js';

/** Keys query `i` may attend to: `[0, tk)`, or `[0, min(i + 1, tk))` when causal. */
export function attentionKeyCount(info: AttentionInfo, i: number): number {
  return info.causal ? Math.min(i + 1, info.tk) : info.tk;
}

/** See `Backend.attention`. */
export function attention(q: Float32Array, k: Float32Array, v: Float32Array, info: AttentionInfo, out: Float32Array, logSumExp: Float32Array): void {
  const { heads, tq, tk, dk, dv, scale } = info;
  const scores = new Float64Array(tk);
  for (let h = 0; h < heads; h++) {
    for (let i = 0; i < tq; i++) {
      const n = attentionKeyCount(info, i);
      const qRow = (h * tq + i) * dk;
      let m = -Infinity;
      for (let j = 0; j < n; j++) {
        const kRow = (h * tk + j) * dk;
        let s = 0;
        for (let c = 0; c < dk; c++) s += q[qRow + c]! * k[kRow + c]!;
        scores[j] = s * scale;
        if (scores[j]! > m) m = scores[j]!;
      }
      let sum = 0;
      for (let j = 0; j < n; j++) sum += Math.exp(scores[j]! - m);
      const lse = n === 0 ? -Infinity : m + Math.log(sum);
      logSumExp[h * tq + i] = lse;
      const oRow = (h * tq + i) * dv;
      for (let c = 0; c < dv; c++) {
        let acc = 0;
        for (let j = 0; j < n; j++) acc += Math.exp(scores[j]! - lse) * v[(h * tk + j) * dv + c]!;
        out[oRow + c] = acc;
      }
    }
  }
}

/** See `Backend.attentionBackward`. */
export function attentionBackward(
  q: Float32Array, k: Float32Array, v: Float32Array, out: Float32Array, logSumExp: Float32Array, dOut: Float32Array, info: AttentionInfo,
  dq: Float32Array, dk: Float32Array, dv: Float32Array,
): void {
  const { heads, tq, tk, dk: kd, dv: vd, scale } = info;
  dq.fill(0);
  dk.fill(0);
  dv.fill(0);
  const p = new Float64Array(tk);
  for (let h = 0; h < heads; h++) {
    for (let i = 0; i < tq; i++) {
      const n = attentionKeyCount(info, i);
      const qRow = (h * tq + i) * kd;
      const oRow = (h * tq + i) * vd;
      const lse = logSumExp[h * tq + i]!;
      // delta = Σ_c dOut·out = Σ_j p_j·(dOut·v_j)
      let delta = 0;
      for (let c = 0; c < vd; c++) delta += dOut[oRow + c]! * out[oRow + c]!;
      for (let j = 0; j < n; j++) {
        const kRow = (h * tk + j) * kd;
        let s = 0;
        for (let c = 0; c < kd; c++) s += q[qRow + c]! * k[kRow + c]!;
        p[j] = Math.exp(s * scale - lse);
      }
      for (let j = 0; j < n; j++) {
        const vRow = (h * tk + j) * vd;
        const kRow = (h * tk + j) * kd;
        let dp = 0;
        for (let c = 0; c < vd; c++) {
          dp += dOut[oRow + c]! * v[vRow + c]!;
          dv[vRow + c] = dv[vRow + c]! + p[j]! * dOut[oRow + c]!;
        }
        const ds = p[j]! * (dp - delta) * scale;
        for (let c = 0; c < kd; c++) {
          dq[qRow + c] = dq[qRow + c]! + ds * k[kRow + c]!;
          dk[kRow + c] = dk[kRow + c]! + ds * q[qRow + c]!;
        }
      }
    }
  }
}
