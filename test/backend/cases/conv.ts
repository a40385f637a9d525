/**
 * Kernel cases: conv2d and its two gradients. Expected values come from naive formulas written here
 * independently of the reference kernels: the forward pass as a direct loop over an explicitly
 * zero-padded input, the input gradient as a gather (which outputs read this input cell?) rather than
 * the kernel's scatter, and a few tiny cases computed by hand.
 */
import type { KernelCase } from '../case-helpers.js';
import { randomValues, upload } from '../case-helpers.js';
import type { Conv2DInfo } from '../../../src/backend/kernels.js';

/** A convolution problem: input, filter, strides, dilations, padding on every side, groups. */
interface ConvProblem {
  n: number; h: number; w: number; c: number;
  kh: number; kw: number; oc: number;
  sh: number; sw: number; dh: number; dw: number;
  top: number; bottom: number; left: number; right: number;
  groups: number;
}

function infoOf(p: ConvProblem): Conv2DInfo {
  return {
    batch: p.n, inHeight: p.h, inWidth: p.w, inChannels: p.c,
    outHeight: Math.floor((p.h + p.top + p.bottom - (p.dh * (p.kh - 1) + 1)) / p.sh) + 1,
    outWidth: Math.floor((p.w + p.left + p.right - (p.dw * (p.kw - 1) + 1)) / p.sw) + 1,
    outChannels: p.oc, filterHeight: p.kh, filterWidth: p.kw, strideHeight: p.sh, strideWidth: p.sw,
    dilationHeight: p.dh, dilationWidth: p.dw, padTop: p.top, padLeft: p.left, groups: p.groups,
  };
}

/** The input copied into a zero border: `[n, h + top + bottom, w + left + right, c]`. */
function padded(x: Float32Array, p: ConvProblem): { values: Float64Array; height: number; width: number } {
  const height = p.h + p.top + p.bottom;
  const width = p.w + p.left + p.right;
  const values = new Float64Array(p.n * height * width * p.c);
  for (let n = 0; n < p.n; n++)
    for (let y = 0; y < p.h; y++)
      for (let x0 = 0; x0 < p.w; x0++)
        for (let c = 0; c < p.c; c++)
          values[((n * height + y + p.top) * width + x0 + p.left) * p.c + c] = x[((n * p.h + y) * p.w + x0) * p.c + c]!;
  return { values, height, width };
}

/** Direct 7-loop convolution over the padded input. */
function naiveConv(x: Float32Array, f: Float32Array, p: ConvProblem): Float32Array {
  const { outHeight, outWidth } = infoOf(p);
  const xp = padded(x, p);
  const cpg = p.c / p.groups;
  const opg = p.oc / p.groups;
  const out = new Float32Array(p.n * outHeight * outWidth * p.oc);
  for (let n = 0; n < p.n; n++)
    for (let o = 0; o < p.oc; o++)
      for (let oy = 0; oy < outHeight; oy++)
        for (let ox = 0; ox < outWidth; ox++) {
          let s = 0;
          for (let ci = 0; ci < cpg; ci++)
            for (let ky = 0; ky < p.kh; ky++)
              for (let kx = 0; kx < p.kw; kx++) {
                const c = Math.floor(o / opg) * cpg + ci;
                s += xp.values[((n * xp.height + oy * p.sh + ky * p.dh) * xp.width + ox * p.sw + kx * p.dw) * p.c + c]! *
                  f[((ky * p.kw + kx) * cpg + ci) * p.oc + o]!;
              }
          out[((n * outHeight + oy) * outWidth + ox) * p.oc + o] = s;
        }
  return out;
}

/** dx[n,y,x,c] = Σ dy[n,oy,ox,o]·f[ky,kx,ci,o] over the outputs whose taps read (y, x). */
function naiveBackwardInput(dy: Float32Array, f: Float32Array, p: ConvProblem): Float32Array {
  const { outHeight, outWidth } = infoOf(p);
  const cpg = p.c / p.groups;
  const opg = p.oc / p.groups;
  const dx = new Float32Array(p.n * p.h * p.w * p.c);
  // The output row reading input row y through tap ky, if any.
  const source = (y: number, k: number, pad: number, stride: number, dilation: number, size: number): number => {
    const t = y + pad - k * dilation;
    return t >= 0 && t % stride === 0 && t / stride < size ? t / stride : -1;
  };
  for (let n = 0; n < p.n; n++)
    for (let y = 0; y < p.h; y++)
      for (let x = 0; x < p.w; x++)
        for (let c = 0; c < p.c; c++) {
          const g = Math.floor(c / cpg);
          let s = 0;
          for (let ky = 0; ky < p.kh; ky++) {
            const oy = source(y, ky, p.top, p.sh, p.dh, outHeight);
            if (oy < 0) continue;
            for (let kx = 0; kx < p.kw; kx++) {
              const ox = source(x, kx, p.left, p.sw, p.dw, outWidth);
              if (ox < 0) continue;
              for (let o = g * opg; o < (g + 1) * opg; o++) {
                s += dy[((n * outHeight + oy) * outWidth + ox) * p.oc + o]! * f[((ky * p.kw + kx) * cpg + (c - g * cpg)) * p.oc + o]!;
              }
            }
          }
          dx[((n * p.h + y) * p.w + x) * p.c + c] = s;
        }
  return dx;
}

