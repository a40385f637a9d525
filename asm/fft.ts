/**
 * FFT convolution (overlap-save) for stride-1, undilated, one-group layers with large filters,
 * driven by src/backend/wasm/fft.ts. The output is cut into tiles of `(N − KH + 1) x (N − KW + 1)`
 * pixels; each reads an N x N input tile (rows from `tileRow·(N − KH + 1) − PAD_TOP`, zeros outside
 * the image), whose circular correlation with the filter is exact on those outputs (no wrap-around
 * reaches them). Every N x N transform is asm/fft-math.ts's, so spectra are transposed and in
 * bit-reversed order, the same for tiles and filters.
 *
 * Output channels go in pairs `a = 2p, b = 2p + 1` through one complex transform: the filter
 * spectra are those of `w_a + i·w_b` (one FFT for both), so `Z = Σ_c X_c · V_{p,c}` is the spectrum
 * of `y_a + i·y_b` (both real) and one inverse FFT gives channel a in its real plane and b in its
 * imaginary plane: half the inverse transforms and half the products of one channel at a time.
 *
 * Three tasks, run one after the other by the driver: the filter spectra (once per call), the
 * input tiles' spectra (per round of tiles), and per tile and pair the products, the inverse and
 * the stores. The stores flag NaN or infinite results (NON_FINITE): the transform spreads one
 * non-finite input over its whole tile, so the driver then recomputes the pass on the general path.
 */
import { fft2d, inverseFft2d } from './fft-math';
import { madd4, nmadd4 } from './madd';

// Descriptor words (i32; SCALE is a float), mirrored in src/backend/wasm/fft.ts.
const SRC = 0, DST = 1, FILTER = 2, FILTER_SPECTRA = 3, TILE_SPECTRA = 4, TWIDDLES = 5, N = 6;
const SRC_H = 7, SRC_W = 8, IN_C = 9, OUT_H = 10, OUT_W = 11, OUT_C = 12, KH = 13, KW = 14;
const PAD_TOP = 15, PAD_LEFT = 16, TILES_H = 17, TILES_W = 18, FIRST_TILE = 19, FLIP = 21;
const NON_FINITE = 22, SCALE = 23, NEG = 24, ROUND_TILES = 25;
/** Bytes of one plane's bins that the products accumulate over all input channels at a time. */
const PRODUCT_BLOCK_BYTES: usize = 2048;
/** Input channels one input task loads together (a 64-byte line of a pixel's channels). */
const GROUP = 16;

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

/** Bytes of one complex N x N tile (both planes). */
@inline function tileBytes(n: i32): usize {
  return <usize>(n * n) << 3;
}

/**
 * The spectrum of filter pair `p = task / IN_C` at input channel `c = task % IN_C`: the taps of
 * output channels 2p (real plane) and 2p + 1 (imaginary plane, zero when there is none), tap
 * (i, j) placed at ((N − i) mod N, (N − j) mod N) and scaled by SCALE (1/N², the inverse's
 * scale), so that the product with a tile's spectrum is the spectrum of their correlation. FILTER
 * is HWIO `[KH][KW][IN_C][OUT_C]`; with FLIP set it is the filter of the forward convolution whose
 * input gradient this is, `[KH][KW][OUT_C][IN_C]`, read rotated by 180 degrees with its channel
 * axes swapped. Writes FILTER_SPECTRA + task·2N² floats.
 */
export function fftFilterTask(desc: usize, task: i32, scratch: usize): void {
  const n = word(desc, N), inC = word(desc, IN_C), outC = word(desc, OUT_C);
  const kh = word(desc, KH), kw = word(desc, KW), flip = word(desc, FLIP) != 0;
  const scale = load<f32>(desc + (<usize>SCALE << 2));
  const p = task / inC, c = task % inC;
  const re = <usize>word(desc, FILTER_SPECTRA) + <usize>task * tileBytes(n);
  const im = re + (<usize>(n * n) << 2);
  const filter = <usize>word(desc, FILTER);
  memory.fill(re, 0, tileBytes(n));
  for (let q = 0; q < 2; q++) {
    const o = 2 * p + q;
    if (o >= outC) break;
    const plane = q == 0 ? re : im;
    for (let i = 0; i < kh; i++) {
      const row = (n - i) & (n - 1);
      for (let j = 0; j < kw; j++) {
        const at = flip ? (((kh - 1 - i) * kw + (kw - 1 - j)) * outC + o) * inC + c : ((i * kw + j) * inC + c) * outC + o;
        store<f32>(plane + (<usize>(row * n + ((n - j) & (n - 1))) << 2), load<f32>(filter + (<usize>at << 2)) * scale);
      }
    }
  }
  fft2d(re, n, <usize>word(desc, TWIDDLES));
}

