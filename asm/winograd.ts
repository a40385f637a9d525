/**
 * Winograd F(4x4, 3x3) convolution (Lavin & Gray 2016) for stride-1, undilated 3x3 layers, driven
 * by src/backend/wasm/winograd.ts. Each 4x4 output tile is `Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A` for its
 * 6x6 input patch d (rows `4·th − PAD_TOP ..`, columns `4·tw − PAD_LEFT ..`, zero outside the image)
 * and the 3x3 filter g; summed over input channels, the 36 elementwise products of transformed
 * tiles and filters are 36 matrix products, computed here by the SGEMM micro-kernel
 * (asm/gemm-micro.ts) on operands that the transforms write straight into its packed layouts, in
 * each task's own memory, so transformed tiles never travel through main memory.
 *
 * Every transform works on four channels per vector; a channel count that is not a multiple of
 * four ends with a vector whose missing lanes are zero on load and not stored. The tasks that write
 * results set NON_FINITE when one is NaN or infinite (see {@link reportNonFinite}).
 */
import { MR, NR, microKernel } from './gemm-micro';
import { filterGradient6, filterTransform3, inputTransform6, outputGradient4, outputTransform6 } from './winograd-math';

// Descriptor words (i32), mirrored in src/backend/wasm/winograd.ts.
const SRC = 0, DST = 1, IMG_H = 2, IMG_W = 3, TILES_H = 5, TILES_W = 6, PAD_TOP = 7, PAD_LEFT = 8;
const TILE_COUNT = 10, PER_TASK = 11, BIAS = 12, RELU = 13;
const FILTER_ROWS = 14, FILTER_COLS = 15, FLIP = 16, IN_C = 17, OUT_C = 18, SRC_H = 19, SRC_W = 20, FILTER = 21;
const GRADIENT = 22, BLOCK = 23, WORK = 24, WORK_BYTES = 25, PARTIALS = 26, NON_FINITE = 27;

const VEC: usize = 16;

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

/** `n` (1..4) floats at `ptr`, the missing lanes zero. */
@inline function loadChannels(ptr: usize, n: i32): v128 {
  if (n == 4) return v128.load(ptr);
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(ptr));
  if (n > 1) v = f32x4.replace_lane(v, 1, load<f32>(ptr, 4));
  if (n > 2) v = f32x4.replace_lane(v, 2, load<f32>(ptr, 8));
  return v;
}

/** Stores the first `n` (1..4) lanes of `v` at `ptr`. */
@inline function storeChannels(ptr: usize, v: v128, n: i32): void {
  if (n == 4) {
    v128.store(ptr, v);
    return;
  }
  store<f32>(ptr, f32x4.extract_lane(v, 0));
  if (n > 1) store<f32>(ptr, f32x4.extract_lane(v, 1), 4);
  if (n > 2) store<f32>(ptr, f32x4.extract_lane(v, 2), 8);
}

/** Four floats `stride` bytes apart, the lanes from `n` on zero. */
@inline function gatherChannels(ptr: usize, stride: usize, n: i32): v128 {
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(ptr));
  if (n > 1) v = f32x4.replace_lane(v, 1, load<f32>(ptr + stride));
  if (n > 2) v = f32x4.replace_lane(v, 2, load<f32>(ptr + 2 * stride));
  if (n > 3) v = f32x4.replace_lane(v, 3, load<f32>(ptr + 3 * stride));
  return v;
}

/** Copies `count` vectors from `staged` (consecutive) to `dst + i·stride`, `n` lanes each. */
@inline function storeStaged(staged: usize, count: i32, dst: usize, stride: usize, n: i32): void {
  for (let i = 0; i < count; i++) storeChannels(dst + <usize>i * stride, v128.load(staged + <usize>i * VEC), n);
}

/**
 * Sets NON_FINITE when `check` (a sum of `y − y` over stored vectors: 0 while every value is finite)
 * has a NaN lane: the driver then recomputes the pass on the general path, so NaN and infinities
 * propagate as the definition says (the transforms would spread one to its whole tile).
 */
@inline function reportNonFinite(desc: usize, check: v128): void {
  if (v128.any_true(f32x4.ne(check, check))) store<i32>(desc + (<usize>NON_FINITE << 2), 1);
}

