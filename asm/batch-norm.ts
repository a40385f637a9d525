/**
 * Batch normalization over `[rows, channels, inner]` (rows: the axes before the channel axis;
 * inner: those after it, 1 for channels-last data), in two phases per direction:
 *
 * 1. `batchNormStatsTask`: each task sums a band of rows into its own float64 partials (no atomics):
 *    forward `Σ d` and `Σ d²` with `d = x − ref` (`ref` a row of x, so the variance does not cancel),
 *    backward `Σ dy` and `Σ dy·(x − mean)`. The caller adds the partials and derives per-channel
 *    coefficients (a few floats per channel, in TypeScript).
 * 2. `batchNormApplyTask`: one sweep writing the output from the coefficients:
 *    forward `(x − mean)·scale + shift`, backward `dx = dy·a + (x − mean)·b + c`.
 */

// Descriptor words, mirrored in src/backend/wasm/batch-norm.ts.
const MODE = 0, X = 1, DY = 2, OUT = 3, ROWS = 4, CHANNELS = 5, ROWS_PER_TASK = 6, PARTIALS = 7, COEFFS = 8, INNER = 9;
const FORWARD = 0;
/** Rows summed in float32 before joining the float64 partials. */
const BLOCK_ROWS = 32;

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

/**
 * Partial sums of rows `task·ROWS_PER_TASK ...` into PARTIALS + task·16·CHANNELS bytes: `channels`
 * float64 first sums, then `channels` second sums. COEFFS starts with the per-channel reference
 * (forward) or mean (backward). Rows are summed in float32 in blocks of BLOCK_ROWS (the thread's
 * scratch holds the block sums, 8·CHANNELS bytes) and each block is added to the float64 partials:
 * half the memory traffic of float64 accumulation per row, and float32 error over 32 terms only.
 */
export function batchNormStatsTask(desc: usize, task: i32, scratch: usize): void {
  if (word(desc, INNER) > 1) {
    runStats(desc, task);
    return;
  }
  const forward = word(desc, MODE) == FORWARD;
  const rows = word(desc, ROWS), channels = word(desc, CHANNELS), perTask = word(desc, ROWS_PER_TASK);
  const x = <usize>word(desc, X), dy = <usize>word(desc, DY), ref = <usize>word(desc, COEFFS);
  const first = <usize>word(desc, PARTIALS) + (<usize>task * <usize>channels << 4);
  const second = first + (<usize>channels << 3);
  memory.fill(first, 0, <usize>channels << 4);
  const rowBytes = <usize>channels << 2;
  const blockFirst = scratch, blockSecond = scratch + rowBytes;
  const end = min(rows, (task + 1) * perTask);
  for (let r0 = task * perTask; r0 < end; r0 += BLOCK_ROWS) {
    memory.fill(scratch, 0, rowBytes << 1);
    const r1 = min(end, r0 + BLOCK_ROWS);
    for (let r = r0; r < r1; r++) {
      const xr = x + <usize>r * rowBytes, gr = dy + <usize>r * rowBytes;
      let c = 0;
      for (; c + 4 <= channels; c += 4) {
        const off = <usize>c << 2;
        const d = f32x4.sub(v128.load(xr + off), v128.load(ref + off));
        const a = forward ? d : v128.load(gr + off);
        v128.store(blockFirst + off, f32x4.add(v128.load(blockFirst + off), a));
        v128.store(blockSecond + off, f32x4.add(v128.load(blockSecond + off), f32x4.mul(a, d)));
      }
      for (; c < channels; c++) {
        const off = <usize>c << 2;
        const d = load<f32>(xr + off) - load<f32>(ref + off);
        const a = forward ? d : load<f32>(gr + off);
        store<f32>(blockFirst + off, load<f32>(blockFirst + off) + a);
        store<f32>(blockSecond + off, load<f32>(blockSecond + off) + a * d);
      }
    }
    for (let c = 0; c < channels; c++) {
      const off = <usize>c << 2, off8 = <usize>c << 3;
      store<f64>(first + off8, load<f64>(first + off8) + <f64>load<f32>(blockFirst + off));
      store<f64>(second + off8, load<f64>(second + off8) + <f64>load<f32>(blockSecond + off));
    }
  }
}

