/**
 * Fused softmax cross-entropy over rows of logits, forward and backward, against int32 labels
 * (MODE 0) or float32 target rows (MODE 1). The forward pass writes per row the loss and the
 * statistics (max, log Σ e^(x − max)) that the backward pass reads, so each direction is one sweep
 * over the row (two reads of it forward: the max, then exp and the target terms).
 */
import { exp4, log64 } from './vector-math';
import { rowMax, rowSumExp } from './row-math';

// Descriptor words, mirrored in src/backend/wasm/cross-entropy.ts.
const MODE = 0, LOGITS = 1, TARGETS = 2, OUT = 3, STATS = 4, DY = 5, ROWS = 6, CLASSES = 7, PER_TASK = 8;
const SPARSE = 0;

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

/** Σ t·(lse − x) over a row, as lse·Σt − Σt·x with every product in float64. */
function denseLoss(x: usize, t: usize, n: i32, lse: f64): f64 {
  let tx = f64x2.splat(0), ts = f64x2.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    const xv = v128.load(x + off), tv = v128.load(t + off);
    const xh = v128.shuffle<f32>(xv, xv, 2, 3, 0, 1), th = v128.shuffle<f32>(tv, tv, 2, 3, 0, 1);
    const tlo = f64x2.promote_low_f32x4(tv), thi = f64x2.promote_low_f32x4(th);
    tx = f64x2.add(tx, f64x2.add(f64x2.mul(tlo, f64x2.promote_low_f32x4(xv)), f64x2.mul(thi, f64x2.promote_low_f32x4(xh))));
    ts = f64x2.add(ts, f64x2.add(tlo, thi));
  }
  let sumTx = f64x2.extract_lane(tx, 0) + f64x2.extract_lane(tx, 1);
  let sumT = f64x2.extract_lane(ts, 0) + f64x2.extract_lane(ts, 1);
  for (; i < n; i++) {
    const off = <usize>i << 2;
    const tj = <f64>load<f32>(t + off);
    sumTx += tj * <f64>load<f32>(x + off);
    sumT += tj;
  }
  return lse * sumT - sumTx;
}

/** Rows `task·PER_TASK ...`: loss and (max, log-sum) statistics per row. */
export function crossEntropyTask(desc: usize, task: i32, scratch: usize): void {
  const sparse = word(desc, MODE) == SPARSE;
  const rows = word(desc, ROWS), classes = word(desc, CLASSES), perTask = word(desc, PER_TASK);
  const logits = <usize>word(desc, LOGITS), targets = <usize>word(desc, TARGETS);
  const loss = <usize>word(desc, OUT), stats = <usize>word(desc, STATS);
  const rowBytes = <usize>classes << 2;
  const end = min(rows, (task + 1) * perTask);
  for (let r = task * perTask; r < end; r++) {
    const x = logits + <usize>r * rowBytes;
    const m = rowMax(x, classes);
    // A non-finite maximum (all -Inf, an +Inf or a NaN) is the log-sum-exp itself, as in the reference.
    const logSum: f64 = isFinite(m) ? log64(rowSumExp(x, classes, m)) : 0;
    store<f32>(stats + (<usize>r << 3), m);
    store<f32>(stats + (<usize>r << 3), <f32>logSum, 4);
    const lse = <f64>m + logSum;
    let value: f64;
    if (sparse) value = lse - <f64>load<f32>(x + (<usize>load<i32>(targets + (<usize>r << 2)) << 2));
    else value = denseLoss(x, targets + <usize>r * rowBytes, classes, lse);
    store<f32>(loss + (<usize>r << 2), <f32>value);
  }
}

/** Rows `task·PER_TASK ...` of the logits' gradient `(softmax·Σt − t)·dy`. */
export function crossEntropyBackwardTask(desc: usize, task: i32, scratch: usize): void {
  const sparse = word(desc, MODE) == SPARSE;
  const rows = word(desc, ROWS), classes = word(desc, CLASSES), perTask = word(desc, PER_TASK);
  const logits = <usize>word(desc, LOGITS), targets = <usize>word(desc, TARGETS);
  const dxBase = <usize>word(desc, OUT), stats = <usize>word(desc, STATS), dyBase = <usize>word(desc, DY);
  const rowBytes = <usize>classes << 2;
  const end = min(rows, (task + 1) * perTask);
  for (let r = task * perTask; r < end; r++) {
    const x = logits + <usize>r * rowBytes, dx = dxBase + <usize>r * rowBytes;
    const m = f32x4.splat(load<f32>(stats + (<usize>r << 3)));
    const logSum = f32x4.splat(load<f32>(stats + (<usize>r << 3), 4));
    const g: f32 = load<f32>(dyBase + (<usize>r << 2));
    const gv = f32x4.splat(g);
    if (sparse) {
      let i = 0;
      for (; i + 4 <= classes; i += 4) {
        const off = <usize>i << 2;
        v128.store(dx + off, f32x4.mul(exp4(f32x4.sub(f32x4.sub(v128.load(x + off), m), logSum)), gv));
      }
      for (; i < classes; i++) {
        const off = <usize>i << 2;
        store<f32>(dx + off, f32x4.extract_lane(f32x4.mul(exp4(f32x4.sub(f32x4.sub(f32x4.splat(load<f32>(x + off)), m), logSum)), gv), 0));
      }
      // The label's entry again, as (p − 1)·dy rather than p·dy − dy (no cancellation when p ≈ 1).
      const off = <usize>load<i32>(targets + (<usize>r << 2)) << 2;
      const p = f32x4.extract_lane(exp4(f32x4.sub(f32x4.sub(f32x4.splat(load<f32>(x + off)), m), logSum)), 0);
      store<f32>(dx + off, (p - 1) * g);
      continue;
    }
    const t = targets + <usize>r * rowBytes;
    let ts = f64x2.splat(0);
    let i = 0;
    for (; i + 4 <= classes; i += 4) {
      const tv = v128.load(t + (<usize>i << 2));
      ts = f64x2.add(ts, f64x2.add(f64x2.promote_low_f32x4(tv), f64x2.promote_low_f32x4(v128.shuffle<f32>(tv, tv, 2, 3, 0, 1))));
    }
    let total = f64x2.extract_lane(ts, 0) + f64x2.extract_lane(ts, 1);
    for (; i < classes; i++) total += <f64>load<f32>(t + (<usize>i << 2));
    const sv = f32x4.splat(<f32>total);
    i = 0;
    for (; i + 4 <= classes; i += 4) {
      const off = <usize>i << 2;
      const p = exp4(f32x4.sub(f32x4.sub(v128.load(x + off), m), logSum));
      v128.store(dx + off, f32x4.mul(f32x4.sub(f32x4.mul(p, sv), v128.load(t + off)), gv));
    }
    for (; i < classes; i++) {
      const off = <usize>i << 2;
      const p = f32x4.extract_lane(exp4(f32x4.sub(f32x4.sub(f32x4.splat(load<f32>(x + off)), m), logSum)), 0);
      store<f32>(dx + off, (p * <f32>total - load<f32>(t + off)) * g);
    }
  }
}
