/**
 * SGEMM for narrow products, `C = op(A) · op(B)` with few columns (n < 16): Dense layers with few
 * units (x·W for 10 classes, and the weight gradient xᵀ·dy). The blocked GEMM (asm/gemm.ts) packs A
 * into 5-row slivers and pads n up to 8-column panels, which for n = 10 wastes 38% of the
 * multiplies and copies all of A once more; here A is read in place and only op(B) (n·k floats,
 * small) is packed. Two register tiles, chosen by how A is stored:
 *
 * - A not transposed (`[m, k]`, rows contiguous in k): dot products. A 2-row x 4-column tile of C is
 *   eight f32x4 accumulators of partial sums over k (two A vectors and four B vectors per four k),
 *   summed across lanes at the end; op(B) is packed per group of four columns as four 4-float runs
 *   of k per four inner indices, so the tile reads B through one pointer. (A 2x5 tile, 14 live
 *   vectors, ran at half the speed per flop: V8 spilled accumulators.)
 * - A transposed (`[k, m]`, contiguous in m): an 8-row x 4-column tile of C is eight accumulators
 *   over rows (two A vectors and four broadcast B values per k); op(B) is packed as `[k, nPad4]`; the
 *   tile is stored through 4x4 register transposes.
 *
 * Phase 1 (`gemmNarrowPackTask`) packs op(B) over ranges of k; phase 2 (`gemmNarrowTask`) computes
 * ranges of row tiles. FLAGS: bit 0 transA, bit 1 transB, bit 2 accumulate.
 */
import { storeTransposed4x4 } from './transpose4';
import { madd4 } from './madd';

// Descriptor words, mirrored in src/backend/wasm/gemm-narrow.ts.
const A = 0, B = 1, C = 2, M = 3, N = 4, K = 5, LDA = 6, LDB = 7, LDC = 8, FLAGS = 9;
const PACKED = 10, N_PAD = 11, UNITS_PER_TASK = 12, K_PER_PACK_TASK = 13;

/** Columns per dot-product tile; rows per dot-product tile. */
const DOT_COLS = 4, DOT_ROWS = 2;
/** Inner indices per block of the dot-product kernel (a multiple of 4): 16 x 1024 floats of B is 64 KiB. */
const DOT_K_BLOCK = 1024;
/** Rows per transposed-A tile (two vectors); columns per transposed-A tile. */
const AXPY_ROWS = 8, AXPY_COLS = 4;

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

@inline function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

@inline function put(dst: usize, value: f32, accumulate: bool): void {
  store<f32>(dst, accumulate ? load<f32>(dst) + value : value);
}

/** Phase 1: packs op(B) for inner indices `task·K_PER_PACK_TASK ...`. */
export function gemmNarrowPackTask(desc: usize, task: i32, scratch: usize): void {
  const n = word(desc, N), k = word(desc, K), ldb = word(desc, LDB), nPad = word(desc, N_PAD);
  const flags = word(desc, FLAGS);
  const transB = (flags & 2) != 0;
  const per = word(desc, K_PER_PACK_TASK);
  const p0 = task * per, p1 = min(k, p0 + per);
  const b = <usize>word(desc, B), packed = <usize>word(desc, PACKED);
  const ldbBytes = <usize>ldb << 2;
  if ((flags & 1) == 0) {
    // Dot-product layout: per group of DOT_COLS columns, per four inner indices, DOT_COLS vectors
    // of four consecutive k values of one column (zero past k and n).
    const kPad = (k + 3) & ~3;
    for (let g = 0; g < nPad / DOT_COLS; g++) {
      const j0 = g * DOT_COLS;
      const fullGroup = j0 + DOT_COLS <= n;
      for (let q = p0; q < p1; q += 4) {
        const dst = packed + (<usize>(g * kPad * DOT_COLS + q * DOT_COLS) << 2);
        if (fullGroup && q + 4 <= k) {
          if (transB) {
            // op(B) column j is row j of B.
            const src = b + <usize>j0 * ldbBytes + (<usize>q << 2);
            v128.store(dst, v128.load(src));
            v128.store(dst, v128.load(src + ldbBytes), 16);
            v128.store(dst, v128.load(src + 2 * ldbBytes), 32);
            v128.store(dst, v128.load(src + 3 * ldbBytes), 48);
          } else {
            const src = b + <usize>q * ldbBytes + (<usize>j0 << 2);
            storeTransposed4x4(v128.load(src), v128.load(src + ldbBytes), v128.load(src + 2 * ldbBytes), v128.load(src + 3 * ldbBytes), dst, 16);
          }
          continue;
        }
        for (let jj = 0; jj < DOT_COLS; jj++) {
          for (let r = 0; r < 4; r++) {
            const p = q + r, j = j0 + jj;
            let v: f32 = 0;
            if (p < k && j < n) v = transB ? load<f32>(b + <usize>j * ldbBytes + (<usize>p << 2)) : load<f32>(b + <usize>p * ldbBytes + (<usize>j << 2));
            store<f32>(dst + (<usize>(jj * 4 + r) << 2), v);
          }
        }
      }
    }
    return;
  }
  // Transposed-A layout [k, nPad]: row p is row p of op(B), zero-padded.
  const rowBytes = <usize>nPad << 2;
  for (let p = p0; p < p1; p++) {
    const dst = packed + <usize>p * rowBytes;
    for (let j = 0; j < nPad; j++) {
      let v: f32 = 0;
      if (j < n) v = transB ? load<f32>(b + <usize>j * ldbBytes + (<usize>p << 2)) : load<f32>(b + <usize>p * ldbBytes + (<usize>j << 2));
      store<f32>(dst + (<usize>j << 2), v);
    }
  }
}