/** The task's range of `PER_TASK` items out of `total`: begin in the low half, end in the high. */
@inline function taskRange(desc: usize, task: i32, total: i32): i64 {
  const begin = task * word(desc, PER_TASK);
  const end = min(total, begin + word(desc, PER_TASK));
  return (<i64>end << 32) | <i64>begin;
}

/**
 * The row pass of the input transform (`d B`, rows of `Bᵀ d B` before the column pass) of channels
 * `c .. c + n` of one tile whose 6x6 patch starts at (`ih0`, `iw0`) of the image at `image`, into
 * the 36 vectors at `rows` (row-major). Rows inside the image are read in place; rows in the padding
 * transform to zero; rows that cross the left or right edge are copied with zeros into `patch` (six
 * vectors) first.
 */
@inline function inputRowPass(image: usize, h: i32, w: i32, pixelBytes: usize, ih0: i32, iw0: i32, c: i32, n: i32, patch: usize, rows: usize): void {
  const rowBytes = <usize>w * pixelBytes;
  const columnsInside = iw0 >= 0 && iw0 + 6 <= w && n == 4;
  const channelBase = image + (<usize>c << 2);
  for (let r = 0; r < 6; r++) {
    const ih = ih0 + r;
    const out = rows + <usize>r * 6 * VEC;
    if (ih < 0 || ih >= h) {
      for (let j = 0; j < 6; j++) v128.store(out + <usize>j * VEC, f32x4.splat(0));
      continue;
    }
    const rowBase = channelBase + <usize>ih * rowBytes;
    if (columnsInside) {
      inputTransform6(rowBase + <usize>iw0 * pixelBytes, pixelBytes, out, VEC);
      continue;
    }
    for (let s = 0; s < 6; s++) {
      const iw = iw0 + s;
      v128.store(patch + <usize>s * VEC, iw >= 0 && iw < w ? loadChannels(rowBase + <usize>iw * pixelBytes, n) : f32x4.splat(0));
    }
    inputTransform6(patch, VEC, out, VEC);
  }
}

/**
 * The input transform `Bᵀ d B` of channels `c .. c + n` of one tile (see {@link inputRowPass}) into
 * the 36 vectors at `staged` (row-major over the transformed tile).
 */
@inline function transformInputTile(
  image: usize, h: i32, w: i32, pixelBytes: usize, ih0: i32, iw0: i32, c: i32, n: i32, patch: usize, rows: usize, staged: usize,
): void {
  inputRowPass(image, h, w, pixelBytes, ih0, iw0, c, n, patch, rows);
  for (let j = 0; j < 6; j++) inputTransform6(rows + <usize>j * VEC, 6 * VEC, staged + <usize>j * VEC, 6 * VEC);
}

/**
 * A whole convolution for tiles `task·PER_TASK ..` (PER_TASK a multiple of the micro-kernel's MR):
 * the input transform straight into the GEMM's packed-A layout in scratch (per element, slivers of
 * MR tiles x IN_C channels), then per 8-channel panel of the packed transformed filter at FILTER
 * (see {@link winogradFilterTask}) the 36 products by the SGEMM micro-kernel into an MR-row block of
 * scratch, and the output transform `Aᵀ M A` of that panel into the valid pixels of DST
 * (`[n, IMG_H, IMG_W, OUT_C]`), with `act(y + bias)` when BIAS is set (RELU 1: relu). SRC is
 * `[n, SRC_H, SRC_W, IN_C]`. Scratch: `36·PER_TASK·(IN_C + 8)` floats and 119 vectors.
 */
