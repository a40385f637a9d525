/**
 * 2-D convolution layer.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import type { Variable } from '../../../tensor/variable.js';
import { add } from '../../../ops/arithmetic.js';
import { conv2d, type Conv2DOptions as Conv2DOpOptions } from '../../../ops/conv.js';
import { Layer, type CallContext, type LayerOptions } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import { activationName, getActivation, type ActivationFn, type ActivationIdentifier } from '../../activations.js';
import type { InitializerIdentifier } from '../../initializers.js';
import type { RegularizerIdentifier } from '../../regularizers.js';
import type { ConstraintIdentifier } from '../../constraints.js';
import { registerLayer } from '../registry.js';
import {
  addWeightOptions, formatSymbolicShape, intPair, layerArgumentError, knownDim, layerShapeError, positiveInteger, serializeWeightSettings, singleShape, weightSettings,
  type WeightSettings,
} from '../layer-utils.js';
import { checkPadding, expectImage, slidingOutputSize, type LayerPadding } from './conv-utils.js';

/** Options of {@link Conv2D}. */
export interface Conv2DOptions extends LayerOptions {
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
  activation?: ActivationIdentifier;
  useBias?: boolean;
  /** Default `glorotUniform`. */
  kernelInitializer?: InitializerIdentifier;
  /** Default `zeros`. */
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier | null;
  biasRegularizer?: RegularizerIdentifier | null;
  kernelConstraint?: ConstraintIdentifier | null;
  biasConstraint?: ConstraintIdentifier | null;
}

/**
 * Convolves NHWC images with `filters` learned kernels: `[batch, h, w, in]` → `[batch, h', w', filters]`.
 *
 * Weights: `weight` HWIO `[kh, kw, in / groups, filters]` (PyTorch's OIHW `[filters, in / groups, kh, kw]`
 * permuted; see `torch-import`) and `bias` `[filters]`.
 *
 * @example layers.conv2d({ filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' })
 */
export class Conv2D extends Layer {
  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: LayerPadding;
  readonly dilationRate: [number, number];
  readonly groups: number;
  readonly activation: string;
  readonly useBias: boolean;
  private readonly activationFn: ActivationFn;
  private readonly kernelSettings: WeightSettings;
  private readonly biasSettings: WeightSettings;
  weight: Variable | null = null;
  bias: Variable | null = null;

  constructor(options: Conv2DOptions) {
    super(options);
    this.filters = positiveInteger('Conv2D', 'filters', options?.filters);
    this.kernelSize = intPair('Conv2D', 'kernelSize', options.kernelSize);
    this.strides = intPair('Conv2D', 'strides', options.strides ?? 1);
    this.padding = checkPadding('Conv2D', options.padding ?? 'valid');
    this.dilationRate = intPair('Conv2D', 'dilationRate', options.dilationRate ?? 1);
    this.groups = positiveInteger('Conv2D', 'groups', options.groups ?? 1);
    if (this.filters % this.groups !== 0) throw layerArgumentError('Conv2D', `groups ${this.groups} does not divide filters ${this.filters}`);
    this.activation = activationName(options.activation, 'Conv2D');
    this.activationFn = getActivation(this.activation);
    this.useBias = options.useBias ?? true;
    const o = options as unknown as Record<string, unknown>;
    this.kernelSettings = weightSettings('Conv2D', 'kernel', o, 'glorotUniform');
    this.biasSettings = weightSettings('Conv2D', 'bias', o, 'zeros');
  }

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    const shape = singleShape(this, inputShape);
    const channels = this.inputChannels(shape);
    this.weight = this.addWeight('weight', [...this.kernelSize, channels / this.groups, this.filters], addWeightOptions(this.kernelSettings));
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], addWeightOptions(this.biasSettings));
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    let y = conv2d(x, this.weight!, { strides: this.strides, padding: this.padding as Conv2DOpOptions['padding'], dilations: this.dilationRate, groups: this.groups });
    if (this.bias) y = add(y, this.bias);
    return this.activationFn(y);
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
      activation: this.activation,
      useBias: this.useBias,
      ...serializeWeightSettings('kernel', this.kernelSettings),
      ...serializeWeightSettings('bias', this.biasSettings),
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
