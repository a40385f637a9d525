/**
 * f32x4 transcendental functions for elementwise kernels: exp (Cephes-style range reduction and
 * polynomial, ~1 ulp), sigmoid and tanh built on it. Results match float64 references to ~1e-7
 * relative, within the kernel suite's tolerances.
 */

const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;

/** e^x per lane; overflows to +Inf above ~88.72, underflows through subnormals to 0, NaN stays NaN. */
@inline export function exp4(x: v128): v128 {
  // Beyond these bounds the result is Inf or 0 anyway; clamping keeps 2^n representable below.
  // pmax/pmin (one instruction each on x64, unlike max/min) keep NaN: x < lo ? lo : x.
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-104.0)), f32x4.splat(88.8));
  const n = f32x4.floor(f32x4.add(f32x4.mul(x, f32x4.splat(LOG2E)), f32x4.splat(0.5)));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const y = f32x4.add(f32x4.add(f32x4.mul(p, f32x4.mul(r, r)), r), f32x4.splat(1.0));
  // Scale by 2^n as 2^(n/2) · 2^(n - n/2): each half stays a normal float for n in [-150, 128].
  const ni = i32x4.trunc_sat_f32x4_s(n);
  const half = i32x4.shr_s(ni, 1);
  const rest = i32x4.sub(ni, half);
  const bias = i32x4.splat(127);
  const s1 = i32x4.shl(i32x4.add(half, bias), 23);
  const s2 = i32x4.shl(i32x4.add(rest, bias), 23);
  return f32x4.mul(f32x4.mul(y, s1), s2);
}

/**
 * 1 / (1 + e^-x) per lane, from e = e^-|x| so nothing overflows: 1 / (1 + e) for x >= 0 and
 * e / (1 + e) below, which keeps tiny (subnormal) results for very negative x as the reference does.
 */
@inline export function sigmoid4(x: v128): v128 {
  const one = f32x4.splat(1.0);
  const e = exp4(f32x4.neg(f32x4.abs(x)));
  const denominator = f32x4.add(one, e);
  const negative = f32x4.lt(x, f32x4.splat(0.0));
  return f32x4.div(v128.bitselect(e, one, negative), denominator);
}

/**
 * tanh per lane: an odd polynomial near 0 (where 1 - 2/(e^2x + 1) would cancel) and the exp form
 * elsewhere, selected per lane.
 */
@inline export function tanh4(x: v128): v128 {
  const ax = f32x4.abs(x);
  const one = f32x4.splat(1.0);
  // Large |x|: 1 - 2 / (e^(2|x|) + 1), sign restored below.
  const e = exp4(f32x4.add(ax, ax));
  const big = f32x4.sub(one, f32x4.div(f32x4.splat(2.0), f32x4.add(e, one)));
  // Small |x| (< 0.625): x + x^3 · P(x^2), Cephes tanhf coefficients.
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-3.33332819422e-1));
  const small = f32x4.add(x, f32x4.mul(f32x4.mul(p, z), x));
  // Copy x's sign onto the large-|x| result (NaN keeps its payload through the or).
  const signed = v128.or(big, v128.and(x, i32x4.splat(0x80000000)));
  return v128.bitselect(small, signed, f32x4.lt(ax, f32x4.splat(0.625)));
}

/**
 * Natural logarithm of a positive finite float64 (the module carries no math tables: data
 * segments would be rewritten in the shared memory each time a worker instantiates the module).
 * log(x) = e·ln2 + 2·atanh((f-1)/(f+1)) with x = 2^e·f, f in [√½, √2).
 */
export function log64(x: f64): f64 {
  if (!(x > 0) || x == Infinity) return x == 0 ? -Infinity : x == Infinity ? Infinity : NaN;
  const bits = reinterpret<u64>(x);
  let e = <i32>((bits >> 52) & 0x7ff) - 1023;
  let f = reinterpret<f64>((bits & 0x000fffffffffffff) | 0x3ff0000000000000);
  if (e == -1023) return log64(x * 18014398509481984.0) - 54.0 * 0.6931471805599453; // subnormal: scale by 2^54
  if (f > 1.4142135623730951) {
    f *= 0.5;
    e++;
  }
  const t = (f - 1) / (f + 1);
  const t2 = t * t;
  // |t| < 0.1716: 10 odd terms reach float64 precision.
  let s = 1.0 / 21.0;
  s = s * t2 + 1.0 / 19.0;
  s = s * t2 + 1.0 / 17.0;
  s = s * t2 + 1.0 / 15.0;
  s = s * t2 + 1.0 / 13.0;
  s = s * t2 + 1.0 / 11.0;
  s = s * t2 + 1.0 / 9.0;
  s = s * t2 + 1.0 / 7.0;
  s = s * t2 + 1.0 / 5.0;
  s = s * t2 + 1.0 / 3.0;
  s = s * t2 + 1.0;
  return <f64>e * 0.6931471805599453 + 2 * t * s;
}