export function winogradConvTask(desc: usize, task: i32, scratch: usize): void {
  const srcH = word(desc, SRC_H), srcW = word(desc, SRC_W), inC = word(desc, IN_C);
  const h = word(desc, IMG_H), w = word(desc, IMG_W), outC = word(desc, OUT_C);
  const tilesW = word(desc, TILES_W), tilesPerImage = word(desc, TILES_H) * tilesW;
  const padTop = word(desc, PAD_TOP), padLeft = word(desc, PAD_LEFT);
  const perTask = word(desc, PER_TASK);
  const range = taskRange(desc, task, word(desc, TILE_COUNT));
  const first = <i32>range, count = <i32>(range >> 32) - first;
  const src = <usize>word(desc, SRC), dst = <usize>word(desc, DST), filter = <usize>word(desc, FILTER);
  const bias = <usize>word(desc, BIAS), relu = word(desc, RELU) != 0;
  const srcPixelBytes = <usize>inC << 2, srcImageBytes = <usize>srcH * <usize>srcW * srcPixelBytes;
  const pixelBytes = <usize>outC << 2, rowBytes = <usize>w * pixelBytes;
  // Scratch: packed V, the products of one panel, the transforms' work vectors, the micro-kernel's edge tile.
  const v = scratch;
  const vElementBytes = <usize>(perTask * inC) << 2;
  const m = v + 36 * vElementBytes;
  const mElementBytes = <usize>(perTask * NR) << 2;
  const patch = m + 36 * mElementBytes, rows = patch + 36 * VEC, staged = rows + 36 * VEC, edge = staged + 36 * VEC;
  const sliverBytes = <usize>(inC * MR) << 2;

  for (let t = 0; t < count; t++) {
    const g = first + t;
    const image = g / tilesPerImage, rest = g % tilesPerImage;
    const ih0 = (rest / tilesW) * 4 - padTop, iw0 = (rest % tilesW) * 4 - padLeft;
    const imageBase = src + <usize>image * srcImageBytes;
    // Tile t is row t % MR of sliver t / MR; channel c is its k index (MR floats apart).
    const base = v + <usize>(t / MR) * sliverBytes + (<usize>(t % MR) << 2);
    for (let c = 0; c < inC; c += 4) {
      const n = min(4, inC - c);
      const at = base + (<usize>(c * MR) << 2);
      if (n == 4) {
        // Columns of the row pass straight into the packed panel, four lanes MR floats apart.
        inputRowPass(imageBase, srcH, srcW, srcPixelBytes, ih0, iw0, c, n, patch, rows);
        for (let j = 0; j < 6; j++) inputTransform6(rows + <usize>j * VEC, 6 * VEC, at + <usize>j * vElementBytes, 6 * vElementBytes, MR << 2);
        continue;
      }
      transformInputTile(imageBase, srcH, srcW, srcPixelBytes, ih0, iw0, c, n, patch, rows, staged);
      for (let e = 0; e < 36; e++) {
        const value = v128.load(staged + <usize>e * VEC);
        const dstE = at + <usize>e * vElementBytes;
        store<f32>(dstE, f32x4.extract_lane(value, 0));
        if (n > 1) store<f32>(dstE, f32x4.extract_lane(value, 1), MR << 2);
        if (n > 2) store<f32>(dstE, f32x4.extract_lane(value, 2), MR << 3);
        if (n > 3) store<f32>(dstE, f32x4.extract_lane(value, 3), (MR << 3) + (MR << 2));
      }
    }
  }

  const panels = (outC + NR - 1) / NR;
  const panelBytes = <usize>(inC * NR) << 2;
  const filterElementBytes = <usize>panels * panelBytes;
  let check = f32x4.splat(0);
  for (let panel = 0; panel < panels; panel++) {
    for (let e = 0; e < 36; e++) {
      const pb = filter + <usize>e * filterElementBytes + <usize>panel * panelBytes;
      const pa = v + <usize>e * vElementBytes;
      const pm = m + <usize>e * mElementBytes;
      for (let r = 0; r < count; r += MR) {
        microKernel(inC, pa + <usize>(r / MR) * sliverBytes, pb, pm + (<usize>(r * NR) << 2), NR << 2, false, min(MR, count - r), NR, edge);
      }
    }
    for (let half = 0; half < 2; half++) {
      const c = panel * NR + half * 4;
      if (c >= outC) break;
      const n = min(4, outC - c);
      const b = bias != 0 ? loadChannels(bias + (<usize>c << 2), n) : f32x4.splat(0);
      for (let t = 0; t < count; t++) {
        const g = first + t;
        const image = g / tilesPerImage, rest = g % tilesPerImage;
        const oh0 = (rest / tilesW) * 4, ow0 = (rest % tilesW) * 4;
        const products = m + (<usize>(t * NR + half * 4) << 2);
        for (let r = 0; r < 6; r++) outputTransform6(products + <usize>r * 6 * mElementBytes, mElementBytes, rows + <usize>r * 4 * VEC, VEC);
        for (let j = 0; j < 4; j++) outputTransform6(rows + <usize>j * VEC, 4 * VEC, staged + <usize>j * VEC, 4 * VEC);
        const rowsLeft = min(4, h - oh0), colsLeft = min(4, w - ow0);
        const imageBase = dst + <usize>image * <usize>h * rowBytes;
        for (let i = 0; i < rowsLeft; i++) {
          const pixel = imageBase + <usize>(oh0 + i) * rowBytes + <usize>ow0 * pixelBytes + (<usize>c << 2);
          for (let j = 0; j < colsLeft; j++) {
            let y = v128.load(staged + <usize>(i * 4 + j) * VEC);
            if (bias != 0) y = f32x4.add(y, b);
            // y < 0 is false for NaN: kept, as the relu kernel.
            if (relu) y = v128.andnot(y, f32x4.lt(y, f32x4.splat(0)));
            check = f32x4.add(check, f32x4.sub(y, y));
            storeChannels(pixel + <usize>j * pixelBytes, y, n);
          }
        }
      }
    }
  }
  reportNonFinite(desc, check);
}

