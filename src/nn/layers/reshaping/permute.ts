/**
 * Permuting the non-batch axes.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import { transpose } from '../../../ops/shape-ops.js';
import { Layer, type CallContext, type LayerOptions } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import { registerLayer } from '../registry.js';
import { formatSymbolicShape, layerArgumentError, layerShapeError, singleShape } from '../layer-utils.js';

/** Options of {@link Permute}. */
export interface PermuteOptions extends LayerOptions {
  /** A permutation of `1..rank-1`, numbered from 1 as in Keras (the batch axis 0 stays first). */
  dims: readonly number[];
}

/**
 * Reorders the axes of each sample.
 * @example layers.permute({ dims: [2, 1] })  // [batch, 10, 64] -> [batch, 64, 10]
 */
export class Permute extends Layer {
  readonly dims: readonly number[];

  constructor(options: PermuteOptions) {
    super(options);
    const dims = options?.dims;
    const given: unknown = dims; // Array.isArray(dims) would narrow dims to any[]
    const valid = Array.isArray(given) && dims.length > 0 && [...dims].sort((a, b) => a - b).every((d, i) => d === i + 1);
    if (!valid) throw layerArgumentError('Permute', `dims must be a permutation of 1..n (axes numbered from 1, the batch axis excluded), got ${JSON.stringify(dims)}`);
    this.dims = [...dims];
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return transpose(x, [0, ...this.dims]);
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const shape = singleShape(this, inputShape);
    if (shape.length !== this.dims.length + 1) {
      throw layerShapeError(this, `input ${formatSymbolicShape(shape)} has rank ${shape.length}, expected ${this.dims.length + 1} for dims [${this.dims.join(',')}]`);
    }
    return [shape[0] ?? null, ...this.dims.map((d) => shape[d]!)];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), dims: this.dims };
  }
}

registerLayer('Permute', Permute);
