/**
 * Transposed 2-D convolution layer (learned upsampling).
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import { conv2dTranspose } from '../../../ops/conv.js';
import type { CallContext } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import { registerLayer } from '../registry.js';
import { formatSymbolicShape, intPair, knownDim, layerArgumentError, layerShapeError, positiveInteger, singleShape } from '../layer-utils.js';
import { KernelBiasLayer, type KernelBiasOptions } from '../core/kernel-bias.js';
import { expectImage, transposedOutputSize } from './conv-utils.js';

/** Padding of a transposed convolution: Keras' output sizing, or PyTorch's numeric `padding`. */
export type TransposedPadding = 'valid' | 'same' | number | [number, number];

/** Options of {@link Conv2DTranspose}. */
export interface Conv2DTransposeOptions extends KernelBiasOptions {
  /** Output channels. */
  filters: number;
  /** Window size, one number or `[height, width]`. */
  kernelSize: number | [number, number];
  /** Upsampling factor. Default 1. */
  strides?: number | [number, number];
  /**
   * `'valid'` (default) or `'same'` size the output as Keras (`'same'` gives `in · stride`); a number
   * or `[h, w]` is PyTorch's `padding` (output `(in − 1)·stride − 2·padding + kernel + outputPadding`).
   */
  padding?: TransposedPadding;
  /** Extra rows/columns at the bottom/right (PyTorch's `output_padding`); smaller than the stride. Default none. */
  outputPadding?: number | [number, number] | null;
  /** Spacing between filter taps. Default 1. */
  dilationRate?: number | [number, number];
}

/**
 * The transpose (gradient) of a convolution, used to upsample in decoders and GAN generators:
 * `[batch, h, w, in]` → `[batch, h', w', filters]`.
 *
 * Weights: `weight` `[kh, kw, filters, in]` (Keras' layout; PyTorch's `ConvTranspose2d.weight`
 * `[in, filters, kh, kw]` permuted) and `bias` `[filters]`.
 *
 * @example layers.conv2dTranspose({ filters: 64, kernelSize: 4, strides: 2, padding: 'same' })  // doubles h and w
 */
export class Conv2DTranspose extends KernelBiasLayer {
  readonly filters: number;
  readonly kernelSize: [number, number];
  readonly strides: [number, number];
  readonly padding: TransposedPadding;
  readonly outputPadding: [number, number] | null;
  readonly dilationRate: [number, number];

  constructor(options: Conv2DTransposeOptions) {
    super(options);
    const cls = 'Conv2DTranspose';
    this.filters = positiveInteger(cls, 'filters', options?.filters);
    this.kernelSize = intPair(cls, 'kernelSize', options.kernelSize);
    this.strides = intPair(cls, 'strides', options.strides ?? 1);
    this.dilationRate = intPair(cls, 'dilationRate', options.dilationRate ?? 1);
    const padding = options.padding ?? 'valid';
    const isCount = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
    if (!(padding === 'valid' || padding === 'same' || isCount(padding) || (Array.isArray(padding) && padding.length === 2 && padding.every(isCount)))) {
      throw layerArgumentError(cls, `padding must be 'valid', 'same', an integer >= 0 or [height, width], got ${JSON.stringify(padding)}`);
    }
    this.padding = padding;
    const op = options.outputPadding;
    this.outputPadding = op === undefined || op === null ? null : (typeof op === 'number' ? [op, op] : [op[0], op[1]]);
    if (this.outputPadding && !this.outputPadding.every((p, i) => Number.isInteger(p) && p >= 0 && p < Math.max(this.strides[i]!, this.dilationRate[i]!))) {
      throw layerArgumentError(cls, `outputPadding ${JSON.stringify(op)} must be integers >= 0 and smaller than the strides [${this.strides.join(',')}]`);
    }
    this.initKernelBias(cls, options);
  }

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    const shape = singleShape(this, inputShape);
    expectImage(this, shape);
    const channels = knownDim(this, shape, 3, 'channel');
    this.weight = this.addWeight('weight', [...this.kernelSize, this.filters, channels], this.kernelOptions());
    this.addBias(this.filters);
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const y = conv2dTranspose(x, this.weight!, {
      strides: this.strides,
      padding: this.padding,
      dilations: this.dilationRate,
      ...(this.outputPadding ? { outputPadding: this.outputPadding } : {}),
    });
    return this.biasAndActivate(y);
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const shape = singleShape(this, inputShape);
    expectImage(this, shape);
    if (this.weight && shape[3] !== null && shape[3] !== this.weight.shape[3]) {
      throw layerShapeError(this, `input ${formatSymbolicShape(shape)} has ${shape[3]} channels, but the layer was built for ${this.weight.shape[3]}`);
    }
    const [h, w] = transposedOutputSize(this, shape, this.kernelSize, this.strides, this.dilationRate, this.padding, this.outputPadding);
    return [shape[0] ?? null, h, w, this.filters];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      filters: this.filters,
      kernelSize: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      outputPadding: this.outputPadding,
      dilationRate: this.dilationRate,
      ...this.kernelBiasConfig(),
    };
  }
}

registerLayer('Conv2DTranspose', Conv2DTranspose);
