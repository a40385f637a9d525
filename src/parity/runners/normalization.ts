/**
 * Parity runners for normalization (batch norm in training mode, instance norm, layer norm).
 * @module
 */
import * as ops from '../../ops/index.js';
import { numberAttr, type OpRunner } from '../op-runner.js';

/** Runners keyed by PyTorch op name. */
export const normalizationRunners: Record<string, OpRunner> = {
  batch_norm2d: {
    inputLayouts: { x: 'nchw' },
    outputLayout: 'nchw',
    // Training mode: batch statistics over every axis but the channels (NHWC here), through the
    // fused op that the BatchNormalization layer trains with.
    forward: ({ x, weight, bias }, attrs) => ops.batchNormTraining(x!, weight ?? null, bias ?? null, -1, numberAttr(attrs, 'eps', 1e-5)).output,
  },
  instance_norm2d: {
    inputLayouts: { x: 'nchw' },
    outputLayout: 'nchw',
    forward: ({ x, weight, bias }, attrs) => ops.instanceNorm(x!, weight ?? null, bias ?? null, numberAttr(attrs, 'eps', 1e-5)),
  },
  layer_norm: {
    // PyTorch normalises over the trailing axes that the weight (normalized_shape) covers.
    forward: ({ x, weight, bias }, attrs) => {
      const count = weight?.rank ?? 1;
      const axes = Array.from({ length: count }, (_, i) => x!.rank - count + i);
      return ops.layerNorm(x!, weight ?? null, bias ?? null, axes, numberAttr(attrs, 'eps', 1e-5));
    },
  },
};
