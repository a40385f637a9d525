/**
 * Learned position embeddings (keras-hub's `PositionEmbedding`, GPT-2's `wpe`).
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import type { Variable } from '../../../tensor/variable.js';
import { add } from '../../../ops/arithmetic.js';
import { slice } from '../../../ops/slicing.js';
import { Layer, type CallContext, type LayerOptions } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import type { InitializerIdentifier } from '../../initializers.js';
import { registerLayer } from '../registry.js';
import { addWeightOptions, formatSymbolicShape, knownDim, layerShapeError, positiveInteger, serializeWeightSettings, singleShape, weightSettings, type WeightSettings } from '../layer-utils.js';

/** Options of {@link PositionEmbedding}. */
export interface PositionEmbeddingOptions extends LayerOptions {
  /** Longest sequence the layer has positions for. */
  maxLength: number;
  /** Default `glorotUniform` (as keras-hub). */
  initializer?: InitializerIdentifier;
}

/**
 * Adds a learned vector per position to `[batch, time, features]` inputs: `x[:, t] + weight[t]`,
 * for sequences of up to `maxLength` positions. Weight: `weight` `[maxLength, features]`.
 *
 * @example layers.positionEmbedding({ maxLength: 64 }).apply(tokens)   // [32, 64, 128] -> [32, 64, 128]
 */
export class PositionEmbedding extends Layer {
  readonly maxLength: number;
  private readonly settings: WeightSettings;
  weight: Variable | null = null;

  constructor(options: PositionEmbeddingOptions) {
    super(options);
    this.maxLength = positiveInteger('PositionEmbedding', 'maxLength', options?.maxLength);
    this.settings = weightSettings('PositionEmbedding', '', { Initializer: options.initializer }, 'glorotUniform');
  }

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    const shape = this.checked(inputShape);
    this.weight = this.addWeight('weight', [this.maxLength, knownDim(this, shape, 2, 'features')], addWeightOptions(this.settings));
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    this.checked(x.shape);
    return add(x, slice(this.weight!, [0, 0], [x.shape[1]!, -1]));
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    return this.checked(inputShape);
  }

  private checked(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const shape = singleShape(this, inputShape);
    if (shape.length !== 3) throw layerShapeError(this, `input ${formatSymbolicShape(shape)} has rank ${shape.length}, expected [batch, time, features]`);
    if (shape[1] !== null && shape[1]! > this.maxLength) throw layerShapeError(this, `input ${formatSymbolicShape(shape)} has ${shape[1]} positions, more than maxLength ${this.maxLength}`);
    if (this.weight && shape[2] !== null && shape[2] !== this.weight.shape[1]) throw layerShapeError(this, `input ${formatSymbolicShape(shape)} has ${shape[2]} features, but the layer was built for ${this.weight.shape[1]}`);
    return shape;
  }

  override getConfig(): Record<string, unknown> {
    const saved = serializeWeightSettings('', this.settings);
    return { ...super.getConfig(), maxLength: this.maxLength, initializer: saved.Initializer };
  }
}

registerLayer('PositionEmbedding', PositionEmbedding);
