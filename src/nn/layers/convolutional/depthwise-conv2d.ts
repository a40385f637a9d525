/**
 * Depthwise 2-D convolution layer.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import { conv2d, type Conv2DOptions as Conv2DOpOptions } from '../../../ops/conv.js';
import { reshape } from '../../../ops/shape-ops.js';
import type { CallContext, WeightInitializer } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import type { InitializerIdentifier } from '../../initializers.js';
import type { RegularizerIdentifier } from '../../regularizers.js';
import type { ConstraintIdentifier } from '../../constraints.js';
import { registerLayer } from '../registry.js';
import { formatSymbolicShape, intPair, knownDim, layerShapeError, positiveInteger, singleShape } from '../layer-utils.js';
import { KernelBiasLayer, type BiasActivationOptions } from '../core/kernel-bias.js';
import { checkPadding, expectImage, slidingOutputSize, type LayerPadding } from './conv-utils.js';

/** Options of {@link DepthwiseConv2D}. */
export interface DepthwiseConv2DOptions extends BiasActivationOptions {
  /** Window size, one number or `[height, width]`. */
  kernelSize: number | [number, number];
  /** Output channels per input channel. Default 1. */
  depthMultiplier?: number;
  strides?: number | [number, number];
  /** As {@link Conv2DOptions.padding}. Default `'valid'`. */
  padding?: LayerPadding;
  dilationRate?: number | [number, number];
  /** Default `glorotUniform`, with Keras' fans (of the `[kh, kw, in, multiplier]` kernel). */
  depthwiseInitializer?: InitializerIdentifier;
  depthwiseRegularizer?: RegularizerIdentifier | null;
  depthwiseConstraint?: ConstraintIdentifier | null;
}

/**
 * Convolves every input channel with its own `depthMultiplier` kernels (a grouped convolution with
 * one group per channel): `[batch, h, w, in]` → `[batch, h', w', in · depthMultiplier]`; output channel
 * `c · depthMultiplier + m` comes from input channel `c`, as in Keras and PyTorch.
 *
 * Weights: `weight` `[kh, kw, 1, in · depthMultiplier]` (HWIO with one input channel per group, i.e.
 * PyTorch's `[in · multiplier, 1, kh, kw]` permuted; Keras' `[kh, kw, in, multiplier]` reshaped) and `bias`.
 */
export class DepthwiseConv2D extends KernelBiasLayer {
  readonly kernelSize: [number, number];
  readonly depthMultiplier: number;
  readonly strides: [number, number];
  readonly padding: LayerPadding;
  readonly dilationRate: [number, number];

  constructor(options: DepthwiseConv2DOptions) {
    super(options);
    const cls = 'DepthwiseConv2D';
    this.kernelSize = intPair(cls, 'kernelSize', options?.kernelSize);
    this.depthMultiplier = positiveInteger(cls, 'depthMultiplier', options.depthMultiplier ?? 1);
    this.strides = intPair(cls, 'strides', options.strides ?? 1);
    this.padding = checkPadding(cls, options.padding ?? 'valid');
    this.dilationRate = intPair(cls, 'dilationRate', options.dilationRate ?? 1);
    this.initKernelBias(cls, options, 'depthwise');
  }

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    const shape = singleShape(this, inputShape);
    expectImage(this, shape);
    const channels = knownDim(this, shape, 3, 'channel');
    const kerasShape = [...this.kernelSize, channels, this.depthMultiplier];
    const options = this.kernelOptions();
    // Drawn in Keras' [kh, kw, in, multiplier] shape so fan-based initializers see Keras' fans; the
    // row-major reshape keeps output channel c·multiplier + m.
    const keras: WeightInitializer = (shape, rng, dtype) => reshape(this.kernelSettings.initializer.initialize(kerasShape, rng, dtype), shape);
    this.weight = this.addWeight('weight', [...this.kernelSize, 1, channels * this.depthMultiplier], { ...options, initializer: keras });
    this.addBias(channels * this.depthMultiplier);
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const y = conv2d(x, this.weight!, {
      strides: this.strides, padding: this.padding as Conv2DOpOptions['padding'], dilations: this.dilationRate, groups: x.shape[3]!,
    });
    return this.biasAndActivate(y);
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const shape = singleShape(this, inputShape);
    expectImage(this, shape);
    const channels = shape[3] ?? null;
    const builtChannels = this.weight ? this.weight.shape[3]! / this.depthMultiplier : null;
    if (builtChannels !== null && channels !== null && channels !== builtChannels) {
      throw layerShapeError(this, `input ${formatSymbolicShape(shape)} has ${channels} channels, but the layer was built for ${builtChannels}`);
    }
    const [h, w] = slidingOutputSize(this, shape, this.kernelSize, this.strides, this.dilationRate, this.padding);
    return [shape[0] ?? null, h, w, channels === null ? null : channels * this.depthMultiplier];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      kernelSize: this.kernelSize,
      depthMultiplier: this.depthMultiplier,
      strides: this.strides,
      padding: this.padding,
      dilationRate: this.dilationRate,
      ...this.kernelBiasConfig(),
    };
  }
}

registerLayer('DepthwiseConv2D', DepthwiseConv2D);