/**
 * Rows `task·ROWS_PER_TASK ...` of the output. COEFFS holds per-channel vectors of CHANNELS floats:
 * forward mean, scale, shift; backward mean, a, b, c.
 */
export function batchNormApplyTask(desc: usize, task: i32, scratch: usize): void {
  if (word(desc, INNER) > 1) {
    runApply(desc, task);
    return;
  }
  const forward = word(desc, MODE) == FORWARD;
  const rows = word(desc, ROWS), channels = word(desc, CHANNELS), perTask = word(desc, ROWS_PER_TASK);
  const x = <usize>word(desc, X), dy = <usize>word(desc, DY), out = <usize>word(desc, OUT);
  const rowBytes = <usize>channels << 2;
  const mean = <usize>word(desc, COEFFS), k1 = mean + rowBytes, k2 = k1 + rowBytes, k3 = k2 + rowBytes;
  const end = min(rows, (task + 1) * perTask);
  for (let r = task * perTask; r < end; r++) {
    const xr = x + <usize>r * rowBytes, gr = dy + <usize>r * rowBytes, dst = out + <usize>r * rowBytes;
    let c = 0;
    if (forward) {
      for (; c + 4 <= channels; c += 4) {
        const off = <usize>c << 2;
        const centred = f32x4.sub(v128.load(xr + off), v128.load(mean + off));
        v128.store(dst + off, f32x4.add(f32x4.mul(centred, v128.load(k1 + off)), v128.load(k2 + off)));
      }
      for (; c < channels; c++) {
        const off = <usize>c << 2;
        store<f32>(dst + off, (load<f32>(xr + off) - load<f32>(mean + off)) * load<f32>(k1 + off) + load<f32>(k2 + off));
      }
    } else {
      for (; c + 4 <= channels; c += 4) {
        const off = <usize>c << 2;
        const centred = f32x4.sub(v128.load(xr + off), v128.load(mean + off));
        const g = f32x4.mul(v128.load(gr + off), v128.load(k1 + off));
        v128.store(dst + off, f32x4.add(f32x4.add(g, f32x4.mul(centred, v128.load(k2 + off))), v128.load(k3 + off)));
      }
      for (; c < channels; c++) {
        const off = <usize>c << 2;
        const centred = load<f32>(xr + off) - load<f32>(mean + off);
        store<f32>(dst + off, load<f32>(gr + off) * load<f32>(k1 + off) + centred * load<f32>(k2 + off) + load<f32>(k3 + off));
      }
    }
  }
}

/**
 * The statistics phase when channels are not last: each (row, channel) is a contiguous run of INNER
 * floats, summed in float64 lanes and added to the channel's partials.
 */