/** Image, first output row and first output column of global tile `g`. */
@inline function tileOrigin(desc: usize, g: i32, n: i32): i64 {
  const tilesW = word(desc, TILES_W), perImage = word(desc, TILES_H) * tilesW;
  const rest = g % perImage;
  const oh0 = (rest / tilesW) * (n - word(desc, KH) + 1), ow0 = (rest % tilesW) * (n - word(desc, KW) + 1);
  return (<i64>(g / perImage) << 42) | (<i64>oh0 << 21) | <i64>ow0;
}

/**
 * Loads channels `c0 .. c0 + count` of the N x N patch of SRC (`pixelBytes` apart) whose top-left
 * pixel is (`ih0`, `iw0`) of the image at `src` (channel c0), zero outside the image: channel
 * `c0 + k` into the real plane of the tile slot at `dst + (k & ~1)·tileBytes` when k is even, into
 * its imaginary plane when k is odd (pairs of channels share a complex tile). Row by row, so each
 * row of the image's pixels is read from memory once for the whole group.
 */
function loadGroup(dst: usize, count: i32, src: usize, h: i32, w: i32, pixelBytes: usize, ih0: i32, iw0: i32, n: i32): void {
  const plane = <usize>(n * n) << 2, rowBytes = <usize>n << 2;
  const colBegin = max(0, -iw0), colEnd = max(colBegin, min(n, w - iw0));
  for (let r = 0; r < n; r++) {
    const ih = ih0 + r;
    const rowBase = src + (<usize>ih * <usize>w + <usize>iw0) * pixelBytes;
    // One channel at a time along the row: the row's pixels stay in L1 while each plane's row is written in sequence.
    for (let k = 0; k < count; k++) {
      const row = dst + <usize>(k >> 1) * (plane << 2) + <usize>(k & 1) * plane + <usize>r * rowBytes;
      if (ih < 0 || ih >= h) {
        memory.fill(row, 0, rowBytes);
        continue;
      }
      for (let col = 0; col < colBegin; col++) store<f32>(row + (<usize>col << 2), 0);
      const from = rowBase + (<usize>k << 2);
      for (let col = colBegin; col < colEnd; col++) store<f32>(row + (<usize>col << 2), load<f32>(from + <usize>col * pixelBytes));
      for (let col = colEnd; col < n; col++) store<f32>(row + (<usize>col << 2), 0);
    }
  }
}

/**
 * Column of the first of the four vector lanes that hold the opposite frequencies of columns `col ..
 * col + 3` of a bit-reversed spectrum row, in reverse order (see {@link splitPair}); columns 0 to 3
 * pair among themselves as 0, 1, 3, 2 (handled by the caller).
 */
@inline function partnerColumn(col: i32): i32 {
  // Positions [b, 2b) of a bit-reversed axis (b a power of two) hold the opposite frequencies of each other, in reverse order.
  const b = 1 << (31 - clz(col));
  return 3 * b - 4 - col;
}

/** Lanes of `v` in the order of the partner columns of `col` (a permutation that is its own inverse). */
@inline function partnerLanes(v: v128, col: i32): v128 {
  return col == 0 ? v128.shuffle<f32>(v, v, 0, 1, 3, 2) : v128.shuffle<f32>(v, v, 3, 2, 1, 0);
}

