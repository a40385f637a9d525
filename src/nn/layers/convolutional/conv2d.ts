/**
 * 2-D convolution layer.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import { conv2d, type Conv2DOptions as Conv2DOpOptions } from '../../../ops/conv.js';
import { conv2dBiasActivation } from '../../../ops/conv-bias-activation.js';
import type { CallContext } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import { registerLayer } from '../registry.js';
import { formatSymbolicShape, intPair, layerArgumentError, knownDim, layerShapeError, positiveInteger, singleShape } from '../layer-utils.js';
import { KernelBiasLayer, type KernelBiasOptions } from '../core/kernel-bias.js';
import { checkPadding, expectImage, slidingOutputSize, type LayerPadding } from './conv-utils.js';

/** Options of {@link Conv2D}. */
export interface Conv2DOptions extends KernelBiasOptions {
  /** Output channels. */
  filters: number;
  /** Window size, one number or `[height, width]`. */
  kernelSize: number | [number, number];
  /** Default 1. */
  strides?: number | [number, number];
  /**
   * `'valid'` (default) or `'same'` as Keras (TensorFlow's asymmetric padding when the stride is above 1);
   * explicit amounts (`1`, `[1, 2]`, `[[t, b], [l, r]]`) reproduce PyTorch's symmetric padding.
   */
  padding?: LayerPadding;
  /** Spacing between filter taps. Default 1. */
  dilationRate?: number | [number, number];
  /** Channel groups; input and output channels must both be divisible by it. Default 1. */
  groups?: number;
}

/**
 * Convolves NHWC images with `filters` learned kernels: `[batch, h, w, in]` → `[batch, h', w', filters]`.
 *
 * Weights: `weight` HWIO `[kh, kw, in / groups, filters]` (PyTorch's OIHW `[filters, in / groups, kh, kw]`
 * permuted; see `torch-import`) and `bias` `[filters]`.
 *
 * @example layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' })
 */
export class Conv2D extends KernelBiasLayer {
  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: LayerPadding;
  readonly dilationRate: [number, number];
  readonly groups: number;

  constructor(options: Conv2DOptions) {
    super(options);
    this.filters = positiveInteger('Conv2D', 'filters', options?.filters);
    this.kernelSize = intPair('Conv2D', 'kernelSize', options.kernelSize);
    this.strides = intPair('Conv2D', 'strides', options.strides ?? 1);
    this.padding = checkPadding('Conv2D', options.padding ?? 'valid');
    this.dilationRate = intPair('Conv2D', 'dilationRate', options.dilationRate ?? 1);
    this.groups = positiveInteger('Conv2D', 'groups', options.groups ?? 1);
    if (this.filters % this.groups !== 0) throw layerArgumentError('Conv2D', `groups ${this.groups} does not divide filters ${this.filters}`);
    this.initKernelBias('Conv2D', options);
  }

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    const shape = singleShape(this, inputShape);
    const channels = this.inputChannels(shape);
    this.weight = this.addWeight('weight', [...this.kernelSize, channels / this.groups, this.filters], this.kernelOptions());
    this.addBias(this.filters);
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const options = { strides: this.strides, padding: this.padding as Conv2DOpOptions['padding'], dilations: this.dilationRate, groups: this.groups };
    // With a bias and a linear or relu activation, one op: the backend may fuse the tail into the convolution.
    const fused = this.fusedBiasActivation();
    if (fused) return conv2dBiasActivation(x, this.weight!, this.bias!, fused, options);
    return this.biasAndActivate(conv2d(x, this.weight!, options));
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const shape = singleShape(this, inputShape);
    const channels = this.inputChannels(shape);
    if (this.weight && channels !== this.weight.shape[2]! * this.groups) {
      throw layerShapeError(this, `input ${formatSymbolicShape(shape)} has ${channels} channels, but the layer was built for ${this.weight.shape[2]! * this.groups}`);
    }
    const [h, w] = slidingOutputSize(this, shape, this.kernelSize, this.strides, this.dilationRate, this.padding);
    return [shape[0] ?? null, h, w, this.filters];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      dilationRate: this.dilationRate,
      groups: this.groups,
      ...this.kernelBiasConfig(),
    };
  }

  private inputChannels(shape: SymbolicShape): number {
    expectImage(this, shape);
    const channels = knownDim(this, shape, 3, 'channel');
    if (channels % this.groups !== 0) throw layerShapeError(this, `groups ${this.groups} does not divide the ${channels} channels of input ${formatSymbolicShape(shape)}`);
    return channels;
  }
}

registerLayer('Conv2D', Conv2D);
