/**
 * `select` (cond ? a : b for 32-bit elements, each operand a full array or one scalar) and `cast`
 * between float32, int32 and bool, four elements per vector.
 */

@inline function word(desc: usize, index: i32): i32 {
  return load<i32>(desc + (<usize>index << 2));
}

// select descriptor words, mirrored in src/backend/wasm/select-cast.ts. *_SCALAR: 1 when that operand is one element.
const COND = 0, A = 1, B = 2, OUT = 3, N = 4, PER_TASK = 5, COND_SCALAR = 6, A_SCALAR = 7, B_SCALAR = 8;

/** Four bool bytes at `p` as four 32-bit lane masks (all ones where the byte is non-zero). */
@inline function boolMask(p: usize): v128 {
  const bytes = v128.load32_zero(p);
  return i32x4.ne(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(bytes)), i32x4.splat(0));
}

/** Elements `task·PER_TASK ...` of `out = cond ? a : b`. */
export function selectTask(desc: usize, task: i32, scratch: usize): void {
  const n = word(desc, N), perTask = word(desc, PER_TASK);
  const cond = <usize>word(desc, COND), a = <usize>word(desc, A), b = <usize>word(desc, B), out = <usize>word(desc, OUT);
  const condScalar = word(desc, COND_SCALAR) != 0, aScalar = word(desc, A_SCALAR) != 0, bScalar = word(desc, B_SCALAR) != 0;
  const as = v128.load32_splat(a), bs = v128.load32_splat(b);
  const cs = i32x4.splat(load<u8>(cond) != 0 ? -1 : 0);
  const begin = task * perTask, end = min(n, begin + perTask);
  let i = begin;
  for (; i + 4 <= end; i += 4) {
    const off = <usize>i << 2;
    const mask = condScalar ? cs : boolMask(cond + <usize>i);
    v128.store(out + off, v128.bitselect(aScalar ? as : v128.load(a + off), bScalar ? bs : v128.load(b + off), mask));
  }
  for (; i < end; i++) {
    const off = <usize>i << 2;
    const c = load<u8>(cond + (condScalar ? 0 : <usize>i)) != 0;
    store<i32>(out + off, c ? load<i32>(a + (aScalar ? 0 : off)) : load<i32>(b + (bScalar ? 0 : off)));
  }
}

// cast descriptor words and modes, mirrored in src/backend/wasm/select-cast.ts.
const MODE = 0, X = 1, CAST_OUT = 2, CAST_N = 3, CAST_PER_TASK = 4;
const F32_TO_I32 = 0, I32_TO_F32 = 1, F32_TO_BOOL = 2, I32_TO_BOOL = 3, BOOL_TO_F32 = 4, BOOL_TO_I32 = 5;

/**
 * JavaScript's conversion of a float to int32 (what assigning `Math.trunc(v)` to an Int32Array does):
 * NaN and infinities give 0, other values wrap modulo 2^32.
 */
function toInt32(v: f32): i32 {
  if (!isFinite(v)) return 0;
  const t = Math.trunc(<f64>v);
  // Exact in float64: t is an integer below 2^128 and the result lies in [0, 2^32).
  const wrapped = t - Math.floor(t / 4294967296.0) * 4294967296.0;
  return <i32><i64>wrapped;
}

/** Four lane masks as four 0/1 bytes in one i32. */
@inline function maskBytes(mask: v128): i32 {
  const narrow = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(mask, mask), mask);
  return i32x4.extract_lane(v128.and(narrow, i8x16.splat(1)), 0);
}

@inline function castScalar(mode: i32, x: usize, out: usize, i: usize): void {
  switch (mode) {
    case F32_TO_I32: store<i32>(out + (i << 2), toInt32(load<f32>(x + (i << 2)))); break;
    case I32_TO_F32: store<f32>(out + (i << 2), <f32>load<i32>(x + (i << 2))); break;
    case F32_TO_BOOL: store<u8>(out + i, <u8>(load<f32>(x + (i << 2)) != 0)); break;
    case I32_TO_BOOL: store<u8>(out + i, <u8>(load<i32>(x + (i << 2)) != 0)); break;
    case BOOL_TO_F32: store<f32>(out + (i << 2), <f32>load<u8>(x + i)); break;
    default: store<i32>(out + (i << 2), <i32>load<u8>(x + i)); // BOOL_TO_I32
  }
}

/** Elements `task·CAST_PER_TASK ...` (a multiple of 4 per task) converted by MODE. */
export function castTask(desc: usize, task: i32, scratch: usize): void {
  const mode = word(desc, MODE), n = word(desc, CAST_N), perTask = word(desc, CAST_PER_TASK);
  const x = <usize>word(desc, X), out = <usize>word(desc, CAST_OUT);
  const begin = task * perTask, end = min(n, begin + perTask);
  let i = begin;
  for (; i + 4 <= end; i += 4) {
    const w = <usize>i << 2, b = <usize>i;
    switch (mode) {
      case F32_TO_I32: {
        const v = v128.load(x + w);
        // trunc_sat agrees with JavaScript below 2^31 in magnitude; other lanes wrap (or are NaN/Inf) one by one.
        if (i32x4.all_true(f32x4.lt(f32x4.abs(v), f32x4.splat(2147483648.0)))) v128.store(out + w, i32x4.trunc_sat_f32x4_s(v));
        else for (let k: usize = 0; k < 4; k++) castScalar(mode, x, out, b + k);
        break;
      }
      case I32_TO_F32: v128.store(out + w, f32x4.convert_i32x4_s(v128.load(x + w))); break;
      case F32_TO_BOOL: store<i32>(out + b, maskBytes(f32x4.ne(v128.load(x + w), f32x4.splat(0)))); break;
      case I32_TO_BOOL: store<i32>(out + b, maskBytes(i32x4.ne(v128.load(x + w), i32x4.splat(0)))); break;
      case BOOL_TO_F32: v128.store(out + w, f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(x + b))))); break;
      default: v128.store(out + w, i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(x + b)))); // BOOL_TO_I32
    }
  }
  for (; i < end; i++) castScalar(mode, x, out, <usize>i);
}