/**
 * Natural logarithm per lane (Cephes logf: x = 2^e·m with m in [√½, √2), a degree-9 polynomial in
 * m − 1, ln 2 split in two parts; ~1 ulp). Subnormals are scaled into the normal range first;
 * log(0) = −Inf, log(x < 0) = NaN, log(+Inf) = +Inf, NaN stays NaN.
 */
@inline export function log4(x: v128): v128 {
  // Subnormal (and zero) lanes: scale by 2^23 and take 23 off the exponent.
  const tiny = f32x4.lt(x, f32x4.splat(1.17549435e-38));
  const scaled = v128.bitselect(f32x4.mul(x, f32x4.splat(8388608.0)), x, tiny);
  const bits = scaled;
  let e = i32x4.sub(i32x4.shr_u(bits, 23), i32x4.splat(126));
  e = i32x4.sub(e, v128.and(tiny, i32x4.splat(23)));
  // m in [0.5, 1): the mantissa with the exponent of 0.5.
  const m = v128.or(v128.and(bits, i32x4.splat(0x007fffff)), i32x4.splat(0x3f000000));
  // Below √½ use 2m − 1 and one less in the exponent (mask lanes are −1).
  const low = f32x4.lt(m, f32x4.splat(0.707106781186547524));
  e = i32x4.add(e, low);
  const t = f32x4.add(f32x4.sub(m, f32x4.splat(1.0)), v128.and(m, low));
  const fe = f32x4.convert_i32x4_s(e);
  const z = f32x4.mul(t, t);
  let p = f32x4.splat(7.0376836292e-2);
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(-1.1514610310e-1));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(1.1676998740e-1));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(-1.2420140846e-1));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(1.4249322787e-1));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(-1.6668057665e-1));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(2.0000714765e-1));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(-2.4999993993e-1));
  p = f32x4.add(f32x4.mul(p, t), f32x4.splat(3.3333331174e-1));
  let y = f32x4.mul(f32x4.mul(p, t), z);
  y = f32x4.add(y, f32x4.mul(fe, f32x4.splat(LN2_LO)));
  y = f32x4.sub(y, f32x4.mul(z, f32x4.splat(0.5)));
  let r = f32x4.add(f32x4.add(t, y), f32x4.mul(fe, f32x4.splat(LN2_HI)));
  // Special lanes: +Inf and NaN pass through, 0 gives −Inf, negatives NaN.
  r = v128.bitselect(x, r, v128.or(f32x4.eq(x, f32x4.splat(Infinity)), f32x4.ne(x, x)));
  r = v128.bitselect(f32x4.splat(-Infinity), r, f32x4.eq(x, f32x4.splat(0)));
  return v128.bitselect(f32x4.splat(NaN), r, f32x4.lt(x, f32x4.splat(0)));
}

/** log(1 + x) per lane: log(u) with u = 1 + x, corrected by (x − (u − 1))/u for the rounding of u. */
@inline export function log1p4(x: v128): v128 {
  const one = f32x4.splat(1.0);
  const u = f32x4.add(one, x);
  const correction = f32x4.div(f32x4.sub(x, f32x4.sub(u, one)), u);
  // The correction is 0/0 at u = 0 and Inf − Inf at u = Inf: drop it where it is not finite.
  const finite = f32x4.lt(f32x4.abs(correction), f32x4.splat(Infinity));
  const r = f32x4.add(log4(u), v128.and(correction, finite));
  // u == 1 (|x| below half an ulp of 1): log1p(x) = x to float32 precision.
  return v128.bitselect(x, r, f32x4.eq(u, one));
}

/** e^x − 1 per lane: a degree-9 Taylor polynomial below |x| = 0.5 (no cancellation), exp4(x) − 1 above. */
@inline export function expm14(x: v128): v128 {
  let p = f32x4.splat(2.7557319224e-6); // 1/9!
  p = f32x4.add(f32x4.mul(p, x), f32x4.splat(2.4801587302e-5));
  p = f32x4.add(f32x4.mul(p, x), f32x4.splat(1.9841269841e-4));
  p = f32x4.add(f32x4.mul(p, x), f32x4.splat(1.3888888889e-3));
  p = f32x4.add(f32x4.mul(p, x), f32x4.splat(8.3333333333e-3));
  p = f32x4.add(f32x4.mul(p, x), f32x4.splat(4.1666666667e-2));
  p = f32x4.add(f32x4.mul(p, x), f32x4.splat(1.6666666667e-1));
  p = f32x4.add(f32x4.mul(p, x), f32x4.splat(0.5));
  const small = f32x4.add(x, f32x4.mul(f32x4.mul(x, x), p));
  const big = f32x4.sub(exp4(x), f32x4.splat(1.0));
  const r = v128.bitselect(small, big, f32x4.lt(f32x4.abs(x), f32x4.splat(0.5)));
  // Keep the sign of zero (−0 in, −0 out).
  return v128.bitselect(x, r, f32x4.eq(x, f32x4.splat(0)));
}
