/**
 * Activation functions: relu, relu6, leakyRelu, elu, gelu (erf form), sigmoid, tanh, softplus.
 * NaN propagates forward and the gradients at NaN are PyTorch's (see docs/architecture.md).
 * @module
 */
import { record } from '../autograd/tape.js';
import type { Tensor } from '../tensor/tensor.js';
import { unaryKernel } from './unary-kernel.js';
import { binaryKernel, add, mul } from './arithmetic.js';
import { select, greater, less, logicalAnd } from './compare.js';

/** `max(x, 0)`; NaN stays NaN, and its gradient passes `dy` there (as PyTorch). */
export function relu(x: Tensor): Tensor {
  const out = unaryKernel('relu', x);
  return record('relu', [x], out, (dy) => [binaryKernel('reluGrad', dy, x)]);
}

/**
 * `min(max(x, 0), 6)`, PyTorch's `relu6` (a hardtanh): NaN stays NaN; the gradient is `dy` strictly
 * inside `(0, 6)` and 0 elsewhere, at both bounds and at NaN (PyTorch's vectorized kernel).
 */
export function relu6(x: Tensor): Tensor {
  const out = unaryKernel('clip', x, { min: 0, max: 6 });
  return record('relu6', [x], out, (dy) => [select(logicalAnd(greater(x, 0), less(x, 6)), dy, 0)]);
}

/** `x` where positive, `alpha·x` elsewhere (Keras' default alpha is 0.3, PyTorch's 0.01). At NaN the gradient is `alpha·dy`. */
export function leakyRelu(x: Tensor, alpha = 0.3): Tensor {
  const out = unaryKernel('leakyRelu', x, { alpha });
  return record('leakyRelu', [x], out, (dy) => [select(greater(x, 0), dy, mul(dy, alpha))]);
}

/** `x` where positive, `alpha·(e^x − 1)` elsewhere. At NaN the gradient is NaN (PyTorch's vectorized kernel). */
export function elu(x: Tensor, alpha = 1): Tensor {
  const out = unaryKernel('elu', x, { alpha });
  return record('elu', [x], out, (dy) => [select(greater(x, 0), dy, mul(dy, add(out, alpha)))]);
}

/** Gaussian error linear unit, exact form `x·Φ(x) = 0.5·x·(1 + erf(x/√2))`. */
export function gelu(x: Tensor): Tensor {
  const out = unaryKernel('gelu', x);
  // d/dx x·Φ(x) = Φ(x) + x·φ(x), in one fused kernel (the first-order rule, like the other *Grad ops).
  return record('gelu', [x], out, (dy) => [binaryKernel('geluGrad', dy, x)]);
}

/** The logistic function `1 / (1 + e^−x)`, computed without overflow. */
export function sigmoid(x: Tensor): Tensor {
  const out = unaryKernel('sigmoid', x);
  return record('sigmoid', [x], out, (dy) => [binaryKernel('sigmoidGrad', dy, out)]);
}

/** Hyperbolic tangent. */
export function tanh(x: Tensor): Tensor {
  const out = unaryKernel('tanh', x);
  return record('tanh', [x], out, (dy) => [binaryKernel('tanhGrad', dy, out)]);
}

/** `log(1 + e^x)`, computed without overflow; its derivative is the sigmoid. */
export function softplus(x: Tensor): Tensor {
  const out = unaryKernel('softplus', x);
  return record('softplus', [x], out, (dy) => [mul(dy, unaryKernel('sigmoid', x))]);
}
