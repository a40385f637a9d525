/**
 * The densely connected layer.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import type { Variable } from '../../../tensor/variable.js';
import { add } from '../../../ops/arithmetic.js';
import { matmul } from '../../../ops/matmul.js';
import { Layer, type CallContext, type LayerOptions } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import { activationName, getActivation, type ActivationFn, type ActivationIdentifier } from '../../activations.js';
import type { InitializerIdentifier } from '../../initializers.js';
import type { RegularizerIdentifier } from '../../regularizers.js';
import type { ConstraintIdentifier } from '../../constraints.js';
import { registerLayer } from '../registry.js';
import {
  addWeightOptions, formatSymbolicShape, knownDim, layerShapeError, positiveInteger, serializeWeightSettings, singleShape, weightSettings,
  type WeightSettings,
} from '../layer-utils.js';

/** Options of {@link Dense}. */
export interface DenseOptions extends LayerOptions {
  /** Output features. */
  units: number;
  /** Applied to the output (default none). */
  activation?: ActivationIdentifier;
  /** Whether to add a bias (default true). */
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
 * `activation(x @ weight + bias)` over the last axis of the input: `[batch, ..., in]` → `[batch, ..., units]`.
 *
 * Weights: `weight` `[in, units]` (Keras' kernel; PyTorch's `nn.Linear.weight` transposed) and `bias` `[units]`.
 *
 * @example
 * const layer = layers.dense({ units: 10, activation: 'softmax' });
 * layer.apply(x);  // [32, 784] -> [32, 10]
 */
export class Dense extends Layer {
  readonly units: number;
  readonly activation: string;
  readonly useBias: boolean;
  private readonly activationFn: ActivationFn;
  private readonly kernelSettings: WeightSettings;
  private readonly biasSettings: WeightSettings;
  /** `[in, units]`, set by {@link build}. */
  weight: Variable | null = null;
  /** `[units]`, set by {@link build} when `useBias`. */
  bias: Variable | null = null;

  constructor(options: DenseOptions) {
    super(options);
    this.units = positiveInteger('Dense', 'units', options?.units);
    this.activation = activationName(options.activation, 'Dense');
    this.activationFn = getActivation(this.activation);
    this.useBias = options.useBias ?? true;
    this.kernelSettings = weightSettings('Dense', 'kernel', options as unknown as Record<string, unknown>, 'glorotUniform');
    this.biasSettings = weightSettings('Dense', 'bias', options as unknown as Record<string, unknown>, 'zeros');
  }

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    const shape = singleShape(this, inputShape);
    this.checkRank(shape);
    const inFeatures = knownDim(this, shape, -1, 'last (features)');
    this.weight = this.addWeight('weight', [inFeatures, this.units], addWeightOptions(this.kernelSettings));
    if (this.useBias) this.bias = this.addWeight('bias', [this.units], addWeightOptions(this.biasSettings));
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    let y = matmul(x, this.weight!);
    if (this.bias) y = add(y, this.bias);
    return this.activationFn(y);
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
      activation: this.activation,
      useBias: this.useBias,
      ...serializeWeightSettings('kernel', this.kernelSettings),
      ...serializeWeightSettings('bias', this.biasSettings),
    };
  }

  private checkRank(shape: SymbolicShape): void {
    if (shape.length < 2) throw layerShapeError(this, `input ${formatSymbolicShape(shape)} has rank ${shape.length}, expected at least 2 ([batch, ..., features])`);
  }
}

registerLayer('Dense', Dense);