function runStats(desc: usize, task: i32): void {
  const forward = word(desc, MODE) == FORWARD;
  const rows = word(desc, ROWS), channels = word(desc, CHANNELS), inner = word(desc, INNER), perTask = word(desc, ROWS_PER_TASK);
  const x = <usize>word(desc, X), dy = <usize>word(desc, DY), ref = <usize>word(desc, COEFFS);
  const first = <usize>word(desc, PARTIALS) + (<usize>task * <usize>channels << 4);
  const second = first + (<usize>channels << 3);
  memory.fill(first, 0, <usize>channels << 4);
  const runBytes = <usize>inner << 2;
  const end = min(rows, (task + 1) * perTask);
  for (let r = task * perTask; r < end; r++) {
    for (let c = 0; c < channels; c++) {
      const offset = (<usize>r * <usize>channels + <usize>c) * runBytes;
      const xr = x + offset, gr = dy + offset;
      const refValue = load<f32>(ref + (<usize>c << 2));
      const rv = f32x4.splat(refValue);
      let aLo = f64x2.splat(0), aHi = f64x2.splat(0), bLo = f64x2.splat(0), bHi = f64x2.splat(0);
      let i = 0;
      for (; i + 4 <= inner; i += 4) {
        const off = <usize>i << 2;
        const d = f32x4.sub(v128.load(xr + off), rv);
        const a = forward ? d : v128.load(gr + off);
        const dLo = f64x2.promote_low_f32x4(d), dHi = f64x2.promote_low_f32x4(v128.shuffle<f32>(d, d, 2, 3, 0, 1));
        const pLo = f64x2.promote_low_f32x4(a), pHi = f64x2.promote_low_f32x4(v128.shuffle<f32>(a, a, 2, 3, 0, 1));
        aLo = f64x2.add(aLo, pLo);
        aHi = f64x2.add(aHi, pHi);
        bLo = f64x2.add(bLo, f64x2.mul(pLo, dLo));
        bHi = f64x2.add(bHi, f64x2.mul(pHi, dHi));
      }
      const sa = f64x2.add(aLo, aHi), sb = f64x2.add(bLo, bHi);
      let sumA = f64x2.extract_lane(sa, 0) + f64x2.extract_lane(sa, 1);
      let sumB = f64x2.extract_lane(sb, 0) + f64x2.extract_lane(sb, 1);
      for (; i < inner; i++) {
        const off = <usize>i << 2;
        const d = <f64>(load<f32>(xr + off) - refValue);
        const a: f64 = forward ? d : <f64>load<f32>(gr + off);
        sumA += a;
        sumB += a * d;
      }
      const off8 = <usize>c << 3;
      store<f64>(first + off8, load<f64>(first + off8) + sumA);
      store<f64>(second + off8, load<f64>(second + off8) + sumB);
    }
  }
}

/** The output phase when channels are not last: per (row, channel) run, the channel's coefficients splatted. */
function runApply(desc: usize, task: i32): void {
  const forward = word(desc, MODE) == FORWARD;
  const rows = word(desc, ROWS), channels = word(desc, CHANNELS), inner = word(desc, INNER), perTask = word(desc, ROWS_PER_TASK);
  const x = <usize>word(desc, X), dy = <usize>word(desc, DY), out = <usize>word(desc, OUT);
  const vectorBytes = <usize>channels << 2;
  const mean = <usize>word(desc, COEFFS), k1 = mean + vectorBytes, k2 = k1 + vectorBytes, k3 = k2 + vectorBytes;
  const runBytes = <usize>inner << 2;
  const end = min(rows, (task + 1) * perTask);
  for (let r = task * perTask; r < end; r++) {
    for (let c = 0; c < channels; c++) {
      const offset = (<usize>r * <usize>channels + <usize>c) * runBytes;
      const xr = x + offset, gr = dy + offset, dst = out + offset;
      const cw = <usize>c << 2;
      const m = load<f32>(mean + cw), a = load<f32>(k1 + cw), b = load<f32>(k2 + cw), k: f32 = forward ? 0 : load<f32>(k3 + cw);
      const mv = f32x4.splat(m), av = f32x4.splat(a), bv = f32x4.splat(b), kv = f32x4.splat(k);
      let i = 0;
      if (forward) {
        for (; i + 4 <= inner; i += 4) {
          const off = <usize>i << 2;
          v128.store(dst + off, f32x4.add(f32x4.mul(f32x4.sub(v128.load(xr + off), mv), av), bv));
        }
        for (; i < inner; i++) {
          const off = <usize>i << 2;
          store<f32>(dst + off, (load<f32>(xr + off) - m) * a + b);
        }
      } else {
        for (; i + 4 <= inner; i += 4) {
          const off = <usize>i << 2;
          const centred = f32x4.sub(v128.load(xr + off), mv);
          v128.store(dst + off, f32x4.add(f32x4.add(f32x4.mul(v128.load(gr + off), av), f32x4.mul(centred, bv)), kv));
        }
        for (; i < inner; i++) {
          const off = <usize>i << 2;
          store<f32>(dst + off, load<f32>(gr + off) * a + (load<f32>(xr + off) - m) * b + k);
        }
      }
    }
  }
}
