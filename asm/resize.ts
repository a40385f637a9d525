/**
 * Nearest and bilinear resize of NHWC images and their gradients. The TypeScript side computes the
 * per-axis taps with the reference's coordinate rules (src/backend/js/resize.ts): for each output
 * row (column) a first and second input row (column) and their two weights. An output pixel reads
 * the (row tap × column tap) pairs whose weight is not zero (1, 2 or 4 of them), four channels per
 * vector; zero-weight taps are skipped, not multiplied, so a NaN in an unused neighbour stays out.
 * The gradient is a gather over input rows: a task owns a band of input rows of `dx` and adds in
 * every output row that reads one of them, so tasks never write the same element.
 */

// Descriptor words.
const X = 0, OUT = 1, BATCH = 2, IN_H = 3, IN_W = 4, C = 5, OUT_H = 6, OUT_W = 7, PER_TASK = 8;
// Tap tables: int32 [first, second] and float32 [w0, w1] per output coordinate.
const ROW_INDEX = 9, ROW_WEIGHT = 10, COL_INDEX = 11, COL_WEIGHT = 12;

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

/** dst[c] = Σ_k w_k · p_k[c] over `taps` taps (1, 2 or 4), c < n. */
function pixel(dst: usize, taps: i32, p0: usize, w0: f32, p1: usize, w1: f32, p2: usize, w2: f32, p3: usize, w3: f32, n: i32): void {
  const v0 = f32x4.splat(w0), v1 = f32x4.splat(w1), v2 = f32x4.splat(w2), v3 = f32x4.splat(w3);
  let c = 0;
  if (taps == 1) {
    for (; c + 4 <= n; c += 4) v128.store(at(dst, c), f32x4.mul(v0, v128.load(at(p0, c))));
    for (; c < n; c++) store<f32>(at(dst, c), w0 * load<f32>(at(p0, c)));
  } else if (taps == 2) {
    for (; c + 4 <= n; c += 4) v128.store(at(dst, c), f32x4.add(f32x4.mul(v0, v128.load(at(p0, c))), f32x4.mul(v1, v128.load(at(p1, c)))));
    for (; c < n; c++) store<f32>(at(dst, c), w0 * load<f32>(at(p0, c)) + w1 * load<f32>(at(p1, c)));
  } else {
    for (; c + 4 <= n; c += 4) {
      const a = f32x4.add(f32x4.mul(v0, v128.load(at(p0, c))), f32x4.mul(v1, v128.load(at(p1, c))));
      const b = f32x4.add(f32x4.mul(v2, v128.load(at(p2, c))), f32x4.mul(v3, v128.load(at(p3, c))));
      v128.store(at(dst, c), f32x4.add(a, b));
    }
    for (; c < n; c++) {
      store<f32>(at(dst, c), w0 * load<f32>(at(p0, c)) + w1 * load<f32>(at(p1, c)) + (w2 * load<f32>(at(p2, c)) + w3 * load<f32>(at(p3, c))));
    }
  }
}

/** Output rows `task·PER_TASK ...` (over batch × outHeight) of the resize. */
export function resizeTask(desc: usize, task: i32, scratch: usize): void {
  const x = <usize>word(desc, X), out = <usize>word(desc, OUT);
  const inH = word(desc, IN_H), inW = word(desc, IN_W), ch = word(desc, C), outH = word(desc, OUT_H), outW = word(desc, OUT_W);
  const rowIndex = <usize>word(desc, ROW_INDEX), rowWeight = <usize>word(desc, ROW_WEIGHT);
  const colIndex = <usize>word(desc, COL_INDEX), colWeight = <usize>word(desc, COL_WEIGHT);
  const perTask = word(desc, PER_TASK);
  const end = min(word(desc, BATCH) * outH, (task + 1) * perTask);
  for (let unit = task * perTask; unit < end; unit++) {
    const n = unit / outH, oy = unit % outH;
    // Row taps, compacted so the first `rows` are the ones with a weight.
    let ry0 = load<i32>(at(rowIndex, 2 * oy)), ry1 = load<i32>(at(rowIndex, 2 * oy + 1));
    let wy0 = load<f32>(at(rowWeight, 2 * oy)), wy1 = load<f32>(at(rowWeight, 2 * oy + 1));
    let rows = 2;
    if (wy0 == 0) { ry0 = ry1; wy0 = wy1; rows = 1; } else if (wy1 == 0) rows = 1;
    const image = x + (<usize>n * <usize>inH * <usize>inW * <usize>ch << 2);
    const row0 = image + (<usize>ry0 * <usize>inW * <usize>ch << 2), row1 = image + (<usize>ry1 * <usize>inW * <usize>ch << 2);
    const dstRow = out + (<usize>unit * <usize>outW * <usize>ch << 2);
    for (let ox = 0; ox < outW; ox++) {
      let cx0 = load<i32>(at(colIndex, 2 * ox)), cx1 = load<i32>(at(colIndex, 2 * ox + 1));
      let wx0 = load<f32>(at(colWeight, 2 * ox)), wx1 = load<f32>(at(colWeight, 2 * ox + 1));
      let cols = 2;
      if (wx0 == 0) { cx0 = cx1; wx0 = wx1; cols = 1; } else if (wx1 == 0) cols = 1;
      const o0 = <usize>cx0 * <usize>ch << 2, o1 = <usize>cx1 * <usize>ch << 2;
      const dst = dstRow + (<usize>ox * <usize>ch << 2);
      // Tap order as the reference: (row 0, col 0), (row 0, col 1), (row 1, col 0), (row 1, col 1).
      if (rows == 1 && cols == 1) pixel(dst, 1, row0 + o0, wy0 * wx0, 0, 0, 0, 0, 0, 0, ch);
      else if (rows == 1) pixel(dst, 2, row0 + o0, wy0 * wx0, row0 + o1, wy0 * wx1, 0, 0, 0, 0, ch);
      else if (cols == 1) pixel(dst, 2, row0 + o0, wy0 * wx0, row1 + o0, wy1 * wx0, 0, 0, 0, 0, ch);
      else pixel(dst, 4, row0 + o0, wy0 * wx0, row0 + o1, wy0 * wx1, row1 + o0, wy1 * wx0, row1 + o1, wy1 * wx1, ch);
    }
  }
}