/** dF[ky,kx,ci,o] = Σ_{n,oy,ox} xPadded[n, oy·sh + ky·dh, ox·sw + kx·dw, group(o)·cpg + ci] · dy[n,oy,ox,o]. */
function naiveBackwardFilter(x: Float32Array, dy: Float32Array, p: ConvProblem): Float32Array {
  const { outHeight, outWidth } = infoOf(p);
  const xp = padded(x, p);
  const cpg = p.c / p.groups;
  const opg = p.oc / p.groups;
  const df = new Float32Array(p.kh * p.kw * cpg * p.oc);
  for (let ky = 0; ky < p.kh; ky++)
    for (let kx = 0; kx < p.kw; kx++)
      for (let ci = 0; ci < cpg; ci++)
        for (let o = 0; o < p.oc; o++) {
          let s = 0;
          for (let n = 0; n < p.n; n++)
            for (let oy = 0; oy < outHeight; oy++)
              for (let ox = 0; ox < outWidth; ox++) {
                const c = Math.floor(o / opg) * cpg + ci;
                s += xp.values[((n * xp.height + oy * p.sh + ky * p.dh) * xp.width + ox * p.sw + kx * p.dw) * p.c + c]! *
                  dy[((n * outHeight + oy) * outWidth + ox) * p.oc + o]!;
              }
          df[((ky * p.kw + kx) * cpg + ci) * p.oc + o] = s;
        }
  return df;
}

function describe(p: ConvProblem): string {
  return `x [${p.n},${p.h},${p.w},${p.c}] filter [${p.kh},${p.kw},${p.c / p.groups},${p.oc}] strides ${p.sh}x${p.sw} ` +
    `dilations ${p.dh}x${p.dw} pad [[${p.top},${p.bottom}],[${p.left},${p.right}]] groups ${p.groups}`;
}

/** One case checking all three kernels on `p` against the naive formulas (or `expected` when given). */
function convCase(p: ConvProblem, seed: number, given?: { x: number[]; f: number[]; dy: number[]; expected: number[][] }): KernelCase {
  const info = infoOf(p);
  const outSize = p.n * info.outHeight * info.outWidth * p.oc;
  const xv = given ? Float32Array.from(given.x) : randomValues(p.n * p.h * p.w * p.c, seed);
  const fv = given ? Float32Array.from(given.f) : randomValues(p.kh * p.kw * (p.c / p.groups) * p.oc, seed + 1);
  const dyv = given ? Float32Array.from(given.dy) : randomValues(outSize, seed + 2);
  return {
    name: `conv2d, backward input, backward filter: ${describe(p)}`,
    run: (b) => {
      const [x, f, dy] = [upload(b, xv), upload(b, fv), upload(b, dyv)];
      const out = b.alloc('float32', outSize) as Float32Array;
      const dx = b.alloc('float32', xv.length) as Float32Array;
      const df = b.alloc('float32', fv.length) as Float32Array;
      dx.fill(7); // backward kernels must overwrite, not accumulate into, their output
      df.fill(7);
      b.conv2d(x, f, out, info);
      b.conv2dBackwardInput(dy, f, dx, info);
      b.conv2dBackwardFilter(x, dy, df, info);
      return [out, dx, df];
    },
    expected: given?.expected ?? [naiveConv(xv, fv, p), naiveBackwardInput(dyv, fv, p), naiveBackwardFilter(xv, dyv, p)],
    atol: 1e-4,
  };
}

const base = { n: 1, sh: 1, sw: 1, dh: 1, dw: 1, top: 0, bottom: 0, left: 0, right: 0, groups: 1 };

