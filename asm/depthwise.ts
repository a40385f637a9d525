/**
 * Direct depthwise convolution (groups = input channels, `mult` output channels per input channel)
 * over NHWC images with `[kh, kw, 1, channels·mult]` filters: channel `c` of the input feeds output
 * channels `c·mult .. c·mult + mult - 1`. With mult = 1 every tap is a 4-channel vector multiply-add;
 * lowering to im2col + GEMM would run one tiny GEMM per channel instead.
 */

import { madd4 } from './madd';

// Descriptor words.
const X = 0, F = 1, OUT = 2, BATCH = 3, IN_H = 4, IN_W = 5, IN_C = 6, OUT_H = 7, OUT_W = 8, MULT = 9;
const KH = 10, KW = 11, SH = 12, SW = 13, DH = 14, DW = 15, PAD_TOP = 16, PAD_LEFT = 17, PER_TASK = 18;

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

/** Forward pass for output rows `task·PER_TASK ...` (flat over batch and output row). */
export function depthwiseTask(desc: usize, task: i32, scratch: usize): void {
  const inH = word(desc, IN_H), inW = word(desc, IN_W), inC = word(desc, IN_C);
  const outH = word(desc, OUT_H), outW = word(desc, OUT_W), mult = word(desc, MULT);
  const kh = word(desc, KH), kw = word(desc, KW), sh = word(desc, SH), sw = word(desc, SW);
  const dh = word(desc, DH), dw = word(desc, DW), padTop = word(desc, PAD_TOP), padLeft = word(desc, PAD_LEFT);
  const x = <usize>word(desc, X), f = <usize>word(desc, F), out = <usize>word(desc, OUT);
  const oc = inC * mult;
  const perTask = word(desc, PER_TASK);
  const end = min(word(desc, BATCH) * outH, (task + 1) * perTask);
  for (let row = task * perTask; row < end; row++) {
    const image = row / outH, oh = row % outH;
    for (let ow = 0; ow < outW; ow++) {
      const dst = out + (<usize>((row * outW + ow) * oc) << 2);
      let c = 0;
      if (mult == 1) {
        // Taps outer, channels inner: the address arithmetic runs once per tap, and the output
        // pixel (in L1) accumulates.
        const vectorEnd = inC & ~3;
        memory.fill(dst, 0, <usize>vectorEnd << 2);
        for (let fh = 0; fh < kh; fh++) {
          const ih = oh * sh - padTop + fh * dh;
          if (ih < 0 || ih >= inH) continue;
          for (let fw = 0; fw < kw; fw++) {
            const iw = ow * sw - padLeft + fw * dw;
            if (iw < 0 || iw >= inW) continue;
            const xp = x + (<usize>(((image * inH + ih) * inW + iw) * inC) << 2);
            const fp = f + (<usize>((fh * kw + fw) * oc) << 2);
            for (let k = 0; k < vectorEnd; k += 4) {
              const off = <usize>k << 2;
              v128.store(dst + off, madd4(v128.load(dst + off), v128.load(xp + off), v128.load(fp + off)));
            }
          }
        }
        c = vectorEnd;
      }
      // Remaining channels (all of them when mult > 1), one output channel at a time.
      for (let j = c * mult; j < oc; j++) {
        const ci = j / mult;
        let acc: f32 = 0;
        for (let fh = 0; fh < kh; fh++) {
          const ih = oh * sh - padTop + fh * dh;
          if (ih < 0 || ih >= inH) continue;
          for (let fw = 0; fw < kw; fw++) {
            const iw = ow * sw - padLeft + fw * dw;
            if (iw < 0 || iw >= inW) continue;
            acc += load<f32>(x + (<usize>(((image * inH + ih) * inW + iw) * inC + ci) << 2)) * load<f32>(f + (<usize>((fh * kw + fw) * oc + j) << 2));
          }
        }
        store<f32>(dst + (<usize>j << 2), acc);
      }
    }
  }
}

