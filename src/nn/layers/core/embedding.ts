/**
 * The embedding layer: a lookup table of learned vectors.
 * @module
 */
import { ArgumentError } from '../../../errors.js';
import type { Tensor } from '../../../tensor/tensor.js';
import type { Variable } from '../../../tensor/variable.js';
import { cast } from '../../../ops/cast.js';
import { gather } from '../../../ops/indexing.js';
import { Layer, type CallContext, type LayerOptions } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import type { InitializerIdentifier } from '../../initializers.js';
import type { RegularizerIdentifier } from '../../regularizers.js';
import type { ConstraintIdentifier } from '../../constraints.js';
import { registerLayer } from '../registry.js';
import { addWeightOptions, formatSymbolicShape, layerShapeError, positiveInteger, serializeWeightSettings, singleShape, weightSettings, type WeightSettings } from '../layer-utils.js';

/** Options of {@link Embedding}. */
export interface EmbeddingOptions extends LayerOptions {
  /** Vocabulary size: indices run from 0 to `inputDim − 1`. */
  inputDim: number;
  /** Length of each vector. */
  outputDim: number;
  /** Default `uniform` (U(−0.05, 0.05), as Keras). */
  embeddingsInitializer?: InitializerIdentifier;
  embeddingsRegularizer?: RegularizerIdentifier | null;
  embeddingsConstraint?: ConstraintIdentifier | null;
}

/**
 * Maps integer indices `[batch, ...]` to rows of `weight` `[inputDim, outputDim]`, giving
 * `[batch, ..., outputDim]` (same layout as PyTorch's `nn.Embedding.weight`). Float indices are
 * truncated to integers; indices outside `[0, inputDim)` throw. The gradient accumulates into the
 * rows that were used.
 * @example layers.embedding({ inputDim: 10000, outputDim: 64 })   // [32, 20] -> [32, 20, 64]
 */
export class Embedding extends Layer {
  readonly inputDim: number;
  readonly outputDim: number;
  private readonly embeddingsSettings: WeightSettings;
  weight: Variable | null = null;

  constructor(options: EmbeddingOptions) {
    super(options);
    this.inputDim = positiveInteger('Embedding', 'inputDim', options?.inputDim);
    this.outputDim = positiveInteger('Embedding', 'outputDim', options.outputDim);
    this.embeddingsSettings = weightSettings('Embedding', 'embeddings', options as unknown as Record<string, unknown>, 'uniform');
  }

  override build(_inputShape: SymbolicShape | SymbolicShape[]): void {
    this.weight = this.addWeight('weight', [this.inputDim, this.outputDim], addWeightOptions(this.embeddingsSettings));
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const indices = x.dtype === 'int32' ? x : cast(x, 'int32');
    const values = indices.values;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (v < 0 || v >= this.inputDim) throw new ArgumentError(`${this.name} (Embedding): index ${v} (element ${i} of input ${formatSymbolicShape(x.shape)}) is outside the vocabulary [0, ${this.inputDim})`);
    }
    return gather(this.weight!, indices, 0);
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const shape = singleShape(this, inputShape);
    if (shape.length < 1) throw layerShapeError(this, 'input is a scalar, expected [batch, ...] indices');
    return [...shape, this.outputDim];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), inputDim: this.inputDim, outputDim: this.outputDim, ...serializeWeightSettings('embeddings', this.embeddingsSettings) };
  }
}

registerLayer('Embedding', Embedding);
