/**
 * Batch normalization over channels-last data `[rows, channels]` (every axis but the channels
 * flattened into rows), in two phases per direction:
 *
 * 1. `batchNormStatsTask`: each task sums a band of rows into its own float64 partials (no atomics):
 *    forward `Σ d` and `Σ d²` with `d = x − ref` (`ref` a row of x, so the variance does not cancel),
 *    backward `Σ dy` and `Σ dy·(x − mean)`. The caller adds the partials and derives per-channel
 *    coefficients (a few floats per channel, in TypeScript).
 * 2. `batchNormApplyTask`: one sweep writing the output from the coefficients:
 *    forward `(x − mean)·scale + shift`, backward `dx = dy·a + (x − mean)·b + c`.
 */

// Descriptor words, mirrored in src/backend/wasm/batch-norm.ts.
const MODE = 0, X = 1, DY = 2, OUT = 3, ROWS = 4, CHANNELS = 5, ROWS_PER_TASK = 6, PARTIALS = 7, COEFFS = 8;
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