/** dst[c] += w · src[c] for c < n. */
@inline function axpy(dst: usize, src: usize, w: f32, n: i32): void {
  const v = f32x4.splat(w);
  let c = 0;
  for (; c + 4 <= n; c += 4) v128.store(at(dst, c), f32x4.add(v128.load(at(dst, c)), f32x4.mul(v, v128.load(at(src, c)))));
  for (; c < n; c++) store<f32>(at(dst, c), load<f32>(at(dst, c)) + w * load<f32>(at(src, c)));
}

/** Scatters output row `dyRow` with row weight `wy` into input row `dxRow` along the column taps. */
function scatterRow(dxRow: usize, dyRow: usize, wy: f32, colIndex: usize, colWeight: usize, outW: i32, ch: i32): void {
  for (let ox = 0; ox < outW; ox++) {
    const src = dyRow + (<usize>ox * <usize>ch << 2);
    const wx0 = load<f32>(at(colWeight, 2 * ox)), wx1 = load<f32>(at(colWeight, 2 * ox + 1));
    if (wx0 != 0) axpy(dxRow + (<usize>load<i32>(at(colIndex, 2 * ox)) * <usize>ch << 2), src, wy * wx0, ch);
    if (wx1 != 0) axpy(dxRow + (<usize>load<i32>(at(colIndex, 2 * ox + 1)) * <usize>ch << 2), src, wy * wx1, ch);
  }
}

/** Input rows `task·PER_TASK ...` (over batch × inHeight) of the gradient: zeroed, then every output row's share added. */
export function resizeBackwardTask(desc: usize, task: i32, scratch: usize): void {
  const dy = <usize>word(desc, X), dx = <usize>word(desc, OUT);
  const inH = word(desc, IN_H), inW = word(desc, IN_W), ch = word(desc, C), outH = word(desc, OUT_H), outW = word(desc, OUT_W);
  const rowIndex = <usize>word(desc, ROW_INDEX), rowWeight = <usize>word(desc, ROW_WEIGHT);
  const colIndex = <usize>word(desc, COL_INDEX), colWeight = <usize>word(desc, COL_WEIGHT);
  const perTask = word(desc, PER_TASK);
  const rowBytes = <usize>inW * <usize>ch << 2;
  const begin = task * perTask, end = min(word(desc, BATCH) * inH, begin + perTask);
  if (begin >= end) return;
  memory.fill(dx + <usize>begin * rowBytes, 0, <usize>(end - begin) * rowBytes);
  // The band may span images: handle each image's part of it.
  for (let n = begin / inH; n * inH < end; n++) {
    const lo = max(begin - n * inH, 0), hi = min(end - n * inH, inH);
    const dxImage = dx + <usize>n * <usize>inH * rowBytes;
    const dyImage = dy + (<usize>n * <usize>outH * <usize>outW * <usize>ch << 2);
    for (let oy = 0; oy < outH; oy++) {
      const dyRow = dyImage + (<usize>oy * <usize>outW * <usize>ch << 2);
      const r0 = load<i32>(at(rowIndex, 2 * oy)), r1 = load<i32>(at(rowIndex, 2 * oy + 1));
      const w0 = load<f32>(at(rowWeight, 2 * oy)), w1 = load<f32>(at(rowWeight, 2 * oy + 1));
      if (w0 != 0 && r0 >= lo && r0 < hi) scatterRow(dxImage + <usize>r0 * rowBytes, dyRow, w0, colIndex, colWeight, outW, ch);
      if (w1 != 0 && r1 >= lo && r1 < hi) scatterRow(dxImage + <usize>r1 * rowBytes, dyRow, w1, colIndex, colWeight, outW, ch);
    }
  }
}