/** Input gradient for input rows `task·PER_TASK ...`: each input pixel gathers from the outputs it fed. */
export function depthwiseBackwardInputTask(desc: usize, task: i32, scratch: usize): void {
  const inH = word(desc, IN_H), inW = word(desc, IN_W), inC = word(desc, IN_C);
  const outH = word(desc, OUT_H), outW = word(desc, OUT_W), mult = word(desc, MULT);
  const kh = word(desc, KH), kw = word(desc, KW), sh = word(desc, SH), sw = word(desc, SW);
  const dh = word(desc, DH), dw = word(desc, DW), padTop = word(desc, PAD_TOP), padLeft = word(desc, PAD_LEFT);
  const dy = <usize>word(desc, X), f = <usize>word(desc, F), dx = <usize>word(desc, OUT);
  const oc = inC * mult;
  const perTask = word(desc, PER_TASK);
  const end = min(word(desc, BATCH) * inH, (task + 1) * perTask);
  for (let row = task * perTask; row < end; row++) {
    const image = row / inH, ih = row % inH;
    for (let iw = 0; iw < inW; iw++) {
      const dst = dx + (<usize>((row * inW + iw) * inC) << 2);
      memory.fill(dst, 0, <usize>inC << 2);
      for (let fh = 0; fh < kh; fh++) {
        const ohScaled = ih + padTop - fh * dh;
        if (ohScaled < 0 || ohScaled % sh != 0) continue;
        const oh = ohScaled / sh;
        if (oh >= outH) continue;
        for (let fw = 0; fw < kw; fw++) {
          const owScaled = iw + padLeft - fw * dw;
          if (owScaled < 0 || owScaled % sw != 0) continue;
          const ow = owScaled / sw;
          if (ow >= outW) continue;
          const g = dy + (<usize>(((image * outH + oh) * outW + ow) * oc) << 2);
          const ft = f + (<usize>((fh * kw + fw) * oc) << 2);
          let c = 0;
          if (mult == 1) {
            for (; c + 4 <= inC; c += 4) {
              const off = <usize>c << 2;
              v128.store(dst + off, madd4(v128.load(dst + off), v128.load(g + off), v128.load(ft + off)));
            }
          }
          for (; c < inC; c++) {
            let acc: f32 = 0;
            for (let m = 0; m < mult; m++) {
              const j = <usize>(c * mult + m) << 2;
              acc += load<f32>(g + j) * load<f32>(ft + j);
            }
            store<f32>(dst + (<usize>c << 2), load<f32>(dst + (<usize>c << 2)) + acc);
          }
        }
      }
    }
  }
}

/** Filter gradient of tap `task` (filter row and column): a sum over every output pixel. */
export function depthwiseBackwardFilterTask(desc: usize, task: i32, scratch: usize): void {
  const inH = word(desc, IN_H), inW = word(desc, IN_W), inC = word(desc, IN_C);
  const outH = word(desc, OUT_H), outW = word(desc, OUT_W), mult = word(desc, MULT);
  const kw = word(desc, KW), sh = word(desc, SH), sw = word(desc, SW);
  const dh = word(desc, DH), dw = word(desc, DW), padTop = word(desc, PAD_TOP), padLeft = word(desc, PAD_LEFT);
  const x = <usize>word(desc, X), dy = <usize>word(desc, F), df = <usize>word(desc, OUT);
  const oc = inC * mult;
  const fh = task / kw, fw = task % kw;
  const dst = df + (<usize>(task * oc) << 2);
  memory.fill(dst, 0, <usize>oc << 2);
  const batch = word(desc, BATCH);
  for (let image = 0; image < batch; image++) {
    for (let oh = 0; oh < outH; oh++) {
      const ih = oh * sh - padTop + fh * dh;
      if (ih < 0 || ih >= inH) continue;
      for (let ow = 0; ow < outW; ow++) {
        const iw = ow * sw - padLeft + fw * dw;
        if (iw < 0 || iw >= inW) continue;
        const xp = x + (<usize>(((image * inH + ih) * inW + iw) * inC) << 2);
        const g = dy + (<usize>(((image * outH + oh) * outW + ow) * oc) << 2);
        let j = 0;
        if (mult == 1) {
          for (; j + 4 <= oc; j += 4) {
            const off = <usize>j << 2;
            v128.store(dst + off, madd4(v128.load(dst + off), v128.load(g + off), v128.load(xp + off)));
          }
        }
        for (; j < oc; j++) {
          const off = <usize>j << 2;
          store<f32>(dst + off, load<f32>(dst + off) + load<f32>(g + off) * load<f32>(xp + (<usize>(j / mult) << 2)));
        }
      }
    }
  }
}
