/**
 * Convolution lowering for the GEMM: im2col gathers, for each output pixel, the receptive field of
 * an NHWC image into one contiguous row (ordered filter row, filter column, channel, like an HWIO
 * filter's rows), and col2im is its adjoint, written as a gather over input pixels so that tasks
 * own disjoint rows of the result and need no atomics.
 */

// Descriptor word offsets (i32), mirrored in src/backend/wasm/conv.ts.
const X = 0, COL = 1, IN_H = 3, IN_W = 4, IN_C = 5, OUT_H = 6, OUT_W = 7;
const KH = 8, KW = 9, SH = 10, SW = 11, DH = 12, DW = 13, PAD_TOP = 14, PAD_LEFT = 15;
const C0 = 16, CG = 17, FIRST = 18, COUNT = 19, PER_TASK = 20;

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

/** Copies `n` floats (short runs are common: one to a few channels). */
@inline function copyFloats(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + (<usize>i << 2), v128.load(src + (<usize>i << 2)));
  for (; i < n; i++) store<f32>(dst + (<usize>i << 2), load<f32>(src + (<usize>i << 2)));
}

@inline function addFloats(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const off = <usize>i << 2;
    v128.store(dst + off, f32x4.add(v128.load(dst + off), v128.load(src + off)));
  }
  for (; i < n; i++) {
    const off = <usize>i << 2;
    store<f32>(dst + off, load<f32>(dst + off) + load<f32>(src + off));
  }
}

/**
 * Fills rows of the column matrix for output pixels `FIRST + task·PER_TASK ...` (flat over batch,
 * output row, output column); row `r` of the chunk starts at `COL + r·KH·KW·CG` floats.
 */
export function im2colTask(desc: usize, task: i32, scratch: usize): void {
  const inH = word(desc, IN_H), inW = word(desc, IN_W), inC = word(desc, IN_C);
  const outH = word(desc, OUT_H), outW = word(desc, OUT_W);
  const kh = word(desc, KH), kw = word(desc, KW), sh = word(desc, SH), sw = word(desc, SW);
  const dh = word(desc, DH), dw = word(desc, DW), padTop = word(desc, PAD_TOP), padLeft = word(desc, PAD_LEFT);
  const cg = word(desc, CG);
  const x = <usize>word(desc, X) + (<usize>word(desc, C0) << 2);
  const first = word(desc, FIRST), perTask = word(desc, PER_TASK);
  const begin = task * perTask;
  const end = min(word(desc, COUNT), begin + perTask);
  if (begin >= end) return;
  const pixelBytes = <usize>inC << 2;
  const rowBytes = <usize>inW * pixelBytes;
  const imageBytes = <usize>inH * rowBytes;
  const tapBytes = <usize>cg << 2;
  // With unit dilation and all channels, one filter row's taps are kw adjacent pixels: one copy.
  const rowRun = dw == 1 && cg == inC;
  let dst = <usize>word(desc, COL) + <usize>begin * <usize>(kh * kw) * tapBytes;
  // Divide once; then step (image, oh, ow) like an odometer.
  const pixel = first + begin;
  let ow = pixel % outW;
  let oh = (pixel / outW) % outH;
  let image = pixel / (outW * outH);
  for (let r = begin; r < end; r++) {
    const ih0 = oh * sh - padTop, iw0 = ow * sw - padLeft;
    const imageBase = x + <usize>image * imageBytes;
    const inside = rowRun && iw0 >= 0 && iw0 + kw <= inW;
    for (let fh = 0; fh < kh; fh++) {
      const ih = ih0 + fh * dh;
      if (ih < 0 || ih >= inH) {
        memory.fill(dst, 0, <usize>kw * tapBytes);
        dst += <usize>kw * tapBytes;
        continue;
      }
      const src = imageBase + <usize>ih * rowBytes;
      if (inside) {
        copyFloats(dst, src + <usize>iw0 * pixelBytes, kw * cg);
        dst += <usize>kw * tapBytes;
        continue;
      }
      for (let fw = 0; fw < kw; fw++) {
        const iw = iw0 + fw * dw;
        if (iw < 0 || iw >= inW) {
          for (let c = 0; c < cg; c++) store<f32>(dst + (<usize>c << 2), 0);
        } else {
          copyFloats(dst, src + <usize>iw * pixelBytes, cg);
        }
        dst += tapBytes;
      }
    }
    if (++ow == outW) {
      ow = 0;
      if (++oh == outH) {
        oh = 0;
        image++;
      }
    }
  }
}

