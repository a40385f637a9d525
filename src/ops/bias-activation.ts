/**
 * `biasActivation`: a layer's bias add and activation as one op (one kernel pass forward, one
 * backward), used by Dense and the convolution layers.
 * @module
 */
import type { BiasActivation } from '../backend/kernels.js';
import { record } from '../autograd/tape.js';
import { getBackend } from '../backend/registry.js';
import { ArgumentError, ShapeError, formatShape } from '../errors.js';
import { emptyUninitialized } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { assertFloatTensor, assertTensor, compute } from './util.js';

export type { BiasActivation } from '../backend/kernels.js';

const ACTIVATIONS: readonly BiasActivation[] = ['linear', 'relu'];

/** True when `name` (an activation's canonical name) has a fused form in {@link biasActivation}. */
export function hasFusedBiasActivation(name: string): name is BiasActivation {
  return (ACTIVATIONS as readonly string[]).includes(name);
}

/**
 * `activation(x + bias)` with `bias` `[channels]` added along the last axis of `x`, in one pass:
 * the same values as `relu(add(x, bias))` (or `add(x, bias)` for `'linear'`), with a gradient that
 * takes one pass over `dy` for both `x` and `bias`.
 *
 * @example biasActivation(matmul(x, w), b, 'relu')   // [32, 128] + [128]
 */
export function biasActivation(x: Tensor, bias: Tensor, activation: BiasActivation = 'linear'): Tensor {
  const op = 'biasActivation';
  assertTensor(op, 'x', x);
  assertTensor(op, 'bias', bias);
  assertFloatTensor(op, 'x', x);
  assertFloatTensor(op, 'bias', bias);
  if (!hasFusedBiasActivation(activation)) {
    throw new ArgumentError(`${op}: activation must be one of ${ACTIVATIONS.join(', ')}, got ${JSON.stringify(activation)}`);
  }
  if (bias.rank !== 1) throw new ShapeError(`${op}: bias ${formatShape(bias.shape)} has rank ${bias.rank}, expected [channels]`);
  if (x.rank === 0 || x.shape[x.rank - 1] !== bias.size) {
    throw new ShapeError(`${op}: x ${formatShape(x.shape)} must have ${bias.size} channels on its last axis to match bias ${formatShape(bias.shape)}`);
  }
  const out = compute(x.shape, 'float32', (b, o) => b.biasActivation(x.values as Float32Array, bias.values as Float32Array, o.values as Float32Array, activation), true);
  return record(op, [x, bias], out, (dy, needs) => {
    // The kernel always writes the bias gradient; it is dropped when the bias needs none.
    const dBias = emptyUninitialized(bias.shape);
    const dx = activation === 'relu' && needs[0] ? emptyUninitialized(x.shape) : null;
    if (activation === 'relu' || needs[1]) {
      const y = activation === 'relu' ? (out.values as Float32Array) : null;
      getBackend().biasActivationBackward(dy.values as Float32Array, y, dx ? (dx.values as Float32Array) : null, dBias.values as Float32Array, activation);
    }
    if (!needs[1]) dBias.dispose();
    // With 'linear', dx is dy itself.
    return [activation === 'linear' ? dy : dx, needs[1] ? dBias : null];
  });
}
