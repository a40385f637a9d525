/**
 * The reductions asm/reduce.ts does not cover: argmax/argmin (float32 or int32 in, int32 out),
 * logSumExp and prod (float32), any/all (any dtype in, bool out), sum/max/min of int32 (sums wrap
 * like the reference's float64 total under ToInt32 while |total| < 2^53), over the middle axis of an
 * `[outer, size, inner]` view; and softmax / log-softmax along a non-last axis (inner > 1).
 * Semantics follow the reference kernels (src/backend/js/reduce.ts): the first extremum wins ties,
 * the first NaN wins over numbers, products and sums of exponentials accumulate in float64.
 */
import { exp4, log64 } from './vector-math';
import { rowMax, rowSumExp } from './row-math';
import { argColumns, argmaxRowF32, argmaxRowI32, argminRowF32, argminRowI32 } from './arg-extremum';

// Op codes, mirrored in src/backend/wasm/reduce-extra.ts.
const ARGMAX = 0, ARGMIN = 1, LOG_SUM_EXP = 2, PROD = 3, ANY = 4, ALL = 5, I_SUM = 6, I_MAX = 7, I_MIN = 8;
// Element types of x.
const F32 = 0, I32 = 1;
// Descriptor words (as asm/reduce.ts plus the dtype).
const OP = 0, X = 1, OUT = 2, OUTER = 3, SIZE = 4, INNER = 5, PER_TASK = 6, DTYPE = 7;
/** Columns per unit when inner > 1 (scratch holds a block of float64 sums and float32 maxima). */
const BLOCK: i32 = 512;

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

/** Product of `n` contiguous floats, in float64. */
function prodRow(x: usize, n: i32): f64 {
  let lo = f64x2.splat(1), hi = f64x2.splat(1);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(at(x, i));
    lo = f64x2.mul(lo, f64x2.promote_low_f32x4(v));
    hi = f64x2.mul(hi, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)));
  }
  const both = f64x2.mul(lo, hi);
  let p = f64x2.extract_lane(both, 0) * f64x2.extract_lane(both, 1);
  for (; i < n; i++) p *= <f64>load<f32>(at(x, i));
  return p;
}

/** Whether element `i` (of `dtype`, at row pointer `x`) is truthy as JavaScript tests it (NaN and ±0 are not). */
@inline function truthy(dtype: i32, x: usize, i: i32): bool {
  if (dtype == F32) return abs(load<f32>(at(x, i))) > 0;
  if (dtype == I32) return load<i32>(at(x, i)) != 0;
  return load<u8>(x + <usize>i) != 0;
}

/** any (`wantAll` false) or all of `n` elements `stride` elements apart. */
function anyAllLine(wantAll: bool, dtype: i32, x: usize, n: i32, stride: i32): u8 {
  for (let j = 0; j < n; j++) {
    if (truthy(dtype, x, j * stride) != wantAll) return wantAll ? 0 : 1;
  }
  return wantAll ? 1 : 0;
}

/** logSumExp of columns `[0, width)`: maxima (float32) then float64 sums of exponentials in scratch. */
function logSumExpColumns(x: usize, out: usize, size: i32, inner: i32, width: i32, scratch: usize): void {
  const maxima = scratch, sums = scratch + (<usize>BLOCK << 2);
  columnMaxima(x, maxima, size, inner, width);
  columnSumExp(x, 0, maxima, sums, size, inner, width);
  for (let i = 0; i < width; i++) {
    const m = load<f32>(at(maxima, i));
    store<f32>(at(out, i), isFinite(m) ? <f32>(<f64>m + log64(load<f64>(sums + (<usize>i << 3)))) : m);
  }
}

function columnMaxima(x: usize, maxima: usize, size: i32, inner: i32, width: i32): void {
  const stride = <usize>inner << 2;
  for (let i = 0; i < width; i++) store<f32>(at(maxima, i), -Infinity);
  for (let j = 0; j < size; j++) {
    const row = x + <usize>j * stride;
    let i = 0;
    for (; i + 4 <= width; i += 4) v128.store(at(maxima, i), f32x4.max(v128.load(at(maxima, i)), v128.load(at(row, i))));
    for (; i < width; i++) store<f32>(at(maxima, i), max(load<f32>(at(maxima, i)), load<f32>(at(row, i))));
  }
}

