/**
 * Parity runners for convolutions, pooling and upsampling (NCHW fixtures, NHWC engine).
 * @module
 */
import * as ops from '../../ops/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import { numberAttr, pairAttr, type OpRunner } from '../op-runner.js';

const withBias = (y: Tensor, bias: Tensor | undefined): Tensor => (bias ? ops.add(y, bias) : y);

/** Runners keyed by PyTorch op name. */
export const imageRunners: Record<string, OpRunner> = {
  conv2d: {
    inputLayouts: { x: 'nchw', weight: 'oihw' },
    outputLayout: 'nchw',
    forward: ({ x, weight, bias }, attrs) =>
      withBias(
        ops.conv2d(x!, weight!, {
          strides: pairAttr(attrs, 'stride', [1, 1]),
          padding: pairAttr(attrs, 'padding', [0, 0]),
          dilations: pairAttr(attrs, 'dilation', [1, 1]),
          groups: numberAttr(attrs, 'groups', 1),
        }),
        bias,
      ),
  },
  // The fused convolution layer tail: PyTorch's relu(conv2d(x, weight, bias, ...)).
  conv2d_relu: {
    inputLayouts: { x: 'nchw', weight: 'oihw' },
    outputLayout: 'nchw',
    forward: ({ x, weight, bias }, attrs) =>
      ops.conv2dBiasActivation(x!, weight!, bias!, 'relu', {
        strides: pairAttr(attrs, 'stride', [1, 1]),
        padding: pairAttr(attrs, 'padding', [0, 0]),
        dilations: pairAttr(attrs, 'dilation', [1, 1]),
        groups: numberAttr(attrs, 'groups', 1),
      }),
  },
  conv_transpose2d: {
    // PyTorch's [in, out, kh, kw] takes the same permutation as OIHW to reach our [kh, kw, out, in].
    inputLayouts: { x: 'nchw', weight: 'oihw' },
    outputLayout: 'nchw',
    forward: ({ x, weight, bias }, attrs) =>
      withBias(
        ops.conv2dTranspose(x!, weight!, {
          strides: pairAttr(attrs, 'stride', [1, 1]),
          padding: pairAttr(attrs, 'padding', [0, 0]),
          outputPadding: pairAttr(attrs, 'output_padding', [0, 0]),
          dilations: pairAttr(attrs, 'dilation', [1, 1]),
        }),
        bias,
      ),
  },
  max_pool2d: {
    inputLayouts: { x: 'nchw' },
    outputLayout: 'nchw',
    forward: ({ x }, attrs) =>
      ops.maxPool2d(x!, { poolSize: pairAttr(attrs, 'kernel'), strides: pairAttr(attrs, 'stride', pairAttr(attrs, 'kernel')), padding: pairAttr(attrs, 'padding', [0, 0]) }),
  },
  avg_pool2d: {
    inputLayouts: { x: 'nchw' },
    outputLayout: 'nchw',
    forward: ({ x }, attrs) =>
      ops.avgPool2d(x!, {
        poolSize: pairAttr(attrs, 'kernel'),
        strides: pairAttr(attrs, 'stride', pairAttr(attrs, 'kernel')),
        padding: pairAttr(attrs, 'padding', [0, 0]),
        countIncludePad: (attrs.count_include_pad as boolean | undefined) ?? true,
      }),
  },
  global_avg_pool2d: { inputLayouts: { x: 'nchw' }, forward: ({ x }) => ops.globalAvgPool2d(x!) },
  upsample_nearest2d: {
    inputLayouts: { x: 'nchw' },
    outputLayout: 'nchw',
    forward: ({ x }, attrs) => ops.upsample2d(x!, pairAttr(attrs, 'scale'), 'nearest'),
  },
};
