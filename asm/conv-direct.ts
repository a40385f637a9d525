/**
 * Direct 2-D convolution for few input taps (filterHeight · filterWidth · inChannels small: the first
 * layer of an image model, e.g. 3x3 over 1 or 3 channels). There the im2col lowering builds a column
 * matrix as large as the input times the taps and runs a GEMM whose inner dimension is only 9 or 27,
 * so packing and storing tiles dominate. Here each output tile, 4 pixels of one row x 8 channels
 * (eight f32x4 accumulators), sums the taps straight from the NHWC input: per tap and input channel
 * two filter vectors, four broadcast input values, sixteen multiply-adds. Taps in the padding read
 * zero (a select on a clamped address, no branch per pixel). Tasks are ranges of output rows.
 */

// Descriptor words, mirrored in src/backend/wasm/conv-direct.ts.
const X = 0, F = 1, OUT = 2, IN_H = 3, IN_W = 4, IN_C = 5, OUT_H = 6, OUT_W = 7, OUT_C = 8;
const KH = 9, KW = 10, SH = 11, SW = 12, DH = 13, DW = 14, PAD_TOP = 15, PAD_LEFT = 16, ROWS = 17, ROWS_PER_TASK = 18;

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

/** `x[n, iy, ix, ci]` of the row at `row`, or 0 when `ix` is outside the row. */
@inline function tap(row: usize, ix: i32, inW: i32, inC: i32, ci: i32): f32 {
  const inside = ix >= 0 && ix < inW;
  const clamped = inside ? ix : 0;
  const v = load<f32>(row + (<usize>(clamped * inC + ci) << 2));
  return inside ? v : 0;
}

/**
 * Output pixels `ox0 .. ox0 + count` (count <= 4; a row's last tile computes four pixels and stores
 * `count`) x channels `oc0 .. oc0 + 8` (or `+ 4` when `wide` is false) of row (`image`, `oy`).
 */
@inline function tile(desc: usize, image: i32, oy: i32, ox0: i32, count: i32, oc0: i32, wide: bool): void {
  const inH = word(desc, IN_H), inW = word(desc, IN_W), inC = word(desc, IN_C);
  const outW = word(desc, OUT_W), outC = word(desc, OUT_C);
  const kh = word(desc, KH), kw = word(desc, KW), sw = word(desc, SW), dw = word(desc, DW);
  const x = <usize>word(desc, X), f = <usize>word(desc, F);
  const step = sw;
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  let b0 = f32x4.splat(0), b1 = f32x4.splat(0), b2 = f32x4.splat(0), b3 = f32x4.splat(0);
  const ocBytes = <usize>outC << 2;
  for (let ky = 0; ky < kh; ky++) {
    const iy = oy * word(desc, SH) - word(desc, PAD_TOP) + ky * word(desc, DH);
    if (iy < 0 || iy >= inH) continue;
    const row = x + (<usize>((image * inH + iy) * inW * inC) << 2);
    for (let kx = 0; kx < kw; kx++) {
      const ix0 = ox0 * sw - word(desc, PAD_LEFT) + kx * dw;
      let filter = f + (<usize>((ky * kw + kx) * inC * outC + oc0) << 2);
      for (let ci = 0; ci < inC; ci++) {
        const lo = v128.load(filter);
        const v0 = f32x4.splat(tap(row, ix0, inW, inC, ci));
        const v1 = f32x4.splat(tap(row, ix0 + step, inW, inC, ci));
        const v2 = f32x4.splat(tap(row, ix0 + 2 * step, inW, inC, ci));
        const v3 = f32x4.splat(tap(row, ix0 + 3 * step, inW, inC, ci));
        a0 = f32x4.add(a0, f32x4.mul(v0, lo));
        a1 = f32x4.add(a1, f32x4.mul(v1, lo));
        a2 = f32x4.add(a2, f32x4.mul(v2, lo));
        a3 = f32x4.add(a3, f32x4.mul(v3, lo));
        if (wide) {
          const hi = v128.load(filter, 16);
          b0 = f32x4.add(b0, f32x4.mul(v0, hi));
          b1 = f32x4.add(b1, f32x4.mul(v1, hi));
          b2 = f32x4.add(b2, f32x4.mul(v2, hi));
          b3 = f32x4.add(b3, f32x4.mul(v3, hi));
        }
        filter += ocBytes;
      }
    }
  }
  const out = <usize>word(desc, OUT) + (<usize>(((image * word(desc, OUT_H) + oy) * outW + ox0) * outC + oc0) << 2);
  v128.store(out, a0);
  if (wide) v128.store(out, b0, 16);
  if (count > 1) {
    v128.store(out + ocBytes, a1);
    if (wide) v128.store(out + ocBytes, b1, 16);
  }
  if (count > 2) {
    v128.store(out + 2 * ocBytes, a2);
    if (wide) v128.store(out + 2 * ocBytes, b2, 16);
  }
  if (count > 3) {
    v128.store(out + 3 * ocBytes, a3);
    if (wide) v128.store(out + 3 * ocBytes, b3, 16);
  }
}

