/**
 * Direct 2-D convolution for few input taps (filterHeight · filterWidth · inChannels <= 16: the first
 * layer of a grayscale image model, e.g. 3x3 over 1 channel). There the im2col lowering builds a column
 * matrix as large as the input times the taps and runs a GEMM whose inner dimension is only 9 or 27,
 * so packing and storing tiles dominate. Here each output tile, 4 pixels of one row x 8 channels
 * (eight f32x4 accumulators), sums the taps straight from the NHWC input: per tap and input channel
 * two filter vectors, four broadcast input values, sixteen multiply-adds. Taps in the padding read
 * zero (a select on a clamped address, no branch per pixel). Tasks are ranges of output rows.
 *
 * The filter gradient walks the same taps the other way: per pass, three taps x 8 channels of
 * dFilter (six accumulators) summed over a task's pixels (three broadcast inputs against two dy
 * vectors per pixel), with tasks small enough that their block of dy stays in L1 across the passes;
 * each task writes a partial copy of dFilter, and biasSumPartialsTask adds them up.
 */

// Descriptor words, mirrored in src/backend/wasm/conv-direct.ts.
import { madd4 } from './madd';

const X = 0, F = 1, OUT = 2, IN_H = 3, IN_W = 4, IN_C = 5, OUT_H = 6, OUT_W = 7, OUT_C = 8;
const KH = 9, KW = 10, SH = 11, SW = 12, DH = 13, DW = 14, PAD_TOP = 15, PAD_LEFT = 16, ROWS = 17, ROWS_PER_TASK = 18;
// Forward epilogue: bias pointer (0: none) and activation (0: linear, 1: relu), applied as tiles are stored.
const BIAS = 19, ACTIVATION = 20;

/** `act(v + bias)` for one stored vector of the forward pass (the layer's tail, fused). */
@inline function epilogue(v: v128, bias: usize, relu: bool): v128 {
  if (bias != 0) v = f32x4.add(v, v128.load(bias));
  // v < 0 is false for NaN: kept, as the relu kernel.
  return relu ? v128.andnot(v, f32x4.lt(v, f32x4.splat(0))) : v;
}

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
        a0 = madd4(a0, v0, lo);
        a1 = madd4(a1, v1, lo);
        a2 = madd4(a2, v2, lo);
        a3 = madd4(a3, v3, lo);
        if (wide) {
          const hi = v128.load(filter, 16);
          b0 = madd4(b0, v0, hi);
          b1 = madd4(b1, v1, hi);
          b2 = madd4(b2, v2, hi);
          b3 = madd4(b3, v3, hi);
        }
        filter += ocBytes;
      }
    }
  }
  const out = <usize>word(desc, OUT) + (<usize>(((image * word(desc, OUT_H) + oy) * outW + ox0) * outC + oc0) << 2);
  const bias0 = <usize>word(desc, BIAS);
  const bias: usize = bias0 == 0 ? 0 : bias0 + (<usize>oc0 << 2);
  const biasHi: usize = bias0 == 0 ? 0 : bias + 16;
  const relu = word(desc, ACTIVATION) == 1;
  a0 = epilogue(a0, bias, relu); a1 = epilogue(a1, bias, relu); a2 = epilogue(a2, bias, relu); a3 = epilogue(a3, bias, relu);
  if (wide) {
    b0 = epilogue(b0, biasHi, relu); b1 = epilogue(b1, biasHi, relu); b2 = epilogue(b2, biasHi, relu); b3 = epilogue(b3, biasHi, relu);
  }
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
@inline function interiorTile(base: usize, pixel: usize, filter: usize, out: usize, ocBytes: usize, taps: usize, tapCount: i32, wide: bool, bias: usize, relu: bool): void {
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
      a0 = madd4(a0, v, lo); b0 = madd4(b0, v, hi);
      v = v128.load32_splat(src + pixel);
      a1 = madd4(a1, v, lo); b1 = madd4(b1, v, hi);
      v = v128.load32_splat(src + 2 * pixel);
      a2 = madd4(a2, v, lo); b2 = madd4(b2, v, hi);
      v = v128.load32_splat(src + 3 * pixel);
      a3 = madd4(a3, v, lo); b3 = madd4(b3, v, hi);
    } else {
      a0 = madd4(a0, v128.load32_splat(src), lo);
      a1 = madd4(a1, v128.load32_splat(src + pixel), lo);
      a2 = madd4(a2, v128.load32_splat(src + 2 * pixel), lo);
      a3 = madd4(a3, v128.load32_splat(src + 3 * pixel), lo);
    }
    filter += ocBytes;
  }
  a0 = epilogue(a0, bias, relu); a1 = epilogue(a1, bias, relu); a2 = epilogue(a2, bias, relu); a3 = epilogue(a3, bias, relu);
  if (wide) {
    const biasHi: usize = bias == 0 ? 0 : bias + 16;
    b0 = epilogue(b0, biasHi, relu); b1 = epilogue(b1, biasHi, relu); b2 = epilogue(b2, biasHi, relu); b3 = epilogue(b3, biasHi, relu);
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

function tileWideInterior(base: usize, pixel: usize, filter: usize, out: usize, ocBytes: usize, taps: usize, n: i32, bias: usize, relu: bool): void {
  interiorTile(base, pixel, filter, out, ocBytes, taps, n, true, bias, relu);
}
function tileNarrowInterior(base: usize, pixel: usize, filter: usize, out: usize, ocBytes: usize, taps: usize, n: i32, bias: usize, relu: bool): void {
  interiorTile(base, pixel, filter, out, ocBytes, taps, n, false, bias, relu);
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
  const bias = <usize>word(desc, BIAS), relu = word(desc, ACTIVATION) == 1;
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
        for (; oc + 8 <= outC; oc += 8) {
          tileWideInterior(base, pixel, f + (<usize>oc << 2), out + (<usize>oc << 2), ocBytes, taps, tapCount, bias == 0 ? <usize>0 : bias + (<usize>oc << 2), relu);
        }
        if (oc < outC) {
          tileNarrowInterior(base, pixel, f + (<usize>oc << 2), out + (<usize>oc << 2), ocBytes, taps, tapCount, bias == 0 ? <usize>0 : bias + (<usize>oc << 2), relu);
        }
      } else {
        for (; oc + 8 <= outC; oc += 8) tileWideEdge(desc, image, oy, ox, count, oc);
        if (oc < outC) tileNarrowEdge(desc, image, oy, ox, count, oc);
      }
    }
  }
}

