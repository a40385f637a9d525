/**
 * Fused scaled dot-product attention (see `Backend.attention`). Forward, per query row: the row's
 * scores against its keys into thread scratch (four keys per pass over the query, sharing its loads),
 * their maximum, the exponentials four at a time, then the output row as the probability-weighted
 * sum of the value rows, normalised, and the row's log-sum-exp for the backward pass; no `[tq, tk]`
 * matrix is stored. Backward, per head and query row: the probabilities are recomputed from the
 * log-sum-exp, and with the dot products of the output gradient and the value rows give the score
 * gradients; the gradients of q, k and v are accumulated in place. A row's maximum and its shifted
 * exponentials come from row-math, the logarithm from vector-math (the module has no data segments,
 * so none of the standard library's tables).
 * Forward tasks are blocks of query rows of one head; backward tasks are whole heads (keys and values
 * gather contributions from every query row). Rows of more than {@link MAX_KEYS} keys are the
 * caller's to route elsewhere (src/backend/wasm/attention.ts runs the reference).
 */

import { log64 } from './vector-math';
import { madd4 } from './madd';
import { rowExpShifted, rowMax } from './row-math';

/** Most keys per row: the backward pass keeps two floats per key in the 256 KiB thread scratch. */
export const MAX_KEYS: i32 = 16384;

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

@inline function keyCount(causal: bool, i: i32, tk: i32): i32 {
  return causal ? min(i + 1, tk) : tk;
}

/**
 * The dot products of the row `x` with the four rows at `rows`, `rows + stride`, ... over `n`
 * floats, as one vector (lane `t` is row `t`'s product).
 */
@inline function dot4(x: usize, rows: usize, stride: usize, n: i32): v128 {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  const r1 = rows + stride, r2 = rows + 2 * stride, r3 = rows + 3 * stride;
  let c = 0;
  for (; c + 4 <= n; c += 4) {
    const off = <usize>c << 2;
    const xv = v128.load(x + off);
    a0 = madd4(a0, xv, v128.load(rows + off));
    a1 = madd4(a1, xv, v128.load(r1 + off));
    a2 = madd4(a2, xv, v128.load(r2 + off));
    a3 = madd4(a3, xv, v128.load(r3 + off));
  }
  // Transpose-and-add: lane t of the result is the sum of a_t's lanes.
  const s01 = f32x4.add(v128.shuffle<f32>(a0, a1, 0, 1, 4, 5), v128.shuffle<f32>(a0, a1, 2, 3, 6, 7));
  const s23 = f32x4.add(v128.shuffle<f32>(a2, a3, 0, 1, 4, 5), v128.shuffle<f32>(a2, a3, 2, 3, 6, 7));
  let sums = f32x4.add(v128.shuffle<f32>(s01, s23, 0, 2, 4, 6), v128.shuffle<f32>(s01, s23, 1, 3, 5, 7));
  for (; c < n; c++) {
    const off = <usize>c << 2;
    let column = f32x4.splat(load<f32>(rows + off));
    column = f32x4.replace_lane(column, 1, load<f32>(r1 + off));
    column = f32x4.replace_lane(column, 2, load<f32>(r2 + off));
    column = f32x4.replace_lane(column, 3, load<f32>(r3 + off));
    sums = madd4(sums, v128.load32_splat(x + off), column);
  }
  return sums;
}

/** `dst[j] = scale · (x · rows[j])` for `j < count`, the rows `stride` bytes apart. */
function scaledDots(dst: usize, x: usize, rows: usize, stride: usize, n: i32, count: i32, scale: f32): void {
  const scaleV = f32x4.splat(scale);
  let j = 0;
  for (; j + 4 <= count; j += 4) v128.store(dst + (<usize>j << 2), f32x4.mul(dot4(x, rows + <usize>j * stride, stride, n), scaleV));
  for (; j < count; j++) store<f32>(dst + (<usize>j << 2), dot(x, rows + <usize>j * stride, n) * scale);
}

