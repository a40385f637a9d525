/**
 * Kernel cases: stride-1 3x3 convolutions with `ATELIER_CONV_ALGO=winograd` set while the kernels
 * run, so fast backends take their Winograd path whatever their own choice would be (the reference
 * ignores the variable). Shapes cover 'valid' (pad 0), 'same' (pad 1) and pad 2, odd and
 * non-multiple-of-4 sizes (partial 4x4 tiles at the bottom and right), batch 1, channel counts that
 * are not multiples of 4 or 8 (partial vectors and GEMM panels), tile counts that leave a partial
 * sliver of tiles, and a batch large enough to run threaded; the forward pass, both gradients, and
 * the forward pass with its bias and relu fused; and inputs holding NaN and infinities, which must
 * spread as the definition says (Winograd would spread them over whole tiles). Compared with the
 * reference kernels (which the conv cases check against naive formulas).
 */
import type { KernelCase } from '../case-helpers.js';
import { randomValues, upload } from '../case-helpers.js';
import type { Backend, Conv2DInfo } from '../../../src/backend/kernels.js';
import type { TypedArray } from '../../../src/tensor/dtype.js';

interface Problem {
  n: number; h: number; w: number; c: number; oc: number; pad: number;
}

function infoOf(p: Problem): Conv2DInfo {
  return {
    batch: p.n, inHeight: p.h, inWidth: p.w, inChannels: p.c,
    outHeight: p.h + 2 * p.pad - 2, outWidth: p.w + 2 * p.pad - 2, outChannels: p.oc,
    filterHeight: 3, filterWidth: 3, strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1,
    padTop: p.pad, padLeft: p.pad, groups: 1,
  };
}

/** Runs `fn` with `ATELIER_CONV_ALGO` set to `algorithm` (where the host has environment variables). */
export function withConvAlgorithm<T>(algorithm: string, fn: () => T): T {
  const env = typeof process === 'object' ? process.env : undefined;
  if (!env) return fn();
  const before = env.ATELIER_CONV_ALGO;
  env.ATELIER_CONV_ALGO = algorithm;
  try {
    return fn();
  } finally {
    if (before === undefined) delete env.ATELIER_CONV_ALGO;
    else env.ATELIER_CONV_ALGO = before;
  }
}

function label(p: Problem): string {
  return `x [${p.n},${p.h},${p.w},${p.c}] 3x3 -> ${p.oc} pad ${p.pad}`;
}

function sizes(p: Problem): { x: number; f: number; y: number } {
  const info = infoOf(p);
  return { x: p.n * p.h * p.w * p.c, f: 9 * p.c * p.oc, y: p.n * info.outHeight * info.outWidth * p.oc };
}

/**
 * F(4x4, 3x3) computes in another basis whose transforms scale values by up to 5 and 1/24: its
 * rounding errors are 10-25x the lowering's, about 1e-5 of the largest output (measured on the
 * cifar shapes: 1e-4 to 4e-4 on outputs up to 46; filter gradients summed over 16k pixels 5.9e-4 on
 * entries up to 166). A wrong tile, tap or channel is off by the size of the values themselves.
 */
function winogradCase(name: string, run: (b: Backend) => TypedArray[], atol = 5e-4): KernelCase {
  return { name: `winograd ${name}`, atol, rtol: 1e-4, run: (b) => withConvAlgorithm('winograd', () => run(b)) };
}