/**
 * `dM = A dY Aᵀ`, the adjoint of the output transform, of channels `c .. c + n` of the 4x4 block of
 * the gradient image at `image` starting at (`oh0`, `ow0`) (pixels outside it zero), into the 36
 * vectors at `staged`. `patch` is 16 vectors of scratch, `rows` 24.
 */
@inline function transformGradientTile(image: usize, h: i32, w: i32, pixelBytes: usize, oh0: i32, ow0: i32, c: i32, n: i32, patch: usize, rows: usize, staged: usize): void {
  const rowBytes = <usize>w * pixelBytes;
  for (let r = 0; r < 4; r++) {
    const rowBase = image + <usize>(oh0 + r) * rowBytes + (<usize>c << 2);
    for (let s = 0; s < 4; s++) {
      const inside = oh0 + r < h && ow0 + s < w;
      v128.store(patch + <usize>(r * 4 + s) * VEC, inside ? loadChannels(rowBase + <usize>(ow0 + s) * pixelBytes, n) : f32x4.splat(0));
    }
  }
  for (let r = 0; r < 4; r++) outputGradient4(patch + <usize>r * 4 * VEC, VEC, rows + <usize>r * 6 * VEC, VEC);
  for (let j = 0; j < 6; j++) outputGradient4(rows + <usize>j * VEC, 6 * VEC, staged + <usize>j * VEC, 6 * VEC);
}

/** Byte offset of channel `c` in a block of packed-A slivers (MR channels x the block's tiles each). */
@inline function laneOffset(c: i32, sliverBytes: usize): usize {
  return <usize>(c / MR) * sliverBytes + (<usize>(c % MR) << 2);
}

/**
 * The filter gradient's products for tiles `task·PER_TASK ..`, summed into the task's own partial
 * `dU` (`[36][IN_C][OUT_C]` at the start of its workspace, `WORK + task·WORK_BYTES`): blocks of
 * BLOCK tiles are transformed, the input (`Bᵀ d B` of SRC, `[n, SRC_H, SRC_W, IN_C]`) into
 * packed-A slivers of MR channels x BLOCK tiles, the gradient (`A dY Aᵀ` of GRADIENT, `[n, IMG_H,
 * IMG_W, OUT_C]`) into packed-B panels of BLOCK tiles x NR channels, both per element; then
 * `dU[e] (+)= Vᵀ[e] · dM[e]` by the SGEMM micro-kernel. Scratch: 98 vectors.
 */