/**
 * A tile whose every tap lies inside the image: one flat loop over the taps, each a byte offset from
 * the tile's first input `base` (the table at `taps`, built once per task) and the next filter row.
 * The caller computes the pointers, so a tile costs no descriptor reads.
 */
@inline function interiorTile(base: usize, pixel: usize, filter: usize, out: usize, ocBytes: usize, taps: usize, tapCount: i32, wide: bool): void {
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0), a3 = f32x4.splat(0);
  let b0 = f32x4.splat(0), b1 = f32x4.splat(0), b2 = f32x4.splat(0), b3 = f32x4.splat(0);
  for (let t = 0; t < tapCount; t++) {
    const src = base + <usize>load<i32>(taps + (<usize>t << 2));
    // One input value live at a time: 8 accumulators + 2 filter vectors + 1 value + 1 product
    // stay within the 15 vector registers V8 gives wasm on x64 (holding all four spilled).
    const lo = v128.load(filter);
    if (wide) {
      const hi = v128.load(filter, 16);
      let v = v128.load32_splat(src);
      a0 = f32x4.add(a0, f32x4.mul(v, lo)); b0 = f32x4.add(b0, f32x4.mul(v, hi));
      v = v128.load32_splat(src + pixel);
      a1 = f32x4.add(a1, f32x4.mul(v, lo)); b1 = f32x4.add(b1, f32x4.mul(v, hi));
      v = v128.load32_splat(src + 2 * pixel);
      a2 = f32x4.add(a2, f32x4.mul(v, lo)); b2 = f32x4.add(b2, f32x4.mul(v, hi));
      v = v128.load32_splat(src + 3 * pixel);
      a3 = f32x4.add(a3, f32x4.mul(v, lo)); b3 = f32x4.add(b3, f32x4.mul(v, hi));
    } else {
      a0 = f32x4.add(a0, f32x4.mul(v128.load32_splat(src), lo));
      a1 = f32x4.add(a1, f32x4.mul(v128.load32_splat(src + pixel), lo));
      a2 = f32x4.add(a2, f32x4.mul(v128.load32_splat(src + 2 * pixel), lo));
      a3 = f32x4.add(a3, f32x4.mul(v128.load32_splat(src + 3 * pixel), lo));
    }
    filter += ocBytes;
  }
  v128.store(out, a0);
  v128.store(out + ocBytes, a1);
  v128.store(out + 2 * ocBytes, a2);
  v128.store(out + 3 * ocBytes, a3);
  if (wide) {
    v128.store(out, b0, 16);
    v128.store(out + ocBytes, b1, 16);
    v128.store(out + 2 * ocBytes, b2, 16);
    v128.store(out + 3 * ocBytes, b3, 16);
  }
}