/**
 * Splits the spectrum P of `x_a + i·x_b` (two real tiles; slot `re`) into the spectra of x_a (in
 * place) and x_b (slot `reB`): `X_a(f) = (P(f) + conj P(−f)) / 2`, `X_b(f) = (P(f) − conj P(−f)) / 2i`,
 * and at −f the conjugates. Along each axis of the bit-reversed spectrum the positions
 * `[b, 2b)` (b a power of two) hold each other's opposite frequencies in reverse order, and 0 and 1
 * are their own (NEG maps rows), so four columns pair with four columns read as one vector and its
 * lanes permuted. Each pair of vectors is read before either is written.
 */
function splitPair(re: usize, reB: usize, n: i32, neg: usize): void {
  const plane = <usize>(n * n) << 2;
  const toB = reB - re;
  const half = f32x4.splat(0.5);
  for (let r = 0; r < n; r++) {
    const r2 = load<i32>(neg + (<usize>r << 2));
    if (r2 < r) continue;
    for (let col = 0; col < n; col += 4) {
      const c2 = col < 8 ? col : partnerColumn(col);
      if (r2 == r && c2 < col) continue;
      const q = re + (<usize>(r * n + col) << 2), q2 = re + (<usize>(r2 * n + c2) << 2);
      const pr = v128.load(q), pi = v128.load(q + plane);
      const mr = partnerLanes(v128.load(q2), col), mi = partnerLanes(v128.load(q2 + plane), col);
      const ar = f32x4.mul(f32x4.add(pr, mr), half), ai = f32x4.mul(f32x4.sub(pi, mi), half);
      const br = f32x4.mul(f32x4.add(pi, mi), half), bi = f32x4.mul(f32x4.sub(mr, pr), half);
      v128.store(q, ar);
      v128.store(q + plane, ai);
      v128.store(q + toB, br);
      v128.store(q + toB + plane, bi);
      // X(−f) = conj X(f) for both (real tiles).
      v128.store(q2, partnerLanes(ar, col));
      v128.store(q2 + plane, partnerLanes(f32x4.neg(ai), col));
      v128.store(q2 + toB, partnerLanes(br, col));
      v128.store(q2 + toB + plane, partnerLanes(f32x4.neg(bi), col));
    }
  }
}

/**
 * The spectra of input channels `c0 = GROUP·(task % groups) .. c0 + GROUP` (groups: ⌈IN_C/GROUP⌉)
 * of tile `FIRST_TILE + task / groups`: their N x N patches of SRC (`[n, SRC_H, SRC_W, IN_C]`) from
 * row `oh0 − PAD_TOP`, column `ow0 − PAD_LEFT`, zero outside the image, are loaded together
 * ({@link loadGroup}); then each pair of channels goes through one complex transform as real and
 * imaginary planes and is split apart ({@link splitPair}). Writes the tile's spectra slots of those
 * channels at TILE_SPECTRA (IN_C slots of 2N² floats per tile).
 */
export function fftInputTask(desc: usize, task: i32, scratch: usize): void {
  const n = word(desc, N), inC = word(desc, IN_C), h = word(desc, SRC_H), w = word(desc, SRC_W);
  const groups = (inC + GROUP - 1) / GROUP;
  const t = task / groups, c0 = GROUP * (task % groups), count = min(GROUP, inC - c0);
  const origin = tileOrigin(desc, word(desc, FIRST_TILE) + t, n);
  const image = <i32>(origin >> 42), ih0 = <i32>((origin >> 21) & 0x1fffff) - word(desc, PAD_TOP), iw0 = <i32>(origin & 0x1fffff) - word(desc, PAD_LEFT);
  const tile = tileBytes(n), plane = <usize>(n * n) << 2;
  const slots = <usize>word(desc, TILE_SPECTRA) + <usize>(t * inC + c0) * tile;
  const pixelBytes = <usize>inC << 2;
  const src = <usize>word(desc, SRC) + <usize>image * <usize>h * <usize>w * pixelBytes + (<usize>c0 << 2);
  loadGroup(slots, count, src, h, w, pixelBytes, ih0, iw0, n);
  const twiddles = <usize>word(desc, TWIDDLES), neg = <usize>word(desc, NEG);
  for (let k = 0; k < count; k += 2) {
    const re = slots + <usize>k * tile;
    if (k + 1 == count) memory.fill(re + plane, 0, plane);
    fft2d(re, n, twiddles);
    if (k + 1 < count) splitPair(re, re + tile, n, neg);
  }
}