/**
 * Rows `i`, `i + 1` (the second clamped to the last row) x the DOT_COLS columns of group `g` of C by
 * dot products over inner indices `p0 .. p1` (`p0` a multiple of 4), added to C when `accumulate`.
 */
function dotTile(desc: usize, i: i32, g: i32, p0: i32, p1: i32, accumulate: bool): void {
  const m = word(desc, M), n = word(desc, N), k = word(desc, K);
  const ldaBytes = <usize>word(desc, LDA) << 2, ldcBytes = <usize>word(desc, LDC) << 2;
  const kPad = (k + 3) & ~3;
  let a0 = <usize>word(desc, A) + <usize>i * ldaBytes + (<usize>p0 << 2);
  let a1 = <usize>word(desc, A) + <usize>min(i + 1, m - 1) * ldaBytes + (<usize>p0 << 2);
  let pb = <usize>word(desc, PACKED) + (<usize>(g * kPad * DOT_COLS + p0 * DOT_COLS) << 2);
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0), c03 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0), c12 = f32x4.splat(0), c13 = f32x4.splat(0);
  const quads = (p1 - p0) >> 2;
  for (let q = 0; q < quads; q++) {
    const x0 = v128.load(a0), x1 = v128.load(a1);
    let b = v128.load(pb);
    c00 = madd4(c00, x0, b); c10 = madd4(c10, x1, b);
    b = v128.load(pb, 16);
    c01 = madd4(c01, x0, b); c11 = madd4(c11, x1, b);
    b = v128.load(pb, 32);
    c02 = madd4(c02, x0, b); c12 = madd4(c12, x1, b);
    b = v128.load(pb, 48);
    c03 = madd4(c03, x0, b); c13 = madd4(c13, x1, b);
    a0 += 16;
    a1 += 16;
    pb += DOT_COLS * 16;
  }
  let s00 = hsum(c00), s01 = hsum(c01), s02 = hsum(c02), s03 = hsum(c03);
  let s10 = hsum(c10), s11 = hsum(c11), s12 = hsum(c12), s13 = hsum(c13);
  // The last k % 4 products (p1 == k), one at a time, from the zero-padded last quad of B.
  const rest = (p1 - p0) & 3;
  for (let r = 0; r < rest; r++) {
    const o = <usize>r << 2;
    const x0 = load<f32>(a0 + o), x1 = load<f32>(a1 + o);
    let b = load<f32>(pb + o);
    s00 += x0 * b; s10 += x1 * b;
    b = load<f32>(pb + 16 + o);
    s01 += x0 * b; s11 += x1 * b;
    b = load<f32>(pb + 32 + o);
    s02 += x0 * b; s12 += x1 * b;
    b = load<f32>(pb + 48 + o);
    s03 += x0 * b; s13 += x1 * b;
  }
  const j0 = g * DOT_COLS;
  const cols = min(DOT_COLS, n - j0);
  const row0 = <usize>word(desc, C) + <usize>i * ldcBytes + (<usize>j0 << 2);
  put(row0, s00, accumulate);
  if (cols > 1) put(row0 + 4, s01, accumulate);
  if (cols > 2) put(row0 + 8, s02, accumulate);
  if (cols > 3) put(row0 + 12, s03, accumulate);
  if (i + 1 >= m) return;
  const row1 = row0 + ldcBytes;
  put(row1, s10, accumulate);
  if (cols > 1) put(row1 + 4, s11, accumulate);
  if (cols > 2) put(row1 + 8, s12, accumulate);
  if (cols > 3) put(row1 + 12, s13, accumulate);
}