/** `y[c] (+)= Σ_j w[j]·rows[j][c]` over `n` floats and `count` rows `stride` bytes apart (`accumulate` keeps y's values). */
function weightedRowSum(y: usize, w: usize, rows: usize, stride: usize, n: i32, count: i32, accumulate: bool): void {
  let c = 0;
  for (; c + 4 <= n; c += 4) {
    const off = <usize>c << 2;
    let acc = accumulate ? v128.load(y + off) : f32x4.splat(0);
    let row = rows + off;
    for (let j = 0; j < count; j++) {
      acc = madd4(acc, v128.load32_splat(w + (<usize>j << 2)), v128.load(row));
      row += stride;
    }
    v128.store(y + off, acc);
  }
  for (; c < n; c++) {
    const off = <usize>c << 2;
    let acc: f32 = accumulate ? load<f32>(y + off) : 0;
    for (let j = 0; j < count; j++) acc += load<f32>(w + (<usize>j << 2)) * load<f32>(rows + <usize>j * stride + off);
    store<f32>(y + off, acc);
  }
}

/** Forward: task `task` covers query rows [task·rows, …) of the flattened [heads·tq] rows; `scratch` holds a row's scores. */
export function attentionTask(desc: usize, task: i32, scratch: usize): void {
  const heads = word(desc, HEADS), tq = word(desc, TQ), tk = word(desc, TK), kd = word(desc, KD), vd = word(desc, VD);
  const scale = load<f32>(desc + (<usize>SCALE << 2));
  const causal = word(desc, CAUSAL) != 0;
  const perTask = word(desc, ROWS_PER_TASK);
  const q = <usize>word(desc, Q), k = <usize>word(desc, K), v = <usize>word(desc, V), out = <usize>word(desc, OUT), lse = <usize>word(desc, LSE);
  const kStride = <usize>kd << 2, vStride = <usize>vd << 2;
  const p = scratch;
  const end = min(heads * tq, (task + 1) * perTask);
  for (let r = task * perTask; r < end; r++) {
    const h = r / tq, i = r % tq;
    const n = keyCount(causal, i, tk);
    const oRow = out + (<usize>r * vStride);
    if (n == 0) {
      memory.fill(oRow, 0, vStride);
      store<f32>(lse + (<usize>r << 2), -Infinity);
      continue;
    }
    scaledDots(p, q + <usize>r * kStride, k + <usize>h * <usize>tk * kStride, kStride, kd, n, scale);
    const m = rowMax(p, n);
    const l = rowExpShifted(p, p, n, m);
    weightedRowSum(oRow, p, v + <usize>h * <usize>tk * vStride, vStride, vd, n, false);
    scaleAdd(oRow, <f32>(1 / l), oRow, 0, vd);
    store<f32>(lse + (<usize>r << 2), m + <f32>log64(l));
  }
}

/** Floats of thread scratch the backward pass may use (the scratch is 256 KiB). */
const SCRATCH_FLOATS: i32 = 65536;

/**
 * Backward: task `task` is head `task`; dq, dk and dv of the head are overwritten. Query rows are
 * taken in chunks: per row, the probabilities and score gradients (into scratch, and transposed
 * into the chunk's key-major tables) and the row's dq; per chunk, each key's dv and dk as sums over
 * the chunk's rows, accumulated in registers.
 */
