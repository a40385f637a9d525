/**
 * `conv2dBiasActivation`: a convolution layer's forward pass (convolution, bias, linear or relu) as
 * one op, so a backend can apply the bias and activation while it stores the convolution's output
 * instead of in a second pass over it.
 * @module
 */
import type { BiasActivation } from '../backend/kernels.js';
import { record } from '../autograd/tape.js';
import { getBackend } from '../backend/registry.js';
import { ArgumentError, ShapeError, formatShape } from '../errors.js';
import { emptyUninitialized } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { hasFusedBiasActivation } from './bias-activation.js';
import { conv2dGeometry, runBackwardFilter, runBackwardInput, type Conv2DOptions } from './conv.js';
import { assertFloatTensor, assertTensor, compute } from './util.js';

/**
 * `activation(conv2d(x, filter, options) + bias)`: the same values and gradients as
 * `biasActivation(conv2d(x, filter, options), bias, activation)`, computed in one kernel where the
 * backend fuses them. `bias` is `[outChannels]`.
 *
 * @example conv2dBiasActivation(images, w, b, 'relu', { padding: 'same' })
 */
export function conv2dBiasActivation(x: Tensor, filter: Tensor, bias: Tensor, activation: BiasActivation, options: Conv2DOptions = {}): Tensor {
  const op = 'conv2dBiasActivation';
  const info = conv2dGeometry(op, x, filter, options);
  assertTensor(op, 'bias', bias);
  assertFloatTensor(op, 'bias', bias);
  if (!hasFusedBiasActivation(activation)) {
    throw new ArgumentError(`${op}: activation must be one of linear, relu, got ${JSON.stringify(activation)}`);
  }
  if (bias.rank !== 1 || bias.size !== info.outChannels) {
    throw new ShapeError(`${op}: bias ${formatShape(bias.shape)} must be [${info.outChannels}], one value per output channel of filter ${formatShape(filter.shape)}`);
  }
  const shape = [info.batch, info.outHeight, info.outWidth, info.outChannels];
  const out = compute(shape, 'float32', (b, o) =>
    b.conv2dBiasActivation(x.values as Float32Array, filter.values as Float32Array, bias.values as Float32Array, o.values as Float32Array, info, activation), true);
  return record(op, [x, filter, bias], out, (dy, needs) => {
    // Through the activation and the bias (one pass over dy), then the convolution's gradients.
    const dBias = emptyUninitialized(bias.shape);
    const dz = activation === 'relu' ? emptyUninitialized(shape) : dy;
    getBackend().biasActivationBackward(
      dy.values as Float32Array, activation === 'relu' ? (out.values as Float32Array) : null,
      activation === 'relu' ? (dz.values as Float32Array) : null, dBias.values as Float32Array, activation,
    );
    const dx = needs[0] ? runBackwardInput(dz, filter, info) : null;
    const dFilter = needs[1] ? runBackwardFilter(x, dz, filter.shape, info) : null;
    if (dz !== dy) dz.dispose();
    if (!needs[2]) dBias.dispose();
    return [dx, dFilter, needs[2] ? dBias : null];
  });
}
