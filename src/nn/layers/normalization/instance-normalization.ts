/**
 * Instance normalization, the normalization of style-transfer networks.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import type { Variable } from '../../../tensor/variable.js';
import { instanceNorm } from '../../../ops/normalization.js';
import { Layer, type CallContext, type LayerOptions } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import type { InitializerIdentifier } from '../../initializers.js';
import type { RegularizerIdentifier } from '../../regularizers.js';
import type { ConstraintIdentifier } from '../../constraints.js';
import { registerLayer } from '../registry.js';
import {
  addWeightOptions, expectRank, formatSymbolicShape, knownDim, layerArgumentError, layerShapeError, serializeWeightSettings, singleShape,
  weightSettings, type WeightSettings,
} from '../layer-utils.js';

/** Options of {@link InstanceNormalization}. */
export interface InstanceNormalizationOptions extends LayerOptions {
  /** Added to the variance (default 1e-3 as Keras-contrib's layer; PyTorch uses 1e-5). */
  epsilon?: number;
  /** Learn a per-channel offset `bias`. Default true. */
  center?: boolean;
  /** Learn a per-channel scale `weight`. Default true. */
  scale?: boolean;
  betaInitializer?: InitializerIdentifier;
  gammaInitializer?: InitializerIdentifier;
  betaRegularizer?: RegularizerIdentifier | null;
  gammaRegularizer?: RegularizerIdentifier | null;
  betaConstraint?: ConstraintIdentifier | null;
  gammaConstraint?: ConstraintIdentifier | null;
}

/**
 * Normalises every channel of every image (NHWC) over its height and width, then applies a learned
 * per-channel scale and offset. Same in training and inference (no running statistics).
 *
 * Weights, as PyTorch's `InstanceNorm2d(affine=True)`: `weight` and `bias`, each `[channels]`.
 */
export class InstanceNormalization extends Layer {
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  private readonly gammaSettings: WeightSettings;
  private readonly betaSettings: WeightSettings;
  weight: Variable | null = null;
  bias: Variable | null = null;

  constructor(options: InstanceNormalizationOptions = {}) {
    super(options);
    this.epsilon = options.epsilon ?? 1e-3;
    if (!(this.epsilon > 0)) throw layerArgumentError('InstanceNormalization', `epsilon must be positive, got ${this.epsilon}`);
    this.center = options.center ?? true;
    this.scale = options.scale ?? true;
    const o = options as Record<string, unknown>;
    this.gammaSettings = weightSettings('InstanceNormalization', 'gamma', o, 'ones');
    this.betaSettings = weightSettings('InstanceNormalization', 'beta', o, 'zeros');
  }

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    const shape = singleShape(this, inputShape);
    expectRank(this, shape, 4, '[batch, height, width, channels]');
    const channels = knownDim(this, shape, 3, 'channel');
    if (this.scale) this.weight = this.addWeight('weight', [channels], addWeightOptions(this.gammaSettings));
    if (this.center) this.bias = this.addWeight('bias', [channels], addWeightOptions(this.betaSettings));
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return instanceNorm(x, this.weight, this.bias, this.epsilon);
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const shape = singleShape(this, inputShape);
    expectRank(this, shape, 4, '[batch, height, width, channels]');
    const built = this.weight ?? this.bias;
    if (built && shape[3] !== null && shape[3] !== built.shape[0]) {
      throw layerShapeError(this, `input ${formatSymbolicShape(shape)} has ${shape[3]} channels, but the layer was built for ${built.shape[0]}`);
    }
    return shape;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      ...serializeWeightSettings('beta', this.betaSettings),
      ...serializeWeightSettings('gamma', this.gammaSettings),
    };
  }
}

registerLayer('InstanceNormalization', InstanceNormalization);