/** sums[i] = Σ_j e^(x[j, i] − maxima[i]) in float64; also writes the exponentials to `dst` unless it is 0. */
function columnSumExp(x: usize, dst: usize, maxima: usize, sums: usize, size: i32, inner: i32, width: i32): void {
  const stride = <usize>inner << 2;
  memory.fill(sums, 0, <usize>width << 3);
  for (let j = 0; j < size; j++) {
    const row = x + <usize>j * stride;
    const outRow = dst + <usize>j * stride;
    let i = 0;
    for (; i + 4 <= width; i += 4) {
      const e = exp4(f32x4.sub(v128.load(at(row, i)), v128.load(at(maxima, i))));
      if (dst != 0) v128.store(at(outRow, i), e);
      const acc = sums + (<usize>i << 3);
      v128.store(acc, f64x2.add(v128.load(acc), f64x2.promote_low_f32x4(e)));
      v128.store(acc, f64x2.add(v128.load(acc, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(e, e, 2, 3, 0, 1))), 16);
    }
    for (; i < width; i++) {
      const e = f32x4.extract_lane(exp4(f32x4.splat(load<f32>(at(row, i)) - load<f32>(at(maxima, i)))), 0);
      if (dst != 0) store<f32>(at(outRow, i), e);
      const acc = sums + (<usize>i << 3);
      store<f64>(acc, load<f64>(acc) + <f64>e);
    }
  }
}

function prodColumns(x: usize, out: usize, size: i32, inner: i32, width: i32, scratch: usize): void {
  const stride = <usize>inner << 2;
  for (let i = 0; i < width; i++) store<f64>(scratch + (<usize>i << 3), 1);
  for (let j = 0; j < size; j++) {
    const row = x + <usize>j * stride;
    for (let i = 0; i < width; i++) {
      const p = scratch + (<usize>i << 3);
      store<f64>(p, load<f64>(p) * <f64>load<f32>(at(row, i)));
    }
  }
  for (let i = 0; i < width; i++) store<f32>(at(out, i), <f32>load<f64>(scratch + (<usize>i << 3)));
}

/** Sum (wrapping), max or min of `n` contiguous int32 values; 0 when empty (the reference's ±Infinity stored as int32). */
function intRow(op: i32, x: usize, n: i32): i32 {
  if (n == 0) return 0;
  let acc = op == I_SUM ? i32x4.splat(0) : i32x4.splat(load<i32>(x));
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const v = v128.load(at(x, i));
    acc = op == I_SUM ? i32x4.add(acc, v) : op == I_MAX ? i32x4.max_s(acc, v) : i32x4.min_s(acc, v);
  }
  let r = i32x4.extract_lane(acc, 0);
  const r1 = i32x4.extract_lane(acc, 1), r2 = i32x4.extract_lane(acc, 2), r3 = i32x4.extract_lane(acc, 3);
  if (op == I_SUM) r = r + r1 + r2 + r3;
  else if (op == I_MAX) r = max(max(r, r1), max(r2, r3));
  else r = min(min(r, r1), min(r2, r3));
  for (; i < n; i++) {
    const v = load<i32>(at(x, i));
    r = op == I_SUM ? r + v : op == I_MAX ? max(r, v) : min(r, v);
  }
  return r;
}

/** Columns `[0, width)` of an int32 sum/max/min with row stride `inner`, accumulated in `out`. */
function intColumns(op: i32, x: usize, out: usize, size: i32, inner: i32, width: i32): void {
  if (size == 0) {
    memory.fill(out, 0, <usize>width << 2);
    return;
  }
  memory.copy(out, x, <usize>width << 2);
  const stride = <usize>inner << 2;
  for (let j = 1; j < size; j++) {
    const row = x + <usize>j * stride;
    let i = 0;
    for (; i + 4 <= width; i += 4) {
      const v = v128.load(at(row, i)), acc = v128.load(at(out, i));
      v128.store(at(out, i), op == I_SUM ? i32x4.add(acc, v) : op == I_MAX ? i32x4.max_s(acc, v) : i32x4.min_s(acc, v));
    }
    for (; i < width; i++) {
      const v = load<i32>(at(row, i)), acc = load<i32>(at(out, i));
      store<i32>(at(out, i), op == I_SUM ? acc + v : op == I_MAX ? max(acc, v) : min(acc, v));
    }
  }
}

function intSumRow(x: usize, n: i32): i32 { return intRow(I_SUM, x, n); }
function intMaxRow(x: usize, n: i32): i32 { return intRow(I_MAX, x, n); }
function intMinRow(x: usize, n: i32): i32 { return intRow(I_MIN, x, n); }

