/**
 * Parity runners for dense algebra and activations.
 * @module
 */
import * as ops from '../../ops/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import { numberAttr, type OpRunner } from '../op-runner.js';
import { getActivation } from '../../nn/activations.js';

const unary = (f: (x: Tensor) => Tensor): OpRunner => ({ forward: ({ x }) => f(x!) });

/** Runners keyed by PyTorch op name. */
export const elementwiseRunners: Record<string, OpRunner> = {
  linear: {
    inputLayouts: { weight: 'matrix' },
    forward: ({ x, weight, bias }) => (bias ? ops.add(ops.matmul(x!, weight!), bias) : ops.matmul(x!, weight!)),
  },
  matmul: { forward: ({ a, b }) => ops.matmul(a!, b!) },
  // The fused Dense tail (bias add and relu in one kernel): PyTorch's relu(linear(x, weight, bias)).
  linear_relu: {
    inputLayouts: { weight: 'matrix' },
    forward: ({ x, weight, bias }) => ops.biasActivation(ops.matmul(x!, weight!), bias!, 'relu'),
  },
  relu: unary(ops.relu),
  relu6: unary(ops.relu6),
  selu: unary(getActivation('selu')),
  silu: unary(getActivation('silu')),
  mish: unary(getActivation('mish')),
  sigmoid: unary(ops.sigmoid),
  tanh: unary(ops.tanh),
  gelu: unary(ops.gelu),
  elu: { forward: ({ x }, attrs) => ops.elu(x!, numberAttr(attrs, 'alpha', 1)) },
  softplus: unary(ops.softplus),
  leaky_relu: { forward: ({ x }, attrs) => ops.leakyRelu(x!, numberAttr(attrs, 'alpha', 0.01)) },
  softmax: { forward: ({ x }, attrs) => ops.softmax(x!, numberAttr(attrs, 'axis', -1)) },
  log_softmax: { forward: ({ x }, attrs) => ops.logSoftmax(x!, numberAttr(attrs, 'axis', -1)) },
};