/**
 * Output pair `p = task / ROUND_TILES` of tile `FIRST_TILE + task % ROUND_TILES` (ROUND_TILES: the
 * tiles of this round): `Z = Σ_c X_c · V_{p,c}` over
 * the IN_C input channels (complex products, four bins per vector) in the thread's scratch (2N²
 * floats), the inverse transform, and the valid `(N − KH + 1) x (N − KW + 1)` outputs (clipped to
 * the image) into DST (`[n, OUT_H, OUT_W, OUT_C]`): channel 2p from the real plane, 2p + 1 from the
 * imaginary one. Sets NON_FINITE when a stored value is NaN or infinite.
 */
export function fftProductTask(desc: usize, task: i32, scratch: usize): void {
  const n = word(desc, N), inC = word(desc, IN_C), outC = word(desc, OUT_C);
  const outH = word(desc, OUT_H), outW = word(desc, OUT_W);
  // Pair-major: consecutive tasks share the pair's filter spectra.
  const roundTiles = word(desc, ROUND_TILES);
  const t = task % roundTiles, p = task / roundTiles;
  const bins = <usize>(n * n) << 2, tile = tileBytes(n);
  const zr = scratch, zi = scratch + bins;
  const xs = <usize>word(desc, TILE_SPECTRA) + <usize>(t * inC) * tile;
  const vs = <usize>word(desc, FILTER_SPECTRA) + <usize>(p * inC) * tile;
  // Blocks of bins small enough that the block of Z stays in L1 while every channel adds to it;
  // within a block, four channels at a time are summed in registers before Z is read and written.
  for (let block: usize = 0; block < bins; block += PRODUCT_BLOCK_BYTES) {
    const end = min(bins, block + PRODUCT_BLOCK_BYTES);
    for (let c0 = 0; c0 < inC; c0 += 4) {
      const last = min(inC, c0 + 4);
      const x0 = xs + <usize>c0 * tile, v0 = vs + <usize>c0 * tile;
      for (let e = block; e < end; e += 16) {
        let re = c0 > 0 ? v128.load(zr + e) : f32x4.splat(0);
        let im = c0 > 0 ? v128.load(zi + e) : f32x4.splat(0);
        let x = x0 + e, v = v0 + e;
        for (let c = c0; c < last; c++) {
          const ar = v128.load(x), ai = v128.load(x + bins), br = v128.load(v), bi = v128.load(v + bins);
          re = nmadd4(madd4(re, ar, br), ai, bi);
          im = madd4(madd4(im, ar, bi), ai, br);
          x += tile;
          v += tile;
        }
        v128.store(zr + e, re);
        v128.store(zi + e, im);
      }
    }
  }
  inverseFft2d(zr, n, <usize>word(desc, TWIDDLES));

  const origin = tileOrigin(desc, word(desc, FIRST_TILE) + t, n);
  const image = <i32>(origin >> 42), oh0 = <i32>((origin >> 21) & 0x1fffff), ow0 = <i32>(origin & 0x1fffff);
  const rows = min(n - word(desc, KH) + 1, outH - oh0), cols = min(n - word(desc, KW) + 1, outW - ow0);
  const pixelBytes = <usize>outC << 2;
  const dst = <usize>word(desc, DST) + (<usize>image * <usize>outH * <usize>outW + <usize>oh0 * <usize>outW + <usize>ow0) * pixelBytes;
  let check: f32 = 0;
  for (let q = 0; q < 2; q++) {
    const o = 2 * p + q;
    if (o >= outC) break;
    const plane = q == 0 ? zr : zi;
    const base = dst + (<usize>o << 2);
    for (let i = 0; i < rows; i++) {
      const from = plane + (<usize>(i * n) << 2), to = base + <usize>i * <usize>outW * pixelBytes;
      for (let j = 0; j < cols; j++) {
        const y = load<f32>(from + (<usize>j << 2));
        check += y - y;
        store<f32>(to + <usize>j * pixelBytes, y);
      }
    }
  }
  if (check != check) store<i32>(desc + (<usize>NON_FINITE << 2), 1);
}