export function winogradFilterProductsTask(desc: usize, task: i32, scratch: usize): void {
  const srcH = word(desc, SRC_H), srcW = word(desc, SRC_W), inC = word(desc, IN_C);
  const h = word(desc, IMG_H), w = word(desc, IMG_W), outC = word(desc, OUT_C);
  const tilesW = word(desc, TILES_W), tilesPerImage = word(desc, TILES_H) * tilesW;
  const padTop = word(desc, PAD_TOP), padLeft = word(desc, PAD_LEFT);
  const block = word(desc, BLOCK);
  const range = taskRange(desc, task, word(desc, TILE_COUNT));
  const begin = <i32>range, end = <i32>(range >> 32);
  const src = <usize>word(desc, SRC), gradient = <usize>word(desc, GRADIENT);
  const srcPixelBytes = <usize>inC << 2, srcImageBytes = <usize>srcH * <usize>srcW * srcPixelBytes;
  const pixelBytes = <usize>outC << 2, imageBytes = <usize>h * <usize>w * pixelBytes;
  const slivers = (inC + MR - 1) / MR, panels = (outC + NR - 1) / NR;
  const partial = <usize>word(desc, WORK) + <usize>task * <usize>word(desc, WORK_BYTES);
  const partialElementBytes = <usize>(inC * outC) << 2;
  const v = partial + 36 * partialElementBytes;
  const sliverBytes = <usize>(MR * block) << 2, vElementBytes = <usize>slivers * sliverBytes;
  const dm = v + 36 * vElementBytes;
  const panelBytes = <usize>(NR * block) << 2, dmElementBytes = <usize>panels * panelBytes;
  const patch = scratch, rows = scratch + 36 * VEC, staged = rows + 36 * VEC, edge = staged + 36 * VEC;

  for (let b0 = begin; b0 < end; b0 += block) {
    const count = min(block, end - b0);
    for (let t = 0; t < count; t++) {
      const g = b0 + t;
      const image = g / tilesPerImage, rest = g % tilesPerImage;
      const oh0 = (rest / tilesW) * 4, ow0 = (rest % tilesW) * 4;
      const tileV = v + (<usize>(t * MR) << 2);
      for (let c = 0; c < inC; c += 4) {
        const n = min(4, inC - c);
        transformInputTile(src + <usize>image * srcImageBytes, srcH, srcW, srcPixelBytes, oh0 - padTop, ow0 - padLeft, c, n, patch, rows, staged);
        // Channel c + l is row (c + l) % MR of sliver (c + l) / MR.
        const at0 = tileV + laneOffset(c, sliverBytes), at1 = tileV + laneOffset(c + 1, sliverBytes);
        const at2 = tileV + laneOffset(c + 2, sliverBytes), at3 = tileV + laneOffset(c + 3, sliverBytes);
        for (let e = 0; e < 36; e++) {
          const value = v128.load(staged + <usize>e * VEC);
          const offset = <usize>e * vElementBytes;
          store<f32>(at0 + offset, f32x4.extract_lane(value, 0));
          if (n > 1) store<f32>(at1 + offset, f32x4.extract_lane(value, 1));
          if (n > 2) store<f32>(at2 + offset, f32x4.extract_lane(value, 2));
          if (n > 3) store<f32>(at3 + offset, f32x4.extract_lane(value, 3));
        }
      }
      const tileDm = dm + (<usize>(t * NR) << 2);
      for (let c = 0; c < outC; c += 4) {
        const n = min(4, outC - c);
        transformGradientTile(gradient + <usize>image * imageBytes, h, w, pixelBytes, oh0, ow0, c, n, patch, rows, staged);
        // Four channels stay within one panel; the missing lanes are zero.
        const at = tileDm + <usize>(c / NR) * panelBytes + (<usize>(c % NR) << 2);
        for (let e = 0; e < 36; e++) v128.store(at + <usize>e * dmElementBytes, v128.load(staged + <usize>e * VEC));
      }
    }
    const accumulate = b0 != begin;
    for (let e = 0; e < 36; e++) {
      const du = partial + <usize>e * partialElementBytes;
      for (let panel = 0; panel < panels; panel++) {
        const pb = dm + <usize>e * dmElementBytes + <usize>panel * panelBytes;
        const nr = min(NR, outC - panel * NR);
        for (let sliver = 0; sliver < slivers; sliver++) {
          const pa = v + <usize>e * vElementBytes + <usize>sliver * sliverBytes;
          const c = du + (<usize>(sliver * MR * outC + panel * NR) << 2);
          microKernel(count, pa, pb, c, pixelBytes, accumulate, min(MR, inC - sliver * MR), nr, edge);
        }
      }
    }
  }
}

/**
 * Filter transform `U = G g Gᵀ` of the HWIO 3x3 filter at SRC (`[3, 3, IN_C, OUT_C]`) into DST, rows
 * `task·PER_TASK ..` of FILTER_ROWS, packed as the SGEMM packs B: per element e, panels of NR
 * columns, each `FILTER_ROWS` groups of NR floats (columns past FILTER_COLS are zero or left as
 * they were: they only feed products that are never stored). FLIP 0: rows are input channels and
 * columns output channels (the forward pass). FLIP 1: the filter of the input gradient, rotated by
 * 180 degrees with its channel axes swapped: rows are output channels, columns input channels.
 * Scratch: 27 vectors.
 */
