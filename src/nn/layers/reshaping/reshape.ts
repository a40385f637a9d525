/**
 * Reshaping each sample.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import { reshape } from '../../../ops/shape-ops.js';
import { Layer, type CallContext, type LayerOptions } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import { registerLayer } from '../registry.js';
import { formatSymbolicShape, layerArgumentError, layerShapeError, singleShape } from '../layer-utils.js';

/** Options of {@link Reshape}. */
export interface ReshapeOptions extends LayerOptions {
  /** The per-sample shape (no batch axis); one entry may be -1, inferred from the others. */
  targetShape: readonly number[];
}

/**
 * Gives each sample the shape `targetShape` (the batch axis is kept). No copy is made.
 * @example layers.reshape({ targetShape: [7, 7, 64] })  // [32, 3136] -> [32, 7, 7, 64]
 */
export class Reshape extends Layer {
  readonly targetShape: readonly number[];

  constructor(options: ReshapeOptions) {
    super(options);
    const target = options?.targetShape;
    const given: unknown = target; // Array.isArray(target) would narrow target to any[]
    if (!Array.isArray(given) || !target.every((d) => Number.isInteger(d) && (d > 0 || d === -1)) || target.filter((d) => d === -1).length > 1) {
      throw layerArgumentError('Reshape', `targetShape must be a list of positive integers with at most one -1, got ${JSON.stringify(target)}`);
    }
    this.targetShape = [...target];
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return reshape(x, [x.shape[0]!, ...(this.computeOutputShape([null, ...x.shape.slice(1)]).slice(1) as number[])]);
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const shape = singleShape(this, inputShape);
    if (shape.length < 1) throw layerShapeError(this, 'input is a scalar, expected [batch, ...]');
    const rest = shape.slice(1);
    if (rest.some((d) => d === null)) return [shape[0] ?? null, ...this.targetShape.map((d) => (d === -1 ? null : d))];
    const size = rest.reduce<number>((p, d) => p * d!, 1);
    const known = this.targetShape.reduce((p, d) => (d === -1 ? p : p * d), 1);
    const inferred = size / known;
    const fits = this.targetShape.includes(-1) ? Number.isInteger(inferred) : known === size;
    if (!fits) {
      throw layerShapeError(this, `cannot reshape input ${formatSymbolicShape(shape)} (${size} values per sample) to [${this.targetShape.join(',')}]`);
    }
    return [shape[0] ?? null, ...this.targetShape.map((d) => (d === -1 ? inferred : d))];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), targetShape: this.targetShape };
  }
}

registerLayer('Reshape', Reshape);