/** Rows `task·PER_TASK ...` (inner == 1) or units of (outer, column block) of the reduction. */
export function reduceExtraTask(desc: usize, task: i32, scratch: usize): void {
  const op = word(desc, OP), dtype = word(desc, DTYPE);
  const outer = word(desc, OUTER), size = word(desc, SIZE), inner = word(desc, INNER), perTask = word(desc, PER_TASK);
  const x = <usize>word(desc, X), out = <usize>word(desc, OUT);
  const elementBytes: i32 = dtype == F32 || dtype == I32 ? 4 : 1;
  if (inner == 1) {
    const end = min(outer, (task + 1) * perTask);
    for (let o = task * perTask; o < end; o++) {
      const row = x + <usize>o * <usize>size * <usize>elementBytes;
      if (op == ARGMAX || op == ARGMIN) {
        let r = 0;
        if (size > 0) {
          if (dtype == I32) r = op == ARGMAX ? argmaxRowI32(row, size) : argminRowI32(row, size);
          else r = op == ARGMAX ? argmaxRowF32(row, size) : argminRowF32(row, size);
        }
        store<i32>(at(out, o), r);
      } else if (op == LOG_SUM_EXP) {
        const m = rowMax(row, size);
        store<f32>(at(out, o), isFinite(m) ? <f32>(<f64>m + log64(rowSumExp(row, size, m))) : m);
      } else if (op == PROD) {
        store<f32>(at(out, o), <f32>prodRow(row, size));
      } else if (op >= I_SUM) {
        store<i32>(at(out, o), op == I_SUM ? intSumRow(row, size) : op == I_MAX ? intMaxRow(row, size) : intMinRow(row, size));
      } else {
        store<u8>(out + <usize>o, anyAllLine(op == ALL, dtype, row, size, 1));
      }
    }
    return;
  }
  const blocks = (inner + BLOCK - 1) / BLOCK;
  const end = min(outer * blocks, (task + 1) * perTask);
  for (let unit = task * perTask; unit < end; unit++) {
    const o = unit / blocks;
    const i0 = (unit % blocks) * BLOCK;
    const width = min(BLOCK, inner - i0);
    const first = <usize>(o * size * inner + i0);
    const src = x + first * <usize>elementBytes;
    const outIndex = o * inner + i0;
    if (op == ARGMAX || op == ARGMIN) {
      if (size > 0) argColumns(op == ARGMAX, dtype == I32, src, at(out, outIndex), size, inner, width, scratch);
      else memory.fill(at(out, outIndex), 0, <usize>width << 2);
    } else if (op == LOG_SUM_EXP) {
      logSumExpColumns(src, at(out, outIndex), size, inner, width, scratch);
    } else if (op == PROD) {
      prodColumns(src, at(out, outIndex), size, inner, width, scratch);
    } else if (op >= I_SUM) {
      intColumns(op, src, at(out, outIndex), size, inner, width);
    } else {
      for (let i = 0; i < width; i++) {
        store<u8>(out + <usize>(outIndex + i), anyAllLine(op == ALL, dtype, src + <usize>(i * elementBytes), size, inner));
      }
    }
  }
}

/**
 * Softmax (OP 0) or log-softmax (OP 1) along the middle axis when it is not last: units of
 * (outer, block of BLOCK columns); per column the maximum, then e^(x − max) written to out with
 * float64 sums, then the normalisation (log-softmax writes x − (max + log Σ) in float64).
 */
export function softmaxColumnsTask(desc: usize, task: i32, scratch: usize): void {
  const logSoftmax = word(desc, OP) == 1;
  const outer = word(desc, OUTER), size = word(desc, SIZE), inner = word(desc, INNER), perTask = word(desc, PER_TASK);
  const x = <usize>word(desc, X), out = <usize>word(desc, OUT);
  const maxima = scratch, sums = scratch + (<usize>BLOCK << 2), scales = sums + (<usize>BLOCK << 3);
  const stride = <usize>inner << 2;
  const blocks = (inner + BLOCK - 1) / BLOCK;
  const end = min(outer * blocks, (task + 1) * perTask);
  for (let unit = task * perTask; unit < end; unit++) {
    const o = unit / blocks;
    const i0 = (unit % blocks) * BLOCK;
    const width = min(BLOCK, inner - i0);
    const offset = <usize>(o * size * inner + i0) << 2;
    const src = x + offset, dst = out + offset;
    columnMaxima(src, maxima, size, inner, width);
    columnSumExp(src, dst, maxima, sums, size, inner, width);
    if (logSoftmax) {
      // The reference subtracts the max itself when it is not finite.
      for (let i = 0; i < width; i++) {
        const m = load<f32>(at(maxima, i));
        store<f64>(sums + (<usize>i << 3), isFinite(m) ? <f64>m + log64(load<f64>(sums + (<usize>i << 3))) : <f64>m);
      }
      for (let j = 0; j < size; j++) {
        const row = src + <usize>j * stride, outRow = dst + <usize>j * stride;
        for (let i = 0; i < width; i++) store<f32>(at(outRow, i), <f32>(<f64>load<f32>(at(row, i)) - load<f64>(sums + (<usize>i << 3))));
      }
    } else {
      for (let i = 0; i < width; i++) store<f32>(at(scales, i), <f32>(1.0 / load<f64>(sums + (<usize>i << 3))));
      for (let j = 0; j < size; j++) {
        const outRow = dst + <usize>j * stride;
        let i = 0;
        for (; i + 4 <= width; i += 4) v128.store(at(outRow, i), f32x4.mul(v128.load(at(outRow, i)), v128.load(at(scales, i))));
        for (; i < width; i++) store<f32>(at(outRow, i), load<f32>(at(outRow, i)) * load<f32>(at(scales, i)));
      }
    }
  }
}
