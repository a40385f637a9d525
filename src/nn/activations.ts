/**
 * Activation functions by name, for the `activation` option of layers (`'relu'`, `'softmax'`...).
 * Names are accepted in camelCase or Keras' snake_case and saved in camelCase.
 * @module
 */
import { ArgumentError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { elu, gelu, leakyRelu, relu, relu6, sigmoid, softplus, tanh } from '../ops/activations.js';
import { logSoftmax, softmax } from '../ops/softmax.js';
import { mul } from '../ops/arithmetic.js';
import { identifierKey } from './serialization.js';

/** An elementwise (or, for softmax, last-axis) function of a tensor. */
export type ActivationFn = (x: Tensor) => Tensor;

/** SELU's constants (Klambauer et al. 2017), as Keras and PyTorch use them. */
const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

const activations: Record<string, ActivationFn> = {
  linear: (x) => x,
  relu,
  relu6,
  // Keras 3's leaky_relu function uses a negative slope of 0.2 (its LeakyReLU layer 0.3).
  leakyRelu: (x) => leakyRelu(x, 0.2),
  elu: (x) => elu(x, 1),
  selu: (x) => mul(elu(x, SELU_ALPHA), SELU_SCALE),
  gelu,
  sigmoid,
  tanh,
  softmax: (x) => softmax(x, -1),
  logSoftmax: (x) => logSoftmax(x, -1),
  softplus,
  swish: (x) => mul(x, sigmoid(x)),
  silu: (x) => mul(x, sigmoid(x)),
  mish: (x) => mul(x, tanh(softplus(x))),
};

const byKey = new Map(Object.keys(activations).map((name) => [identifierKey(name), name]));

/** An activation name, or `null`/`undefined` for none (`'linear'`). */
export type ActivationIdentifier = string | null | undefined;

/** The canonical (camelCase) name of an activation identifier; throws for unknown names. */
export function activationName(identifier: ActivationIdentifier, caller = 'activation'): string {
  if (identifier === null || identifier === undefined) return 'linear';
  if (typeof identifier !== 'string') throw new ArgumentError(`${caller}: activation must be a name such as 'relu', got ${JSON.stringify(identifier)}`);
  const name = byKey.get(identifierKey(identifier));
  if (!name) throw new ArgumentError(`${caller}: unknown activation '${identifier}', expected one of ${activationNames().join(', ')}`);
  return name;
}

/** The function for an activation identifier. */
export function getActivation(identifier: ActivationIdentifier, caller = 'activation'): ActivationFn {
  return activations[activationName(identifier, caller)]!;
}

/** Every activation name. */
export function activationNames(): string[] {
  return Object.keys(activations);
}
