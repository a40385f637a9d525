/**
 * Packing for SGEMM: copies blocks of A and B into the layouts the micro-kernel streams through
 * (contiguous, zero-padded to whole micro-tiles), whatever the source layout (plain or transposed,
 * any leading dimension). Packing is O(k·(m+n)) and makes the O(m·n·k) part read memory linearly.
 */
import { MR, NR } from './gemm-micro';
import { storeTransposed4x4 } from './transpose4';

/**
 * Packs columns `col0 .. col0+NR` (fewer at the right edge, zero-padded) of `op(B)` for every k into
 * `dst` as `k` groups of NR floats. `B` is `[k, ldb]` row-major, or `[n, ldb]` when `transB`.
 */
export function packBPanel(b: usize, ldb: i32, transB: bool, k: i32, n: i32, col0: i32, dst: usize): void {
  const cols = min(NR, n - col0);
  const rowBytes = <usize>ldb << 2;
  if (!transB) {
    let src = b + (<usize>col0 << 2);
    if (cols == NR) {
      for (let p = 0; p < k; p++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        src += rowBytes;
        dst += NR << 2;
      }
    } else {
      for (let p = 0; p < k; p++) {
        for (let j = 0; j < NR; j++) store<f32>(dst + (<usize>j << 2), j < cols ? load<f32>(src + (<usize>j << 2)) : 0);
        src += rowBytes;
        dst += NR << 2;
      }
    }
    return;
  }
  // transB: column j of op(B) is row col0+j of B; read 4 k-values from each of 8 rows and transpose.
  const base = b + <usize>col0 * rowBytes;
  let p = 0;
  if (cols == NR) {
    for (; p + 4 <= k; p += 4) {
      const src = base + (<usize>p << 2);
      const out = dst + (<usize>p * NR << 2);
      storeTransposed4x4(v128.load(src), v128.load(src + rowBytes), v128.load(src + 2 * rowBytes), v128.load(src + 3 * rowBytes), out, NR << 2);
      const src4 = src + 4 * rowBytes;
      storeTransposed4x4(v128.load(src4), v128.load(src4 + rowBytes), v128.load(src4 + 2 * rowBytes), v128.load(src4 + 3 * rowBytes), out + 16, NR << 2);
    }
  }
  for (; p < k; p++) {
    const out = dst + (<usize>p * NR << 2);
    const src = base + (<usize>p << 2);
    for (let j = 0; j < NR; j++) store<f32>(out + (<usize>j << 2), j < cols ? load<f32>(src + <usize>j * rowBytes) : 0);
  }
}

/**
 * Packs rows `row0 .. row0+mc` and inner indices `k0 .. k0+kc` of `op(A)` into `dst` as ceil(mc/MR)
 * slivers of `kc` groups of MR floats (rows past `m` are zero). `A` is `[m, lda]`, or `[k, lda]` when `transA`.
 */
export function packABlock(a: usize, lda: i32, transA: bool, m: i32, row0: i32, mc: i32, k0: i32, kc: i32, dst: usize): void {
  const rowBytes = <usize>lda << 2;
  const groupBytes: usize = MR << 2;
  for (let r = 0; r < mc; r += MR) {
    const i0 = row0 + r;
    const rows = min(MR, m - i0);
    const out = dst + <usize>(r / MR) * <usize>kc * groupBytes;
    if (rows < MR) {
      packPartialSliver(a, rowBytes, transA, i0, rows, k0, kc, out);
    } else if (transA) {
      // Row i of op(A) is column i of A: each k step reads MR adjacent floats.
      let src = a + <usize>k0 * rowBytes + (<usize>i0 << 2);
      let o = out;
      for (let p = 0; p < kc; p++) {
        v128.store(o, v128.load(src));
        store<f32>(o, load<f32>(src, 16), 16);
        src += rowBytes;
        o += groupBytes;
      }
    } else {
      // Four k steps at a time: transpose rows 0-3 in registers, scatter row 4's lanes.
      const src = a + <usize>i0 * rowBytes + (<usize>k0 << 2);
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        const s = src + (<usize>p << 2);
        const o = out + <usize>p * groupBytes;
        storeTransposed4x4(v128.load(s), v128.load(s + rowBytes), v128.load(s + 2 * rowBytes), v128.load(s + 3 * rowBytes), o, groupBytes);
        const r4 = v128.load(s + 4 * rowBytes);
        v128.store32_lane(o, r4, 0, 16);
        v128.store32_lane(o + groupBytes, r4, 1, 16);
        v128.store32_lane(o + 2 * groupBytes, r4, 2, 16);
        v128.store32_lane(o + 3 * groupBytes, r4, 3, 16);
      }
      for (; p < kc; p++) {
        const s = src + (<usize>p << 2);
        const o = out + <usize>p * groupBytes;
        for (let i = 0; i < MR; i++) store<f32>(o + (<usize>i << 2), load<f32>(s + <usize>i * rowBytes));
      }
    }
  }
}

/** The bottom sliver with fewer than MR rows left: scalar copies, zero padding. */
function packPartialSliver(a: usize, rowBytes: usize, transA: bool, i0: i32, rows: i32, k0: i32, kc: i32, out: usize): void {
  for (let p = 0; p < kc; p++) {
    const o = out + (<usize>(p * MR) << 2);
    for (let i = 0; i < MR; i++) {
      let v: f32 = 0;
      if (i < rows) {
        v = transA
          ? load<f32>(a + <usize>(k0 + p) * rowBytes + (<usize>(i0 + i) << 2))
          : load<f32>(a + <usize>(i0 + i) * rowBytes + (<usize>(k0 + p) << 2));
      }
      store<f32>(o + (<usize>i << 2), v);
    }
  }
}
