/**
 * f32x4 error function and trigonometric functions for asm/unary-math.ts.
 * erf: a Taylor polynomial below |x| = 0.5, above it 1 − erfc with the Chebyshev-fitted erfc of
 * Numerical Recipes (fractional error below 1.2e-7 everywhere), so both tiny and large arguments
 * keep their precision. sin/cos: the argument is reduced by π/2 in float64 (π/2 in two parts, exact
 * for |x| < 2^20·π/2), then Cephes' float32 polynomials on [−π/4, π/4].
 */
import { exp4 } from './vector-math';

/** erfc(z) for z >= 0 (or +Inf, NaN) per lane. */
@inline export function erfcPositive4(z: v128): v128 {
  const one = f32x4.splat(1.0);
  const t = f32x4.div(one, f32x4.add(one, f32x4.mul(z, f32x4.splat(0.5))));
  let p = f32x4.splat(0.17087277);
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(-0.82215223));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(1.48851587));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(-1.13520398));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(0.27886807));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(-0.18628806));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(0.09678418));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(0.37409196));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(1.00002368));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(-1.26551223));
  return f32x4.mul(t, exp4(f32x4.sub(p, f32x4.mul(z, z))));
}

/** erf(x) / x for |x| < 0.5: 2/√π · Σ (−x²)^n / (n!·(2n+1)), n <= 6. */
@inline export function erfSmallOverX4(x: v128): v128 {
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(1.0 / 9360.0);
  p = f32x4.sub(f32x4.mul(p, z), f32x4.splat(1.0 / 1320.0));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.0 / 216.0));
  p = f32x4.sub(f32x4.mul(p, z), f32x4.splat(1.0 / 42.0));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.0 / 10.0));
  p = f32x4.sub(f32x4.mul(p, z), f32x4.splat(1.0 / 3.0));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.0));
  return f32x4.mul(p, f32x4.splat(1.1283791670955126));
}

const SIGN = 0x80000000;

/** erf(x) per lane; ±Inf give ±1, NaN stays NaN. */
@inline export function erf4(x: v128): v128 {
  const ax = f32x4.abs(x);
  const small = f32x4.mul(x, erfSmallOverX4(x));
  const big = f32x4.sub(f32x4.splat(1.0), erfcPositive4(ax));
  const signed = v128.or(big, v128.and(x, i32x4.splat(SIGN)));
  return v128.bitselect(small, signed, f32x4.lt(ax, f32x4.splat(0.5)));
}

/** gelu(x) = x/2 · (1 + erf(x/√2)) per lane; for x/√2 <= −0.5 it uses erfc(−x/√2) directly so the tail keeps its precision. */
@inline export function gelu4(x: v128): v128 {
  const z = f32x4.mul(x, f32x4.splat(0.7071067811865476));
  const az = f32x4.abs(z);
  const c = erfcPositive4(az);
  const big = v128.bitselect(f32x4.sub(f32x4.splat(2.0), c), c, f32x4.ge(z, f32x4.splat(0)));
  const small = f32x4.add(f32x4.splat(1.0), f32x4.mul(z, erfSmallOverX4(z)));
  const w = v128.bitselect(small, big, f32x4.lt(az, f32x4.splat(0.5)));
  return f32x4.mul(f32x4.mul(x, f32x4.splat(0.5)), w);
}

const TWO_OVER_PI: f64 = 0.63661977236758134308;
const PIO2_1: f64 = 1.57079632673412561417; // the first 33 bits of π/2
const PIO2_1T: f64 = 6.07710050650619224932e-11; // π/2 − PIO2_1
/** Largest |x| whose reduction is exact here (|quadrant| < 2^20); larger finite inputs are flagged. */
export const TRIG_LIMIT: f32 = 1.0e6;

/** Reduces two float64 lanes: the remainder r = d − j·π/2 (|r| <= π/4) and j. */
@inline function reduce2(d: v128, j: v128): v128 {
  return f64x2.sub(f64x2.sub(d, f64x2.mul(j, f64x2.splat(PIO2_1))), f64x2.mul(j, f64x2.splat(PIO2_1T)));
}

/**
 * sin(x) (`cosine` false) or cos(x) per lane, for |x| <= TRIG_LIMIT (larger finite lanes give
 * unspecified values: the caller checks for them). ±Inf and NaN give NaN.
 */
@inline export function sinCos4(x: v128, cosine: bool): v128 {
  const lo = f64x2.promote_low_f32x4(x);
  const hi = f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 0, 1));
  const jLo = f64x2.nearest(f64x2.mul(lo, f64x2.splat(TWO_OVER_PI)));
  const jHi = f64x2.nearest(f64x2.mul(hi, f64x2.splat(TWO_OVER_PI)));
  const rLo = f32x4.demote_f64x2_zero(reduce2(lo, jLo));
  const rHi = f32x4.demote_f64x2_zero(reduce2(hi, jHi));
  const r = v128.shuffle<f32>(rLo, rHi, 0, 1, 4, 5);
  let q = v128.shuffle<i32>(i32x4.trunc_sat_f64x2_s_zero(jLo), i32x4.trunc_sat_f64x2_s_zero(jHi), 0, 1, 4, 5);
  if (cosine) q = i32x4.add(q, i32x4.splat(1));
  const z = f32x4.mul(r, r);
  let s = f32x4.splat(-1.9515295891e-4);
  s = f32x4.add(f32x4.mul(s, z), f32x4.splat(8.3321608736e-3));
  s = f32x4.add(f32x4.mul(s, z), f32x4.splat(-1.6666654611e-1));
  s = f32x4.add(r, f32x4.mul(f32x4.mul(s, z), r));
  let c = f32x4.splat(2.443315711809948e-5);
  c = f32x4.add(f32x4.mul(c, z), f32x4.splat(-1.388731625493765e-3));
  c = f32x4.add(f32x4.mul(c, z), f32x4.splat(4.166664568298827e-2));
  c = f32x4.add(f32x4.sub(f32x4.mul(f32x4.mul(c, z), z), f32x4.mul(z, f32x4.splat(0.5))), f32x4.splat(1.0));
  // Odd quadrants take the other polynomial; quadrants 2 and 3 flip the sign.
  const odd = i32x4.eq(v128.and(q, i32x4.splat(1)), i32x4.splat(1));
  const flip = i32x4.shl(v128.and(q, i32x4.splat(2)), 30);
  return v128.xor(v128.bitselect(c, s, odd), flip);
}