function cases(p: Problem): KernelCase[] {
  const info = infoOf(p);
  const n = sizes(p);
  const x = randomValues(n.x, p.h + p.c), f = randomValues(n.f, p.oc + 1), dy = randomValues(n.y, p.w + 7), bias = randomValues(p.oc, 5);
  return [
    winogradCase(`conv2d ${label(p)}`, (b) => {
      const out = b.alloc('float32', n.y) as Float32Array;
      b.conv2d(upload(b, x), upload(b, f), out, info);
      return [out];
    }),
    winogradCase(`conv2dBackwardInput ${label(p)}`, (b) => {
      const dx = b.alloc('float32', n.x) as Float32Array;
      dx.fill(7); // must be overwritten
      b.conv2dBackwardInput(upload(b, dy), upload(b, f), dx, info);
      return [dx];
    }),
    winogradCase(`conv2dBackwardFilter ${label(p)}`, (b) => {
      const df = b.alloc('float32', n.f) as Float32Array;
      df.fill(7);
      b.conv2dBackwardFilter(upload(b, x), upload(b, dy), df, info);
      return [df];
    }, 2e-3),
    winogradCase(`conv2dBiasActivation relu ${label(p)}`, (b) => {
      const out = b.alloc('float32', n.y) as Float32Array;
      b.conv2dBiasActivation(upload(b, x), upload(b, f), upload(b, bias), out, info, 'relu');
      return [out];
    }),
  ];
}

const problems: Problem[] = [
  // 'same', one tile per image, channels a multiple of 4.
  { n: 2, h: 4, w: 4, c: 4, oc: 8, pad: 1 },
  // 'valid' with partial tiles (7x5 outputs), odd channel counts (partial vectors, a partial panel).
  { n: 3, h: 9, w: 7, c: 5, oc: 7, pad: 0 },
  // Batch 1, pad 2 (the input gradient runs with pad 0), 17 -> 12 channels, 4 + 1 tiles in a row.
  { n: 1, h: 13, w: 18, c: 17, oc: 12, pad: 2 },
  // Outputs smaller than a tile (2x2), one channel in, three out.
  { n: 2, h: 4, w: 4, c: 1, oc: 3, pad: 0 },
  // The cifar model's second block, threaded (128 tiles: whole and partial task blocks).
  { n: 8, h: 16, w: 16, c: 32, oc: 64, pad: 1 },
  // A third cifar-like block with 8x8 images and more channels than one task's tiles hold many of.
  { n: 6, h: 8, w: 8, c: 96, oc: 40, pad: 1 },
];

/** A NaN and an infinity in an input: Winograd must decline, so they spread only as the definition says. */
function nonFiniteCases(): KernelCase[] {
  const p: Problem = { n: 2, h: 10, w: 9, c: 8, oc: 12, pad: 1 };
  const info = infoOf(p);
  const n = sizes(p);
  const poison = (values: Float32Array): Float32Array => {
    const out = values.slice();
    out[3 * p.c + 1] = NaN;
    out[out.length - 5 * p.c] = Infinity;
    return out;
  };
  const x = poison(randomValues(n.x, 31)), f = randomValues(n.f, 32), dy = randomValues(n.y, 33);
  const dyPoisoned = (() => {
    const out = dy.slice();
    out[7 * p.oc + 2] = NaN;
    out[out.length - 9 * p.oc] = -Infinity;
    return out;
  })();
  return [
    winogradCase(`conv2d with NaN and Infinity in x ${label(p)}`, (b) => {
      const out = b.alloc('float32', n.y) as Float32Array;
      b.conv2d(upload(b, x), upload(b, f), out, info);
      return [out];
    }),
    winogradCase(`conv2dBackwardInput with NaN and -Infinity in dy ${label(p)}`, (b) => {
      const dx = b.alloc('float32', n.x) as Float32Array;
      b.conv2dBackwardInput(upload(b, dyPoisoned), upload(b, f), dx, info);
      return [dx];
    }),
    winogradCase(`conv2dBackwardFilter with NaN and Infinity in x ${label(p)}`, (b) => {
      const df = b.alloc('float32', n.f) as Float32Array;
      b.conv2dBackwardFilter(upload(b, x), upload(b, dy), df, info);
      return [df];
    }, 2e-3),
    winogradCase(`conv2dBiasActivation relu with NaN and Infinity in x ${label(p)}`, (b) => {
      const out = b.alloc('float32', n.y) as Float32Array;
      b.conv2dBiasActivation(upload(b, x), upload(b, f), upload(b, randomValues(p.oc, 34)), out, info, 'relu');
      return [out];
    }),
  ];
}

export const convWinogradCases: KernelCase[] = [...problems.flatMap(cases), ...nonFiniteCases()];
