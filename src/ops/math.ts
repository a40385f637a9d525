/**
 * Elementwise math functions with their derivatives: abs, exp, log, sqrt, trig, rounding, clip...
 * @module
 */
import { ArgumentError, DTypeError } from '../errors.js';
import { record } from '../autograd/tape.js';
import type { Tensor } from '../tensor/tensor.js';
import { unaryKernel } from './unary-kernel.js';
import { add, div, mul, neg } from './arithmetic.js';
import { cast } from './cast.js';
import { greaterEqual, lessEqual, logicalAnd, select } from './compare.js';

/** `|x|`; works on int32 too. The gradient at 0 is 0, and at NaN too (PyTorch's `sgn(NaN)` is 0). */
export function abs(x: Tensor): Tensor {
  const out = unaryKernel('abs', x, undefined, { floatOnly: false });
  return record('abs', [x], out, (dy) => [mul(dy, x.dtype === 'float32' ? select(isNaN(x), 0, sign(x)) : sign(x))]);
}

/** -1, 0 or 1 by the sign of `x` (NaN stays NaN). Zero gradient. */
export function sign(x: Tensor): Tensor {
  return unaryKernel('sign', x, undefined, { floatOnly: false });
}

/** Rounds down. Zero gradient. */
export function floor(x: Tensor): Tensor {
  return unaryKernel('floor', x);
}

/** Rounds up. Zero gradient. */
export function ceil(x: Tensor): Tensor {
  return unaryKernel('ceil', x);
}

/** Rounds to the nearest integer, halves to even (as NumPy). Zero gradient. */
export function round(x: Tensor): Tensor {
  return unaryKernel('round', x);
}

/** `e^x`. */
export function exp(x: Tensor): Tensor {
  const out = unaryKernel('exp', x);
  return record('exp', [x], out, (dy) => [mul(dy, out)]);
}

/** `e^x - 1`, accurate near 0. */
export function expm1(x: Tensor): Tensor {
  const out = unaryKernel('expm1', x);
  return record('expm1', [x], out, (dy) => [mul(dy, add(out, 1))]);
}

/** Natural logarithm. */
export function log(x: Tensor): Tensor {
  const out = unaryKernel('log', x);
  return record('log', [x], out, (dy) => [div(dy, x)]);
}

/** `log(1 + x)`, accurate near 0. */
export function log1p(x: Tensor): Tensor {
  const out = unaryKernel('log1p', x);
  return record('log1p', [x], out, (dy) => [div(dy, add(x, 1))]);
}

/** Square root. */
export function sqrt(x: Tensor): Tensor {
  const out = unaryKernel('sqrt', x);
  return record('sqrt', [x], out, (dy) => [div(dy, mul(out, 2))]);
}

/** `1 / sqrt(x)`. */
export function rsqrt(x: Tensor): Tensor {
  const out = unaryKernel('rsqrt', x);
  // d/dx x^(-1/2) = -1/2 x^(-3/2) = -0.5 * out^3
  return record('rsqrt', [x], out, (dy) => [mul(dy, mul(mul(out, mul(out, out)), -0.5))]);
}

/** `1 / x`. */
export function reciprocal(x: Tensor): Tensor {
  const out = unaryKernel('reciprocal', x);
  return record('reciprocal', [x], out, (dy) => [neg(mul(dy, mul(out, out)))]);
}

/** `x²`. */
export function square(x: Tensor): Tensor {
  const out = unaryKernel('square', x, undefined, { floatOnly: false });
  return record('square', [x], out, (dy) => [mul(dy, mul(x, 2))]);
}

/** Sine. */
export function sin(x: Tensor): Tensor {
  const out = unaryKernel('sin', x);
  return record('sin', [x], out, (dy) => [mul(dy, cos(x))]);
}

/** Cosine. */
export function cos(x: Tensor): Tensor {
  const out = unaryKernel('cos', x);
  return record('cos', [x], out, (dy) => [neg(mul(dy, sin(x)))]);
}

/** The error function. */
export function erf(x: Tensor): Tensor {
  const out = unaryKernel('erf', x);
  // d/dx erf(x) = 2/sqrt(pi) e^(-x²)
  return record('erf', [x], out, (dy) => [mul(dy, mul(exp(neg(square(x))), 2 / Math.sqrt(Math.PI)))]);
}

/**
 * Limits every element to `[min, max]` (PyTorch's `clamp`): NaN stays NaN. The gradient passes where
 * `min <= x <= max`, so it is 0 at NaN (as PyTorch's).
 */
export function clip(x: Tensor, min: number, max: number): Tensor {
  if (!(min <= max)) throw new ArgumentError(`clip: min ${min} must not exceed max ${max}`);
  if (x.dtype === 'bool') throw new DTypeError(`clip: x has dtype bool, which holds only true and false; cast it to 'int32' or 'float32' first`);
  const out = unaryKernel('clip', x, { min, max }, { floatOnly: false });
  return record('clip', [x], out, (dy) => [mul(dy, cast(logicalAnd(greaterEqual(x, min), lessEqual(x, max)), 'float32'))]);
}

/** True (bool) where `x` is NaN. */
export function isNaN(x: Tensor): Tensor {
  return unaryKernel('isNaN', x, undefined, { outDType: 'bool' });
}

/** True (bool) where `x` is neither NaN nor ±Infinity. */
export function isFinite(x: Tensor): Tensor {
  return unaryKernel('isFinite', x, undefined, { floatOnly: false, outDType: 'bool' });
}

