/**
 * Layer normalization.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import type { Variable } from '../../../tensor/variable.js';
import { layerNorm } from '../../../ops/normalization.js';
import { reshape } from '../../../ops/shape-ops.js';
import type { CallContext } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import { registerLayer } from '../registry.js';
import { formatSymbolicShape, knownDim, layerArgumentError, layerShapeError, singleShape } from '../layer-utils.js';
import { AffineNormalizationLayer, type AffineNormalizationOptions } from './affine-normalization.js';

/** Options of {@link LayerNormalization}. */
export interface LayerNormalizationOptions extends AffineNormalizationOptions {
  /** Axis or axes normalised over, per sample (default -1, the features). The batch axis is not allowed. */
  axis?: number | number[];
}

/**
 * Normalises each sample over `axis` with its own mean and (biased) variance, then applies a learned
 * elementwise scale and offset of the normalised axes' shape. Same in training and inference.
 *
 * Weights, as PyTorch's `LayerNorm`: `weight` and `bias`, shaped like the normalised axes (for the
 * default last axis, `[features]` = PyTorch's `normalized_shape`).
 */
export class LayerNormalization extends AffineNormalizationLayer {
  readonly axis: number | number[];

  constructor(options: LayerNormalizationOptions = {}) {
    super(options);
    this.axis = options.axis ?? -1;
    const list = Array.isArray(this.axis) ? this.axis : [this.axis];
    if (list.length === 0 || !list.every(Number.isInteger)) throw layerArgumentError('LayerNormalization', `axis must be an integer or a non-empty list of integers, got ${JSON.stringify(this.axis)}`);
    this.initAffine('LayerNormalization', options);
  }

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    const shape = singleShape(this, inputShape);
    const axes = this.normalizedAxes(shape);
    const paramShape = axes.map((a) => knownDim(this, shape, a, `normalised (${a})`));
    this.addAffineWeights(paramShape);
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const axes = this.normalizedAxes(x.shape);
    const trailing = axes.every((a, i) => a === x.rank - axes.length + i);
    // Parameters have the normalised axes' shape; unless those axes are trailing they need unit axes to broadcast.
    const broadcastShape = x.shape.map((d, i) => (axes.includes(i) ? d : 1));
    const shaped = (t: Variable | null): Tensor | null => (t && !trailing ? reshape(t, broadcastShape) : t);
    return layerNorm(x, shaped(this.weight), shaped(this.bias), axes, this.epsilon);
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const shape = singleShape(this, inputShape);
    const axes = this.normalizedAxes(shape);
    const built = this.weight ?? this.bias;
    if (built && axes.some((a, i) => shape[a] !== null && shape[a] !== built.shape[i])) {
      throw layerShapeError(this, `input ${formatSymbolicShape(shape)} has [${axes.map((a) => shape[a]).join(',')}] on axes [${axes.join(',')}], but the layer was built for [${built.shape.join(',')}]`);
    }
    return shape;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      axis: this.axis,
      ...this.affineConfig(),
    };
  }

  private normalizedAxes(shape: SymbolicShape): number[] {
    const list = Array.isArray(this.axis) ? this.axis : [this.axis];
    const axes = list.map((a) => (a < 0 ? shape.length + a : a)).sort((a, b) => a - b);
    if (axes.some((a) => a < 1 || a >= shape.length) || new Set(axes).size !== axes.length) {
      throw layerShapeError(this, `axis ${JSON.stringify(this.axis)} does not name distinct non-batch axes of input ${formatSymbolicShape(shape)}`);
    }
    return axes;
  }
}

registerLayer('LayerNormalization', LayerNormalization);
