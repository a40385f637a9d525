/**
 * pow(a, b) per f32x4 lane with JavaScript's Math.pow semantics (1^NaN and (±1)^±Inf are NaN),
 * computed as e^(b·log|a|) in float64 lanes and rounded once to float32, so results agree with the
 * reference's float64 Math.pow to float32 rounding; the sign and NaN rules for negative bases and
 * b == 0 are applied per lane afterwards.
 */

const LN2: f64 = 0.6931471805599453;
const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const LOG2E: f64 = 1.4426950408889634;

/** log(d) per f64x2 lane for d >= 0 (0 gives −Inf, +Inf stays, NaN stays). */
@inline function log2x(d: v128): v128 {
  // Exponent and mantissa f in [1, 2) from the high word of each lane.
  const high = v128.shuffle<i32>(d, d, 1, 3, 1, 3);
  let e = i32x4.sub(v128.and(i32x4.shr_u(high, 20), i32x4.splat(0x7ff)), i32x4.splat(1023));
  let f = v128.or(v128.and(d, i64x2.splat(0x000fffffffffffff)), i64x2.splat(0x3ff0000000000000));
  const big = f64x2.gt(f, f64x2.splat(1.4142135623730951));
  f = v128.bitselect(f64x2.mul(f, f64x2.splat(0.5)), f, big);
  e = i32x4.sub(e, v128.shuffle<i32>(big, big, 0, 2, 0, 2));
  const one = f64x2.splat(1.0);
  const t = f64x2.div(f64x2.sub(f, one), f64x2.add(f, one));
  const t2 = f64x2.mul(t, t);
  // |t| < 0.1716: nine odd terms of 2·atanh(t) reach ~1e-16.
  let s = f64x2.splat(1.0 / 17.0);
  s = f64x2.add(f64x2.mul(s, t2), f64x2.splat(1.0 / 15.0));
  s = f64x2.add(f64x2.mul(s, t2), f64x2.splat(1.0 / 13.0));
  s = f64x2.add(f64x2.mul(s, t2), f64x2.splat(1.0 / 11.0));
  s = f64x2.add(f64x2.mul(s, t2), f64x2.splat(1.0 / 9.0));
  s = f64x2.add(f64x2.mul(s, t2), f64x2.splat(1.0 / 7.0));
  s = f64x2.add(f64x2.mul(s, t2), f64x2.splat(1.0 / 5.0));
  s = f64x2.add(f64x2.mul(s, t2), f64x2.splat(1.0 / 3.0));
  s = f64x2.add(f64x2.mul(s, t2), one);
  let r = f64x2.add(f64x2.mul(f64x2.convert_low_i32x4_s(e), f64x2.splat(LN2)), f64x2.mul(f64x2.add(t, t), s));
  r = v128.bitselect(f64x2.splat(-Infinity), r, f64x2.eq(d, f64x2.splat(0)));
  return v128.bitselect(d, r, v128.or(f64x2.eq(d, f64x2.splat(Infinity)), f64x2.ne(d, d)));
}

/** e^y per f64x2 lane, for results that will be rounded to float32 (y is clamped to ±200 first). */
@inline function exp2x(y: v128): v128 {
  y = f64x2.pmin(f64x2.pmax(y, f64x2.splat(-200.0)), f64x2.splat(200.0));
  const n = f64x2.nearest(f64x2.mul(y, f64x2.splat(LOG2E)));
  const r = f64x2.sub(f64x2.sub(y, f64x2.mul(n, f64x2.splat(LN2_HI))), f64x2.mul(n, f64x2.splat(LN2_LO)));
  // |r| <= 0.347: Taylor to degree 11 (the next term is below 1e-14 relative).
  let p = f64x2.splat(1.0 / 39916800.0);
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 3628800.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 362880.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 40320.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 5040.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 720.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 120.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 24.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0 / 6.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(0.5));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  p = f64x2.add(f64x2.mul(p, r), f64x2.splat(1.0));
  // 2^n for |n| <= 289: a normal float64 built from its exponent bits.
  const scale = i64x2.shl(i64x2.add(i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(n)), i64x2.splat(1023)), 52);
  return f64x2.mul(p, scale);
}

/** |a|^b for two lanes given as float64. */
@inline function powAbs2(a: v128, b: v128): v128 {
  return exp2x(f64x2.mul(b, log2x(f64x2.abs(a))));
}

/** Math.pow(a, b) per float32 lane, rounded to float32. */
@inline export function pow4(a: v128, b: v128): v128 {
  const aLo = f64x2.promote_low_f32x4(a), aHi = f64x2.promote_low_f32x4(v128.shuffle<f32>(a, a, 2, 3, 0, 1));
  const bLo = f64x2.promote_low_f32x4(b), bHi = f64x2.promote_low_f32x4(v128.shuffle<f32>(b, b, 2, 3, 0, 1));
  const lo = f32x4.demote_f64x2_zero(powAbs2(aLo, bLo));
  const hi = f32x4.demote_f64x2_zero(powAbs2(aHi, bHi));
  let r = v128.shuffle<f32>(lo, hi, 0, 1, 4, 5);
  const bFloor = f32x4.floor(b);
  const bFinite = f32x4.lt(f32x4.abs(b), f32x4.splat(Infinity));
  const bInteger = v128.and(f32x4.eq(bFloor, b), bFinite);
  const bOdd = v128.and(bInteger, f32x4.ne(f32x4.mul(f32x4.floor(f32x4.mul(b, f32x4.splat(0.5))), f32x4.splat(2.0)), b));
  // A negative base (−0 and −Inf included) with an odd integer exponent gives a negative result.
  const aSign = v128.and(v128.and(a, i32x4.splat(0x80000000)), f32x4.eq(a, a));
  r = v128.or(r, v128.and(aSign, bOdd));
  // A finite negative base with a finite non-integer exponent: NaN.
  const finiteNegative = v128.and(f32x4.lt(a, f32x4.splat(0)), f32x4.gt(a, f32x4.splat(-Infinity)));
  r = v128.bitselect(f32x4.splat(NaN), r, v128.and(finiteNegative, v128.andnot(bFinite, bInteger)));
  // Anything to the power 0 (NaN included) is 1.
  return v128.bitselect(f32x4.splat(1.0), r, f32x4.eq(b, f32x4.splat(0)));
}