// The filter gradient (few taps): dFilter[tap, oc] = Σ_pixels x[tap of pixel] · dy[pixel, oc].
// Descriptor words as above, with F the output gradient dy and OUT the partial sums of the task
// ([tasks, taps · outChannels], summed by biasSumPartialsTask).
const TAP_GROUP = 3;

/** `x` at tap `t` of the pixel whose first input is (`iy0`, `ix0`), or 0 in the padding; per-tap (ky·dh, kx·dw, ci) at `geometry`. */
@inline function tapAt(desc: usize, image: i32, iy0: i32, ix0: i32, geometry: usize, t: i32): f32 {
  const inH = word(desc, IN_H), inW = word(desc, IN_W), inC = word(desc, IN_C);
  const g = geometry + (<usize>(t * 3) << 2);
  const iy = iy0 + load<i32>(g), ix = ix0 + load<i32>(g, 4);
  const inside = iy >= 0 && iy < inH && ix >= 0 && ix < inW;
  const at = inside ? ((image * inH + iy) * inW + ix) * inC + load<i32>(g, 8) : 0;
  const v = load<f32>(<usize>word(desc, X) + (<usize>at << 2));
  return inside ? v : 0;
}

/**
 * Three taps (`t0`, `t0 + 1`, `t0 + 2`; offsets past the last tap repeat it and are not stored) x
 * channels `oc0 .. oc0 + 8` (4 when not `wide`) of the filter gradient over the task's rows.
 */