/** Rows `i .. i + 8` x columns `j0 .. j0 + 4` of C from transposed A (all eight rows exist). */
function axpyTile(desc: usize, i: i32, j0: i32, tile: usize): void {
  const n = word(desc, N), k = word(desc, K), nPad = word(desc, N_PAD);
  const ldaBytes = <usize>word(desc, LDA) << 2, ldcBytes = <usize>word(desc, LDC) << 2;
  const accumulate = (word(desc, FLAGS) & 4) != 0;
  let a = <usize>word(desc, A) + (<usize>i << 2);
  let pb = <usize>word(desc, PACKED) + (<usize>j0 << 2);
  const pbStep = <usize>nPad << 2;
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0), c03 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0), c12 = f32x4.splat(0), c13 = f32x4.splat(0);
  for (let p = 0; p < k; p++) {
    const x0 = v128.load(a), x1 = v128.load(a, 16);
    let s = v128.load32_splat(pb);
    c00 = madd4(c00, x0, s); c10 = madd4(c10, x1, s);
    s = v128.load32_splat(pb, 4);
    c01 = madd4(c01, x0, s); c11 = madd4(c11, x1, s);
    s = v128.load32_splat(pb, 8);
    c02 = madd4(c02, x0, s); c12 = madd4(c12, x1, s);
    s = v128.load32_splat(pb, 12);
    c03 = madd4(c03, x0, s); c13 = madd4(c13, x1, s);
    a += ldaBytes;
    pb += pbStep;
  }
  const c = <usize>word(desc, C) + <usize>i * ldcBytes + (<usize>j0 << 2);
  const cols = min(AXPY_COLS, n - j0);
  if (cols == AXPY_COLS && !accumulate) {
    storeTransposed4x4(c00, c01, c02, c03, c, ldcBytes);
    storeTransposed4x4(c10, c11, c12, c13, c + 4 * ldcBytes, ldcBytes);
    return;
  }
  // Partial column chunk or accumulation: through an 8x4 tile in scratch.
  storeTransposed4x4(c00, c01, c02, c03, tile, 16);
  storeTransposed4x4(c10, c11, c12, c13, tile + 64, 16);
  for (let r = 0; r < AXPY_ROWS; r++) {
    for (let j = 0; j < cols; j++) put(c + <usize>r * ldcBytes + (<usize>j << 2), load<f32>(tile + (<usize>(r * 4 + j) << 2)), accumulate);
  }
}

/** Row `i` of C from transposed A, one scalar dot product per column (the last m % 8 rows). */
function axpyRow(desc: usize, i: i32): void {
  const n = word(desc, N), k = word(desc, K), nPad = word(desc, N_PAD);
  const ldaBytes = <usize>word(desc, LDA) << 2;
  const accumulate = (word(desc, FLAGS) & 4) != 0;
  const a = <usize>word(desc, A) + (<usize>i << 2);
  const packed = <usize>word(desc, PACKED);
  const c = <usize>word(desc, C) + <usize>i * (<usize>word(desc, LDC) << 2);
  for (let j = 0; j < n; j++) {
    let s: f32 = 0;
    for (let p = 0; p < k; p++) s += load<f32>(a + <usize>p * ldaBytes) * load<f32>(packed + (<usize>(p * nPad + j) << 2));
    put(c + (<usize>j << 2), s, accumulate);
  }
}

/** Phase 2: row tiles `task·UNITS_PER_TASK ...` of C (pairs of rows, or groups of eight with transposed A). */
export function gemmNarrowTask(desc: usize, task: i32, scratch: usize): void {
  const m = word(desc, M), nPad = word(desc, N_PAD), per = word(desc, UNITS_PER_TASK);
  const transA = (word(desc, FLAGS) & 1) != 0;
  const rowsPerUnit = transA ? AXPY_ROWS : DOT_ROWS;
  const first = task * per * rowsPerUnit;
  const last = min(m, first + per * rowsPerUnit);
  if (!transA) {
    // Blocks of k keep the B block (nPad x DOT_K_BLOCK floats) in L1 while every row of the task
    // passes over it; later blocks add to what the first wrote.
    const k = word(desc, K);
    const accumulate = (word(desc, FLAGS) & 4) != 0;
    for (let p0 = 0; p0 < max(k, 1); p0 += DOT_K_BLOCK) {
      const p1 = min(k, p0 + DOT_K_BLOCK);
      for (let i = first; i < last; i += DOT_ROWS) {
        for (let g = 0; g < nPad / DOT_COLS; g++) dotTile(desc, i, g, p0, p1, accumulate || p0 > 0);
      }
    }
    return;
  }
  let i = first;
  for (; i + AXPY_ROWS <= last; i += AXPY_ROWS) {
    for (let j0 = 0; j0 < nPad; j0 += AXPY_COLS) axpyTile(desc, i, j0, scratch);
  }
  for (; i < last; i++) axpyRow(desc, i);
}