export function attentionBackwardTask(desc: usize, task: i32, scratch: usize): void {
  const tq = word(desc, TQ), tk = word(desc, TK), kd = word(desc, KD), vd = word(desc, VD);
  const scale = load<f32>(desc + (<usize>SCALE << 2));
  const causal = word(desc, CAUSAL) != 0;
  const h = <usize>task;
  const q = <usize>word(desc, Q), k = <usize>word(desc, K), v = <usize>word(desc, V), out = <usize>word(desc, OUT), lse = <usize>word(desc, LSE);
  const dOut = <usize>word(desc, DOUT), dq = <usize>word(desc, DQ), dk = <usize>word(desc, DK), dv = <usize>word(desc, DV);
  const kStride = <usize>kd << 2, vStride = <usize>vd << 2;
  const qHead = q + h * <usize>tq * kStride, gHead = dOut + h * <usize>tq * vStride;
  const kHead = k + h * <usize>tk * kStride, vHead = v + h * <usize>tk * vStride;
  const dkHead = dk + h * <usize>tk * kStride, dvHead = dv + h * <usize>tk * vStride;
  // Scratch: one row's p and ds (tk floats each), then the chunk's pᵀ and dsᵀ (tk x chunk floats each).
  const chunk = max(1, min(tq, (SCRATCH_FLOATS - 2 * tk) / (2 * max(tk, 1))));
  const p = scratch, ds = scratch + (<usize>tk << 2);
  const pT = scratch + (<usize>(2 * tk) << 2), dsT = pT + (<usize>(tk * chunk) << 2);
  const chunkBytes = <usize>chunk << 2;
  memory.fill(dq + h * <usize>tq * kStride, 0, <usize>tq * kStride);
  memory.fill(dkHead, 0, <usize>tk * kStride);
  memory.fill(dvHead, 0, <usize>tk * vStride);
  for (let i0 = 0; i0 < tq; i0 += chunk) {
    const rows = min(chunk, tq - i0);
    for (let il = 0; il < rows; il++) {
      const i = i0 + il;
      const n = keyCount(causal, i, tk);
      if (n == 0) continue;
      const r = h * <usize>tq + <usize>i;
      const qRow = q + r * kStride, gRow = dOut + r * vStride;
      const delta = dot(gRow, out + r * vStride, vd);
      // p_j = e^(scale·q·k_j − lse), dp_j = g·v_j, ds_j = p_j·(dp_j − delta)·scale.
      scaledDots(p, qRow, kHead, kStride, kd, n, scale);
      rowExpShifted(p, p, n, load<f32>(lse + (r << 2)));
      scaledDots(ds, gRow, vHead, vStride, vd, n, 1);
      const deltaV = f32x4.splat(delta), scaleV = f32x4.splat(scale);
      let j = 0;
      for (; j + 4 <= n; j += 4) {
        const at = <usize>j << 2;
        v128.store(ds + at, f32x4.mul(f32x4.mul(v128.load(p + at), f32x4.sub(v128.load(ds + at), deltaV)), scaleV));
      }
      for (; j < n; j++) {
        const at = <usize>j << 2;
        store<f32>(ds + at, load<f32>(p + at) * (load<f32>(ds + at) - delta) * scale);
      }
      weightedRowSum(dq + r * kStride, ds, kHead, kStride, kd, n, true);
      // Key-major copies for the per-key sums below: pT[j][il], dsT[j][il].
      const il4 = <usize>il << 2;
      for (j = 0; j < n; j++) {
        const at = <usize>j << 2;
        store<f32>(pT + <usize>j * chunkBytes + il4, load<f32>(p + at));
        store<f32>(dsT + <usize>j * chunkBytes + il4, load<f32>(ds + at));
      }
    }
    // dv_j += Σ_i p_ij·g_i and dk_j += Σ_i ds_ij·q_i over the chunk's rows that see key j
    // (causal: rows i >= j; a row that sees no key wrote nothing and is skipped as well).
    const keys = keyCount(causal, i0 + rows - 1, tk);
    for (let j = 0; j < keys; j++) {
      const first = causal ? max(0, j - i0) : 0;
      const count = rows - first;
      if (count <= 0) continue;
      const w = <usize>j * chunkBytes + (<usize>first << 2);
      weightedRowSum(dvHead + <usize>j * vStride, pT + w, gHead + <usize>(i0 + first) * vStride, vStride, vd, count, true);
      weightedRowSum(dkHead + <usize>j * kStride, dsT + w, qHead + <usize>(i0 + first) * kStride, kStride, kd, count, true);
    }
  }
}