@inline function filterGroup(desc: usize, first: i32, last: i32, t0: i32, tapCount: i32, oc0: i32, wide: bool, taps: usize, geometry: usize, partial: usize): void {
  const inH = word(desc, IN_H), inW = word(desc, IN_W), inC = word(desc, IN_C);
  const outH = word(desc, OUT_H), outW = word(desc, OUT_W), outC = word(desc, OUT_C);
  const sh = word(desc, SH), sw = word(desc, SW), padTop = word(desc, PAD_TOP), padLeft = word(desc, PAD_LEFT);
  const reach = (word(desc, KW) - 1) * word(desc, DW), reachDown = (word(desc, KH) - 1) * word(desc, DH);
  const x = <usize>word(desc, X), ocBytes = <usize>outC << 2;
  const t1 = min(t0 + 1, tapCount - 1), t2 = min(t0 + 2, tapCount - 1);
  const o0 = <usize>load<i32>(taps + (<usize>t0 << 2)), o1 = <usize>load<i32>(taps + (<usize>t1 << 2)), o2 = <usize>load<i32>(taps + (<usize>t2 << 2));
  let a0 = f32x4.splat(0), a1 = f32x4.splat(0), a2 = f32x4.splat(0);
  let b0 = f32x4.splat(0), b1 = f32x4.splat(0), b2 = f32x4.splat(0);
  const pixelBytes = <usize>(sw * inC) << 2;
  // Pixels whose taps all lie inside a row: ox in [interiorFirst, interiorEnd).
  const interiorFirst = min(outW, (padLeft + sw - 1) / sw);
  const interiorEnd = max(interiorFirst, min(outW, inW - 1 - reach + padLeft < 0 ? 0 : (inW - 1 - reach + padLeft) / sw + 1));
  for (let r = first; r < last; r++) {
    const image = r / outH, oy = r % outH;
    const iy0 = oy * sh - padTop;
    const rowsInside = iy0 >= 0 && iy0 + reachDown < inH;
    const fastFirst = rowsInside ? interiorFirst : outW, fastEnd = rowsInside ? interiorEnd : outW;
    let dy = <usize>word(desc, F) + (<usize>(r * outW * outC + oc0) << 2);
    for (let ox = 0; ox < outW; ) {
      if (ox == fastFirst && fastFirst < fastEnd) {
        // The interior: no bounds, the input pointer steps one pixel at a time.
        let base = x + (<usize>(((image * inH + iy0) * inW + ox * sw - padLeft) * inC) << 2);
        for (; ox < fastEnd; ox++) {
          const v0 = v128.load32_splat(base + o0), v1 = v128.load32_splat(base + o1), v2 = v128.load32_splat(base + o2);
          const lo = v128.load(dy);
          a0 = madd4(a0, v0, lo);
          a1 = madd4(a1, v1, lo);
          a2 = madd4(a2, v2, lo);
          if (wide) {
            const hi = v128.load(dy, 16);
            b0 = madd4(b0, v0, hi);
            b1 = madd4(b1, v1, hi);
            b2 = madd4(b2, v2, hi);
          }
          dy += ocBytes;
          base += pixelBytes;
        }
        continue;
      }
      const ix0 = ox * sw - padLeft;
      const v0 = f32x4.splat(tapAt(desc, image, iy0, ix0, geometry, t0));
      const v1 = f32x4.splat(tapAt(desc, image, iy0, ix0, geometry, t1));
      const v2 = f32x4.splat(tapAt(desc, image, iy0, ix0, geometry, t2));
      const lo = v128.load(dy);
      a0 = madd4(a0, v0, lo);
      a1 = madd4(a1, v1, lo);
      a2 = madd4(a2, v2, lo);
      if (wide) {
        const hi = v128.load(dy, 16);
        b0 = madd4(b0, v0, hi);
        b1 = madd4(b1, v1, hi);
        b2 = madd4(b2, v2, hi);
      }
      dy += ocBytes;
      ox++;
    }
  }
  const out = partial + (<usize>(t0 * outC + oc0) << 2);
  v128.store(out, a0);
  if (wide) v128.store(out, b0, 16);
  if (t0 + 1 < tapCount) {
    v128.store(out + ocBytes, a1);
    if (wide) v128.store(out + ocBytes, b1, 16);
  }
  if (t0 + 2 < tapCount) {
    v128.store(out + 2 * ocBytes, a2);
    if (wide) v128.store(out + 2 * ocBytes, b2, 16);
  }
}

function filterGroupWide(desc: usize, first: i32, last: i32, t0: i32, n: i32, oc0: i32, taps: usize, geometry: usize, partial: usize): void {
  filterGroup(desc, first, last, t0, n, oc0, true, taps, geometry, partial);
}
function filterGroupNarrow(desc: usize, first: i32, last: i32, t0: i32, n: i32, oc0: i32, taps: usize, geometry: usize, partial: usize): void {
  filterGroup(desc, first, last, t0, n, oc0, false, taps, geometry, partial);
}

/** Output rows `task·ROWS_PER_TASK ...`: their contribution to every filter entry, into partial row `task`. */
export function conv2dDirectFilterTask(desc: usize, task: i32, scratch: usize): void {
  const inW = word(desc, IN_W), inC = word(desc, IN_C), outC = word(desc, OUT_C);
  const kh = word(desc, KH), kw = word(desc, KW), dh = word(desc, DH), dw = word(desc, DW);
  const per = word(desc, ROWS_PER_TASK);
  const first = task * per, last = min(word(desc, ROWS), first + per);
  const tapCount = kh * kw * inC;
  // Per tap: its byte offset from a pixel's first input (interior pixels), and (ky·dh, kx·dw, ci).
  const taps = scratch, geometry = scratch + 256;
  for (let ky = 0; ky < kh; ky++) {
    for (let kx = 0; kx < kw; kx++) {
      for (let ci = 0; ci < inC; ci++) {
        const t = (ky * kw + kx) * inC + ci;
        store<i32>(taps + (<usize>t << 2), ((ky * dh * inW + kx * dw) * inC + ci) << 2);
        const g = geometry + (<usize>(t * 3) << 2);
        store<i32>(g, ky * dh);
        store<i32>(g, kx * dw, 4);
        store<i32>(g, ci, 8);
      }
    }
  }
  const partial = <usize>word(desc, OUT) + (<usize>(task * tapCount * outC) << 2);
  for (let t0 = 0; t0 < tapCount; t0 += TAP_GROUP) {
    let oc = 0;
    for (; oc + 8 <= outC; oc += 8) filterGroupWide(desc, first, last, t0, tapCount, oc, taps, geometry, partial);
    if (oc < outC) filterGroupNarrow(desc, first, last, t0, tapCount, oc, taps, geometry, partial);
  }
}
