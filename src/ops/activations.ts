/**
 * Activation functions: relu, leakyRelu, elu, gelu (erf form), sigmoid, tanh, softplus.
 * @module
 */
import { record } from '../autograd/tape.js';
import type { Tensor } from '../tensor/tensor.js';
import { unaryKernel } from './unary-kernel.js';
import { binaryKernel, add, mul } from './arithmetic.js';
import { exp, erf } from './math.js';
import { select, greater } from './compare.js';

/** `max(x, 0)`. */
export function relu(x: Tensor): Tensor {
  const out = unaryKernel('relu', x);
  return record('relu', [x], out, (dy) => [binaryKernel('reluGrad', dy, x)]);
}

/** `x` where positive, `alpha·x` elsewhere (Keras' default alpha is 0.3, PyTorch's 0.01). */
export function leakyRelu(x: Tensor, alpha = 0.3): Tensor {
  const out = unaryKernel('leakyRelu', x, { alpha });
  return record('leakyRelu', [x], out, (dy) => [select(greater(x, 0), dy, mul(dy, alpha))]);
}

/** `x` where positive, `alpha·(e^x − 1)` elsewhere. */
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
