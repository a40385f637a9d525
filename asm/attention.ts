/**
 * Fused scaled dot-product attention (see `Backend.attention`). Forward: one pass over the keys per
 * query row with an online softmax (running max and sum, the output row as accumulator), so no
 * `[tq, tk]` score matrix is stored; the row's log-sum-exp is written for the backward pass.
 * Exponentials and logarithms come from vector-math (the module has no data segments, so none of
 * the standard library's tables). Backward: per head, the probabilities are recomputed from the log-sum-exp and the gradients of
 * q, k and v accumulated in place. Forward tasks are blocks of query rows of one head; backward
 * tasks are whole heads (keys and values gather contributions from every query row).
 */

import { exp4, log64 } from './vector-math';
import { madd4 } from './madd';

// Descriptor words, mirrored in src/backend/wasm/attention.ts.
const Q = 0, K = 1, V = 2, OUT = 3, LSE = 4, DOUT = 5, DQ = 6, DK = 7, DV = 8, HEADS = 9, TQ = 10, TK = 11, KD = 12, VD = 13, SCALE = 14, CAUSAL = 15, ROWS_PER_TASK = 16;

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

/** Σ a[c]·b[c] over `n` floats. */
function dot(a: usize, b: usize, n: i32): f32 {
  let acc = f32x4.splat(0);
  let c = 0;
  for (; c + 4 <= n; c += 4) acc = madd4(acc, v128.load(a + (<usize>c << 2)), v128.load(b + (<usize>c << 2)));
  let s = f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1) + f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3);
  for (; c < n; c++) s += load<f32>(a + (<usize>c << 2)) * load<f32>(b + (<usize>c << 2));
  return s;
}

/** y[c] = y[c]·beta + alpha·x[c] over `n` floats. */
function scaleAdd(y: usize, beta: f32, x: usize, alpha: f32, n: i32): void {
  const bv = f32x4.splat(beta), av = f32x4.splat(alpha);
  let c = 0;
  for (; c + 4 <= n; c += 4) {
    const off = <usize>c << 2;
    v128.store(y + off, f32x4.add(f32x4.mul(v128.load(y + off), bv), f32x4.mul(v128.load(x + off), av)));
  }
  for (; c < n; c++) {
    const off = <usize>c << 2;
    store<f32>(y + off, load<f32>(y + off) * beta + alpha * load<f32>(x + off));
  }
}

/** e^x for one float, with the module's own exp (the standard library's tables would live in memory the heap owns). */
@inline function expf(x: f32): f32 {
  return f32x4.extract_lane(exp4(f32x4.splat(x)), 0);
}

@inline function keyCount(causal: bool, i: i32, tk: i32): i32 {
  return causal ? min(i + 1, tk) : tk;
}

/** Forward: task `task` covers query rows [task·rows, …) of the flattened [heads·tq] rows. */
export function attentionTask(desc: usize, task: i32, scratch: usize): void {
  const heads = word(desc, HEADS), tq = word(desc, TQ), tk = word(desc, TK), kd = word(desc, KD), vd = word(desc, VD);
  const scale = load<f32>(desc + (<usize>SCALE << 2));
  const causal = word(desc, CAUSAL) != 0;
  const perTask = word(desc, ROWS_PER_TASK);
  const q = <usize>word(desc, Q), k = <usize>word(desc, K), v = <usize>word(desc, V), out = <usize>word(desc, OUT), lse = <usize>word(desc, LSE);
  const end = min(heads * tq, (task + 1) * perTask);
  for (let r = task * perTask; r < end; r++) {
    const h = r / tq, i = r % tq;
    const n = keyCount(causal, i, tk);
    const qRow = q + (<usize>r * <usize>kd << 2);
    const oRow = out + (<usize>r * <usize>vd << 2);
    memory.fill(oRow, 0, <usize>vd << 2);
    let m: f32 = -Infinity;
    let l: f32 = 0;
    for (let j = 0; j < n; j++) {
      const key = <usize>h * <usize>tk + <usize>j;
      const s = dot(qRow, k + (key * <usize>kd << 2), kd) * scale;
      if (s > m) {
        const shrink = m == -Infinity ? <f32>0 : expf(m - s);
        l *= shrink;
        scaleAdd(oRow, shrink, v + (key * <usize>vd << 2), 1, vd);
        m = s;
        l += 1;
      } else {
        const p = expf(s - m);
        l += p;
        scaleAdd(oRow, 1, v + (key * <usize>vd << 2), p, vd);
      }
    }
    if (n > 0) {
      const inv: f32 = 1 / l;
      scaleAdd(oRow, inv, oRow, 0, vd);
      store<f32>(lse + (<usize>r << 2), m + <f32>log64(<f64>l));
    } else {
      store<f32>(lse + (<usize>r << 2), -Infinity);
    }
  }
}

/** Backward: task `task` is head `task`; dq, dk and dv of the head are overwritten. */
export function attentionBackwardTask(desc: usize, task: i32, scratch: usize): void {
  const tq = word(desc, TQ), tk = word(desc, TK), kd = word(desc, KD), vd = word(desc, VD);
  const scale = load<f32>(desc + (<usize>SCALE << 2));
  const causal = word(desc, CAUSAL) != 0;
  const h = <usize>task;
  const q = <usize>word(desc, Q), k = <usize>word(desc, K), v = <usize>word(desc, V), out = <usize>word(desc, OUT), lse = <usize>word(desc, LSE);
  const dOut = <usize>word(desc, DOUT), dq = <usize>word(desc, DQ), dk = <usize>word(desc, DK), dv = <usize>word(desc, DV);
  memory.fill(dq + (h * <usize>tq * <usize>kd << 2), 0, <usize>tq * <usize>kd << 2);
  memory.fill(dk + (h * <usize>tk * <usize>kd << 2), 0, <usize>tk * <usize>kd << 2);
  memory.fill(dv + (h * <usize>tk * <usize>vd << 2), 0, <usize>tk * <usize>vd << 2);
  for (let i = 0; i < tq; i++) {
    const r = h * <usize>tq + <usize>i;
    const n = keyCount(causal, i, tk);
    const qRow = q + (r * <usize>kd << 2), dqRow = dq + (r * <usize>kd << 2);
    const oRow = out + (r * <usize>vd << 2), gRow = dOut + (r * <usize>vd << 2);
    const rowLse = load<f32>(lse + (r << 2));
    const delta = dot(gRow, oRow, vd);
    for (let j = 0; j < n; j++) {
      const key = h * <usize>tk + <usize>j;
      const kRow = k + (key * <usize>kd << 2), vRow = v + (key * <usize>vd << 2);
      const p = expf(dot(qRow, kRow, kd) * scale - rowLse);
      const dp = dot(gRow, vRow, vd);
      scaleAdd(dv + (key * <usize>vd << 2), 1, gRow, p, vd);
      const ds = p * (dp - delta) * scale;
      scaleAdd(dqRow, 1, kRow, ds, kd);
      scaleAdd(dk + (key * <usize>kd << 2), 1, qRow, ds, kd);
    }
  }
}
