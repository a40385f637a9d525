/**
 * 2-D max and average pooling over NHWC images and their gradients, four channels per vector.
 * Semantics (PyTorch's): padding cells never win a max; the first maximum wins ties and a NaN wins
 * over everything (the last NaN of a window); `argmax` holds the flat index of the winner in the whole input. Average
 * pooling divides by the full window (countIncludePad) or by its cells inside the input.
 */

// Descriptor words.
const X = 0, OUT = 1, ARGMAX = 2, IN_H = 4, IN_W = 5, C = 6, OUT_H = 7, OUT_W = 8;
const KH = 9, KW = 10, SH = 11, SW = 12, PAD_TOP = 13, PAD_LEFT = 14, INCLUDE_PAD = 15, PER_TASK = 16, BATCH = 3;

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

/** Max pooling of output rows `task·PER_TASK ...` (flat over batch and output row). */
export function maxPoolTask(desc: usize, task: i32, scratch: usize): void {
  const inH = word(desc, IN_H), inW = word(desc, IN_W), channels = word(desc, C);
  const outH = word(desc, OUT_H), outW = word(desc, OUT_W), kh = word(desc, KH), kw = word(desc, KW);
  const sh = word(desc, SH), sw = word(desc, SW), padTop = word(desc, PAD_TOP), padLeft = word(desc, PAD_LEFT);
  const x = <usize>word(desc, X), out = <usize>word(desc, OUT), argmax = <usize>word(desc, ARGMAX);
  const perTask = word(desc, PER_TASK);
  const end = min(word(desc, BATCH) * outH, (task + 1) * perTask);
  const lanes = i32x4(0, 1, 2, 3);
  for (let row = task * perTask; row < end; row++) {
    const image = row / outH, oh = row % outH;
    const h0 = max(0, oh * sh - padTop), h1 = min(inH, oh * sh - padTop + kh);
    for (let ow = 0; ow < outW; ow++) {
      const w0 = max(0, ow * sw - padLeft), w1 = min(inW, ow * sw - padLeft + kw);
      const o = ((row * outW + ow) * channels);
      let c = 0;
      for (; c + 4 <= channels; c += 4) {
        let best = f32x4.splat(-Infinity);
        let bestIndex = i32x4.splat(-1);
        for (let ih = h0; ih < h1; ih++) {
          for (let iw = w0; iw < w1; iw++) {
            const index = ((image * inH + ih) * inW + iw) * channels + c;
            const v = v128.load(x + (<usize>index << 2));
            // v > best, or v is NaN (the last NaN wins, as PyTorch); the very first cell always wins.
            let take = v128.or(f32x4.gt(v, best), f32x4.ne(v, v));
            take = v128.or(take, i32x4.eq(bestIndex, i32x4.splat(-1)));
            best = v128.bitselect(v, best, take);
            bestIndex = v128.bitselect(i32x4.add(i32x4.splat(index), lanes), bestIndex, take);
          }
        }
        v128.store(out + (<usize>(o + c) << 2), best);
        v128.store(argmax + (<usize>(o + c) << 2), bestIndex);
      }
      for (; c < channels; c++) {
        let best: f32 = -Infinity;
        let bestIndex = -1;
        for (let ih = h0; ih < h1; ih++) {
          for (let iw = w0; iw < w1; iw++) {
            const index = ((image * inH + ih) * inW + iw) * channels + c;
            const v = load<f32>(x + (<usize>index << 2));
            if (bestIndex < 0 || v > best || isNaN(v)) {
              best = v;
              bestIndex = index;
            }
          }
        }
        store<f32>(out + (<usize>(o + c) << 2), best);
        store<i32>(argmax + (<usize>(o + c) << 2), bestIndex);
      }
    }
  }
}

/** Routes `dy` (OUT) to the recorded winners in `dx` (X, zeroed by the caller), one image per task. */
export function maxPoolBackwardTask(desc: usize, task: i32, scratch: usize): void {
  const perImage = word(desc, OUT_H) * word(desc, OUT_W) * word(desc, C);
  const dx = <usize>word(desc, X), dy = <usize>word(desc, OUT), argmax = <usize>word(desc, ARGMAX);
  for (let i = task * perImage; i < (task + 1) * perImage; i++) {
    const target = dx + (<usize>load<i32>(argmax + (<usize>i << 2)) << 2);
    store<f32>(target, load<f32>(target) + load<f32>(dy + (<usize>i << 2)));
  }
}

/** Cells of window [start, start + k) inside [0, size). */
@inline function inside(start: i32, k: i32, size: i32): i32 {
  return min(size, start + k) - max(0, start);
}

