/**
 * Layer normalization.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import type { Variable } from '../../../tensor/variable.js';
import { layerNorm } from '../../../ops/normalization.js';
import { reshape } from '../../../ops/shape-ops.js';
import { Layer, type CallContext, type LayerOptions } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import type { InitializerIdentifier } from '../../initializers.js';
import type { RegularizerIdentifier } from '../../regularizers.js';
import type { ConstraintIdentifier } from '../../constraints.js';
import { registerLayer } from '../registry.js';
import {
  addWeightOptions, formatSymbolicShape, knownDim, layerArgumentError, layerShapeError, serializeWeightSettings, singleShape, weightSettings,
  type WeightSettings,
} from '../layer-utils.js';

/** Options of {@link LayerNormalization}. */
export interface LayerNormalizationOptions extends LayerOptions {
  /** Axis or axes normalised over, per sample (default -1, the features). The batch axis is not allowed. */
  axis?: number | number[];
  /** Added to the variance (default 1e-3 as Keras; PyTorch uses 1e-5). */
  epsilon?: number;
  /** Learn an offset `bias`. Default true. */
  center?: boolean;
  /** Learn a scale `weight`. Default true. */
  scale?: boolean;
  betaInitializer?: InitializerIdentifier;
  gammaInitializer?: InitializerIdentifier;
  betaRegularizer?: RegularizerIdentifier | null;
  gammaRegularizer?: RegularizerIdentifier | null;
  betaConstraint?: ConstraintIdentifier | null;
  gammaConstraint?: ConstraintIdentifier | null;
}

/**
 * Normalises each sample over `axis` with its own mean and (biased) variance, then applies a learned
 * elementwise scale and offset of the normalised axes' shape. Same in training and inference.
 *
 * Weights, as PyTorch's `LayerNorm`: `weight` and `bias`, shaped like the normalised axes (for the
 * default last axis, `[features]` = PyTorch's `normalized_shape`).
 */
export class LayerNormalization extends Layer {
  readonly axis: number | number[];
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private readonly gammaSettings: WeightSettings;
  private readonly betaSettings: WeightSettings;
  weight: Variable | null = null;
  bias: Variable | null = null;

  constructor(options: LayerNormalizationOptions = {}) {
    super(options);
    this.axis = options.axis ?? -1;
    const list = Array.isArray(this.axis) ? this.axis : [this.axis];
    if (list.length === 0 || !list.every(Number.isInteger)) throw layerArgumentError('LayerNormalization', `axis must be an integer or a non-empty list of integers, got ${JSON.stringify(this.axis)}`);
    this.epsilon = options.epsilon ?? 1e-3;
    if (!(this.epsilon > 0)) throw layerArgumentError('LayerNormalization', `epsilon must be positive, got ${this.epsilon}`);
    this.center = options.center ?? true;
    this.scale = options.scale ?? true;
    const o = options as Record<string, unknown>;
    this.gammaSettings = weightSettings('LayerNormalization', 'gamma', o, 'ones');
    this.betaSettings = weightSettings('LayerNormalization', 'beta', o, 'zeros');
  }

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    const shape = singleShape(this, inputShape);
    const axes = this.normalizedAxes(shape);
    const paramShape = axes.map((a) => knownDim(this, shape, a, `normalised (${a})`));
    if (this.scale) this.weight = this.addWeight('weight', paramShape, addWeightOptions(this.gammaSettings));
    if (this.center) this.bias = this.addWeight('bias', paramShape, addWeightOptions(this.betaSettings));
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
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      ...serializeWeightSettings('beta', this.betaSettings),
      ...serializeWeightSettings('gamma', this.gammaSettings),
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