function tileWideInterior(base: usize, pixel: usize, filter: usize, out: usize, ocBytes: usize, taps: usize, n: i32): void {
  interiorTile(base, pixel, filter, out, ocBytes, taps, n, true);
}
function tileNarrowInterior(base: usize, pixel: usize, filter: usize, out: usize, ocBytes: usize, taps: usize, n: i32): void {
  interiorTile(base, pixel, filter, out, ocBytes, taps, n, false);
}
function tileWideEdge(desc: usize, image: i32, oy: i32, ox0: i32, count: i32, oc0: i32): void { tile(desc, image, oy, ox0, count, oc0, true); }
function tileNarrowEdge(desc: usize, image: i32, oy: i32, ox0: i32, count: i32, oc0: i32): void { tile(desc, image, oy, ox0, count, oc0, false); }

/** Output rows `task·ROWS_PER_TASK ...` (rows of all images, image-major). Needs outChannels % 4 == 0. */
export function conv2dDirectTask(desc: usize, task: i32, scratch: usize): void {
  const outH = word(desc, OUT_H), outW = word(desc, OUT_W), outC = word(desc, OUT_C);
  const per = word(desc, ROWS_PER_TASK);
  const inH = word(desc, IN_H), inW = word(desc, IN_W), inC = word(desc, IN_C);
  const kh = word(desc, KH), kw = word(desc, KW), dh = word(desc, DH), dw = word(desc, DW);
  const sh = word(desc, SH), sw = word(desc, SW), padTop = word(desc, PAD_TOP), padLeft = word(desc, PAD_LEFT);
  const reach = (kw - 1) * dw, reachDown = (kh - 1) * dh;
  const x = <usize>word(desc, X), f = <usize>word(desc, F);
  const ocBytes = <usize>outC << 2, pixel = <usize>(sw * inC) << 2;
  // Byte offset of every tap (ky, kx, ci: the filter's row order) from a tile's first input.
  const taps = scratch;
  const tapCount = kh * kw * inC;
  for (let ky = 0; ky < kh; ky++) {
    for (let kx = 0; kx < kw; kx++) {
      for (let ci = 0; ci < inC; ci++) {
        store<i32>(taps + (<usize>(((ky * kw + kx) * inC + ci)) << 2), ((ky * dh * inW + kx * dw) * inC + ci) << 2);
      }
    }
  }
  const first = task * per, last = min(word(desc, ROWS), first + per);
  for (let r = first; r < last; r++) {
    const image = r / outH, oy = r % outH;
    const iy0 = oy * sh - padTop;
    const rowsInside = iy0 >= 0 && iy0 + reachDown < inH;
    const outRow = <usize>word(desc, OUT) + (<usize>(r * outW * outC) << 2);
    for (let next = 0; next < outW; next += 4) {
      // A row's last, partial tile is shifted left to end at the row's end (recomputing a few
      // pixels of the previous tile, with the same result) when the row has four pixels.
      const ox = next + 4 > outW && outW >= 4 ? outW - 4 : next;
      const count = min(4, outW - ox);
      // Every tap of all four pixels inside the row: the fast tile.
      const interior = rowsInside && count == 4 && ox * sw - padLeft >= 0 && (ox + 3) * sw - padLeft + reach < inW;
      let oc = 0;
      if (interior) {
        const base = x + (<usize>(((image * inH + iy0) * inW + ox * sw - padLeft) * inC) << 2);
        const out = outRow + (<usize>(ox * outC) << 2);
        for (; oc + 8 <= outC; oc += 8) tileWideInterior(base, pixel, f + (<usize>oc << 2), out + (<usize>oc << 2), ocBytes, taps, tapCount);
        if (oc < outC) tileNarrowInterior(base, pixel, f + (<usize>oc << 2), out + (<usize>oc << 2), ocBytes, taps, tapCount);
      } else {
        for (; oc + 8 <= outC; oc += 8) tileWideEdge(desc, image, oy, ox, count, oc);
        if (oc < outC) tileNarrowEdge(desc, image, oy, ox, count, oc);
      }
    }
  }
}