/** Deterministic random problems with odd sizes, strides 1-3, dilations 1-2, paddings 0-2 and groups. */
function randomProblems(count: number): ConvProblem[] {
  const problems: ConvProblem[] = [];
  const r = randomValues(count * 40, 2024);
  let k = 0;
  const pick = (lo: number, hi: number): number => lo + Math.floor(((r[k++ % r.length]! + 1) / 2) * (hi - lo + 1));
  while (problems.length < count) {
    const groups = pick(1, 3);
    const p: ConvProblem = {
      n: pick(1, 2), h: pick(1, 9), w: pick(1, 9), c: groups * pick(1, 3), kh: pick(1, 4), kw: pick(1, 4), oc: groups * pick(1, 3),
      sh: pick(1, 3), sw: pick(1, 3), dh: pick(1, 2), dw: pick(1, 2),
      top: pick(0, 2), bottom: pick(0, 2), left: pick(0, 2), right: pick(0, 2), groups,
    };
    const info = infoOf(p);
    if (info.outHeight > 0 && info.outWidth > 0) problems.push(p);
  }
  return problems;
}

const fixedProblems: ConvProblem[] = [
  { ...base, n: 2, h: 7, w: 6, c: 3, kh: 3, kw: 3, oc: 4, top: 1, bottom: 1, left: 1, right: 1 },
  { ...base, h: 8, w: 7, c: 4, kh: 3, kw: 3, oc: 4, top: 1, bottom: 1, left: 1, right: 1, groups: 4 }, // depthwise
  { ...base, h: 9, w: 9, c: 3, kh: 3, kw: 3, oc: 6, sh: 2, sw: 2, top: 1, bottom: 1, left: 1, right: 1, groups: 3 }, // depth multiplier 2
  { ...base, n: 2, h: 5, w: 6, c: 5, kh: 1, kw: 1, oc: 3 }, // pointwise
  { ...base, h: 10, w: 9, c: 2, kh: 1, kw: 1, oc: 2, sh: 3, sw: 3 }, // stride > kernel: some inputs get no gradient
  { ...base, h: 9, w: 8, c: 2, kh: 3, kw: 3, oc: 3, dh: 2, dw: 2, top: 2, bottom: 2, left: 2, right: 2 },
  { ...base, h: 6, w: 7, c: 2, kh: 4, kw: 2, oc: 3, sh: 2, sw: 1, top: 1, bottom: 2, left: 0, right: 1 }, // asymmetric ('same'-like)
  { ...base, h: 3, w: 3, c: 1, kh: 2, kw: 2, oc: 2, top: 3, bottom: 3, left: 3, right: 3 }, // padding beyond the filter
  { ...base, h: 12, w: 11, c: 6, kh: 3, kw: 3, oc: 4, sh: 2, sw: 2, dh: 2, dw: 1, top: 2, bottom: 1, left: 1, right: 1, groups: 2 },
];

export const convCases: KernelCase[] = [
  convCase({ ...base, h: 3, w: 3, c: 1, kh: 2, kw: 2, oc: 1 }, 0, {
    // out[i,j] = x[i,j] − x[i+1,j+1]; with dy = 1 everywhere, dx counts +1 per window corner and −1 per opposite corner.
    x: [1, 2, 3, 4, 5, 6, 7, 8, 9], f: [1, 0, 0, -1], dy: [1, 1, 1, 1],
    expected: [[-4, -4, -4, -4], [1, 1, 0, 1, 0, -1, 0, -1, -1], [12, 16, 24, 28]],
  }),
  convCase({ ...base, h: 2, w: 2, c: 2, kh: 1, kw: 1, oc: 1, sh: 2, sw: 2, top: 1, bottom: 1, left: 1, right: 1 }, 0, {
    // Strided taps land on (−1,−1), (−1,1), (1,−1) (padding) and (1,1) = pixel (7, 8): 7 + 10·8.
    x: [1, 2, 3, 4, 5, 6, 7, 8], f: [1, 10], dy: [1, 2, 3, 4],
    expected: [[0, 0, 0, 87], [0, 0, 0, 0, 0, 0, 4, 40], [7 * 4, 8 * 4]],
  }),
  convCase({ ...base, h: 1, w: 1, c: 2, kh: 1, kw: 1, oc: 2, groups: 2 }, 0, {
    // Two groups: out = [2·5, 3·7], each channel only sees its own filter.
    x: [2, 3], f: [5, 7], dy: [1, 10],
    expected: [[10, 21], [5, 70], [2, 30]],
  }),
  ...fixedProblems.map((p, i) => convCase(p, 100 + i * 3)),
  ...randomProblems(24).map((p, i) => convCase(p, 300 + i * 3)),
];