/**
 * The adjoint of im2col for input rows `FIRST + task·PER_TASK ...` (flat over batch and input row):
 * every input pixel sums the column-matrix entries that read it. `X` is the (zeroed) image gradient,
 * `COL` the column-matrix gradient of the images in this chunk (row 0 = first pixel of image FIRST/IN_H).
 */
export function col2imTask(desc: usize, task: i32, scratch: usize): void {
  const inH = word(desc, IN_H), inW = word(desc, IN_W), inC = word(desc, IN_C);
  const outH = word(desc, OUT_H), outW = word(desc, OUT_W);
  const kh = word(desc, KH), kw = word(desc, KW), sh = word(desc, SH), sw = word(desc, SW);
  const dh = word(desc, DH), dw = word(desc, DW), padTop = word(desc, PAD_TOP), padLeft = word(desc, PAD_LEFT);
  const cg = word(desc, CG);
  const dx = <usize>word(desc, X) + (<usize>word(desc, C0) << 2);
  const col = <usize>word(desc, COL);
  const tapBytes = <usize>cg << 2;
  const colRowBytes = <usize>(kh * kw) * tapBytes;
  const pixelBytes = <usize>inC << 2;
  const first = word(desc, FIRST), perTask = word(desc, PER_TASK);
  const firstImage = first / inH;
  const begin = task * perTask;
  const end = min(word(desc, COUNT), begin + perTask);
  // With unit dilation and all channels, one output pixel's kw taps read adjacent input pixels
  // (whatever the stride), which are adjacent in dx too.
  const contiguousTaps = dw == 1 && cg == inC;
  for (let r = begin; r < end; r++) {
    const row = first + r;
    const ih = row % inH;
    const image = row / inH;
    const dxRow = dx + <usize>(image * inH + ih) * <usize>inW * pixelBytes;
    const colImage = col + <usize>((image - firstImage) * outH) * <usize>outW * colRowBytes;
    // Filter rows that reach input row ih, each from one output row.
    for (let fh = 0; fh < kh; fh++) {
      const ohScaled = ih + padTop - fh * dh;
      if (ohScaled < 0 || ohScaled % sh != 0) continue;
      const oh = ohScaled / sh;
      if (oh >= outH) continue;
      const colRow = colImage + <usize>oh * <usize>outW * colRowBytes + <usize>(fh * kw) * tapBytes;
      if (contiguousTaps) {
        // The kw taps of output pixel ow cover input pixels ow·sw - padLeft .. + kw - 1 and are
        // adjacent in both the column row and dx: one vector add per output pixel.
        for (let ow = 0; ow < outW; ow++) {
          const iw0 = ow * sw - padLeft;
          const fw0 = max(0, -iw0), fw1 = min(kw, inW - iw0);
          if (fw0 >= fw1) continue;
          addFloats(dxRow + <usize>(iw0 + fw0) * pixelBytes, colRow + <usize>ow * colRowBytes + <usize>fw0 * tapBytes, (fw1 - fw0) * cg);
        }
        continue;
      }
      for (let iw = 0; iw < inW; iw++) {
        const dst = dxRow + <usize>iw * pixelBytes;
        for (let fw = 0; fw < kw; fw++) {
          const owScaled = iw + padLeft - fw * dw;
          if (owScaled < 0) break; // grows more negative with fw
          let ow = owScaled;
          if (sw != 1) {
            if (owScaled % sw != 0) continue;
            ow = owScaled / sw;
          }
          if (ow >= outW) continue;
          addFloats(dst, colRow + <usize>ow * colRowBytes + <usize>fw * tapBytes, cg);
        }
      }
    }
  }
}