/** Average pooling of output rows `task·PER_TASK ...`. */
export function avgPoolTask(desc: usize, task: i32, scratch: usize): void {
  const inH = word(desc, IN_H), inW = word(desc, IN_W), channels = word(desc, C);
  const outH = word(desc, OUT_H), outW = word(desc, OUT_W), kh = word(desc, KH), kw = word(desc, KW);
  const sh = word(desc, SH), sw = word(desc, SW), padTop = word(desc, PAD_TOP), padLeft = word(desc, PAD_LEFT);
  const includePad = word(desc, INCLUDE_PAD) != 0;
  const x = <usize>word(desc, X), out = <usize>word(desc, OUT), perTask = word(desc, PER_TASK);
  const end = min(word(desc, BATCH) * outH, (task + 1) * perTask);
  for (let row = task * perTask; row < end; row++) {
    const image = row / outH, oh = row % outH;
    const top = oh * sh - padTop;
    const h0 = max(0, top), h1 = min(inH, top + kh);
    for (let ow = 0; ow < outW; ow++) {
      const left = ow * sw - padLeft;
      const w0 = max(0, left), w1 = min(inW, left + kw);
      const count = includePad ? kh * kw : (h1 - h0) * (w1 - w0);
      const scale: f32 = 1.0 / <f32>count;
      const dst = out + (<usize>((row * outW + ow) * channels) << 2);
      let c = 0;
      for (; c + 4 <= channels; c += 4) {
        let acc = f32x4.splat(0);
        for (let ih = h0; ih < h1; ih++) {
          for (let iw = w0; iw < w1; iw++) {
            acc = f32x4.add(acc, v128.load(x + (<usize>(((image * inH + ih) * inW + iw) * channels + c) << 2)));
          }
        }
        v128.store(dst + (<usize>c << 2), f32x4.mul(acc, f32x4.splat(scale)));
      }
      for (; c < channels; c++) {
        let acc: f32 = 0;
        for (let ih = h0; ih < h1; ih++) {
          for (let iw = w0; iw < w1; iw++) acc += load<f32>(x + (<usize>(((image * inH + ih) * inW + iw) * channels + c) << 2));
        }
        store<f32>(dst + (<usize>c << 2), acc * scale);
      }
    }
  }
}

/**
 * Gradient of average pooling for input rows `task·PER_TASK ...` (flat over batch and input row):
 * each input cell gathers dy / count from every window that covers it, so tasks own their rows.
 */
export function avgPoolBackwardTask(desc: usize, task: i32, scratch: usize): void {
  const inH = word(desc, IN_H), inW = word(desc, IN_W), channels = word(desc, C);
  const outH = word(desc, OUT_H), outW = word(desc, OUT_W), kh = word(desc, KH), kw = word(desc, KW);
  const sh = word(desc, SH), sw = word(desc, SW), padTop = word(desc, PAD_TOP), padLeft = word(desc, PAD_LEFT);
  const includePad = word(desc, INCLUDE_PAD) != 0;
  const dx = <usize>word(desc, X), dy = <usize>word(desc, OUT), perTask = word(desc, PER_TASK);
  const end = min(word(desc, BATCH) * inH, (task + 1) * perTask);
  for (let row = task * perTask; row < end; row++) {
    const image = row / inH, ih = row % inH;
    // Output rows whose window [oh·sh - padTop, + kh) contains ih.
    const ohFirst = max(0, (ih + padTop - kh + sh) / sh), ohLast = min(outH - 1, (ih + padTop) / sh);
    for (let iw = 0; iw < inW; iw++) {
      const owFirst = max(0, (iw + padLeft - kw + sw) / sw), owLast = min(outW - 1, (iw + padLeft) / sw);
      const dst = dx + (<usize>(((image * inH + ih) * inW + iw) * channels) << 2);
      memory.fill(dst, 0, <usize>channels << 2);
      for (let oh = ohFirst; oh <= ohLast; oh++) {
        const countH = includePad ? kh : inside(oh * sh - padTop, kh, inH);
        for (let ow = owFirst; ow <= owLast; ow++) {
          const count = includePad ? kh * kw : countH * inside(ow * sw - padLeft, kw, inW);
          const scale: f32 = 1.0 / <f32>count;
          const src = dy + (<usize>(((image * outH + oh) * outW + ow) * channels) << 2);
          let c = 0;
          for (; c + 4 <= channels; c += 4) {
            const off = <usize>c << 2;
            v128.store(dst + off, f32x4.add(v128.load(dst + off), f32x4.mul(v128.load(src + off), f32x4.splat(scale))));
          }
          for (; c < channels; c++) {
            const off = <usize>c << 2;
            store<f32>(dst + off, load<f32>(dst + off) + load<f32>(src + off) * scale);
          }
        }
      }
    }
  }
}
