/**
 * The densely connected layer.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import { matmul } from '../../../ops/matmul.js';
import type { CallContext } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import { registerLayer } from '../registry.js';
import { formatSymbolicShape, knownDim, layerShapeError, positiveInteger, singleShape } from '../layer-utils.js';
import { KernelBiasLayer, type KernelBiasOptions } from './kernel-bias.js';

/** Options of {@link Dense}. */
export interface DenseOptions extends KernelBiasOptions {
  /** Output features. */
  units: number;
}

/**
 * `activation(x @ weight + bias)` over the last axis of the input: `[batch, ..., in]` → `[batch, ..., units]`.
 *
 * Weights: `weight` `[in, units]` (Keras' kernel; PyTorch's `nn.Linear.weight` transposed) and `bias` `[units]`.
 *
 * @example
 * const layer = layers.dense({ units: 10, activation: 'softmax' });
 * layer.apply(x);  // [32, 784] -> [32, 10]
 */
export class Dense extends KernelBiasLayer {
  readonly units: number;

  constructor(options: DenseOptions) {
    super(options);
    this.units = positiveInteger('Dense', 'units', options?.units);
    this.initKernelBias('Dense', options);
  }

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    const shape = singleShape(this, inputShape);
    this.checkRank(shape);
    const inFeatures = knownDim(this, shape, -1, 'last (features)');
    this.weight = this.addWeight('weight', [inFeatures, this.units], this.kernelOptions());
    this.addBias(this.units);
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return this.biasAndActivate(matmul(x, this.weight!));
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const shape = singleShape(this, inputShape);
    this.checkRank(shape);
    const inFeatures = shape[shape.length - 1];
    if (this.weight && inFeatures !== null && inFeatures !== this.weight.shape[0]) {
      throw layerShapeError(this, `input ${formatSymbolicShape(shape)} has ${inFeatures} features, but the layer was built for ${this.weight.shape[0]}`);
    }
    return [...shape.slice(0, -1), this.units];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      ...this.kernelBiasConfig(),
    };
  }

  private checkRank(shape: SymbolicShape): void {
    if (shape.length < 2) throw layerShapeError(this, `input ${formatSymbolicShape(shape)} has rank ${shape.length}, expected at least 2 ([batch, ..., features])`);
  }
}

registerLayer('Dense', Dense);