export function winogradFilterTask(desc: usize, task: i32, scratch: usize): void {
  const rowsTotal = word(desc, FILTER_ROWS), cols = word(desc, FILTER_COLS);
  const inC = word(desc, IN_C), outC = word(desc, OUT_C);
  const flip = word(desc, FLIP) != 0;
  const range = taskRange(desc, task, rowsTotal);
  const src = <usize>word(desc, SRC), dst = <usize>word(desc, DST);
  const tapBytes = <usize>(inC * outC) << 2;
  const panelBytes = <usize>(rowsTotal * NR) << 2;
  const elementBytes = <usize>((cols + NR - 1) / NR) * panelBytes;
  const patch = scratch, rows = scratch + 9 * VEC;
  for (let row = <i32>range; row < <i32>(range >> 32); row++) {
    for (let col = 0; col < cols; col += 4) {
      const n = min(4, cols - col);
      for (let tap = 0; tap < 9; tap++) {
        const p = patch + <usize>tap * VEC;
        if (flip) {
          // g'[kh][kw][co = row][ci = col] = g[2 - kh][2 - kw][ci][co]: columns are OUT_C floats apart.
          v128.store(p, gatherChannels(src + <usize>(8 - tap) * tapBytes + (<usize>(col * outC + row) << 2), <usize>outC << 2, n));
        } else {
          v128.store(p, loadChannels(src + <usize>tap * tapBytes + (<usize>(row * outC + col) << 2), n));
        }
      }
      for (let kh = 0; kh < 3; kh++) filterTransform3(patch + <usize>kh * 3 * VEC, VEC, rows + <usize>kh * 6 * VEC, VEC);
      // Four columns stay within one panel (col is a multiple of 4); the missing lanes are zero.
      const out = dst + <usize>(col / NR) * panelBytes + (<usize>(row * NR + col % NR) << 2);
      for (let j = 0; j < 6; j++) filterTransform3(rows + <usize>j * VEC, 6 * VEC, out + <usize>j * elementBytes, 6 * elementBytes);
    }
  }
}

/**
 * `dg = Gᵀ dU G`, the adjoint of the filter transform, of the sum of the PARTIALS partial `dU`
 * (`[36][IN_C][OUT_C]` at `WORK + p·WORK_BYTES`, see {@link winogradFilterProductsTask}) into the
 * HWIO filter gradient at DST, input-channel rows `task·PER_TASK ..`: the tasks' partial sums are
 * added here, in parallel over rows, not in a serial pass of their own. Scratch: 63 vectors.
 */
export function winogradFilterGradientTask(desc: usize, task: i32, scratch: usize): void {
  const inC = word(desc, IN_C), outC = word(desc, OUT_C);
  const range = taskRange(desc, task, inC);
  const src = <usize>word(desc, WORK), dst = <usize>word(desc, DST);
  const partials = word(desc, PARTIALS), partialBytes = <usize>word(desc, WORK_BYTES);
  const tapBytes = <usize>(inC * outC) << 2;
  const patch = scratch, rows = scratch + 36 * VEC, out = scratch + 54 * VEC;
  let check = f32x4.splat(0);
  for (let row = <i32>range; row < <i32>(range >> 32); row++) {
    for (let col = 0; col < outC; col += 4) {
      const n = min(4, outC - col);
      const u = src + (<usize>(row * outC + col) << 2);
      for (let e = 0; e < 36; e++) {
        let sum = loadChannels(u + <usize>e * tapBytes, n);
        for (let p = 1; p < partials; p++) sum = f32x4.add(sum, loadChannels(u + <usize>p * partialBytes + <usize>e * tapBytes, n));
        v128.store(patch + <usize>e * VEC, sum);
      }
      for (let i = 0; i < 6; i++) filterGradient6(patch + <usize>i * 6 * VEC, VEC, rows + <usize>i * 3 * VEC, VEC);
      for (let kw = 0; kw < 3; kw++) filterGradient6(rows + <usize>kw * VEC, 3 * VEC, out + <usize>kw * VEC, 3 * VEC);
      for (let tap = 0; tap < 9; tap++) {
        const value = v128.load(out + <usize>tap * VEC);
        check = f32x4.add(check, f32x4.sub(value, value));
      }
      storeStaged(out, 9, dst + (<usize>(row * outC + col) << 2), tapBytes, n);
    }
  }
  reportNonFinite(desc, check);
}
