/**
 * The part shared by normalization layers without running statistics (layer and instance
 * normalization): epsilon, the learned scale `weight` and offset `bias`, and their config.
 * @module
 */
import type { Variable } from '../../../tensor/variable.js';
import { Layer, type LayerOptions } from '../../layer.js';
import type { InitializerIdentifier } from '../../initializers.js';
import type { RegularizerIdentifier } from '../../regularizers.js';
import type { ConstraintIdentifier } from '../../constraints.js';
import { addWeightOptions, layerArgumentError, serializeWeightSettings, weightSettings, type WeightSettings } from '../layer-utils.js';

/** The options of an {@link AffineNormalizationLayer}. */
export interface AffineNormalizationOptions extends LayerOptions {
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

/** What {@link AffineNormalizationLayer.initAffine} resolves from the options. */
interface AffineSettings {
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: WeightSettings;
  beta: WeightSettings;
}

/**
 * A layer normalising its input, then applying a learned scale `weight` (gamma) and offset `bias`
 * (beta). Subclasses call {@link initAffine} in their constructor after checking their own options
 * (so errors keep their order) and {@link addAffineWeights} in `build`.
 */
export abstract class AffineNormalizationLayer extends Layer {
  /** The scale, set by `build` when {@link scale}. */
  weight: Variable | null = null;
  /** The offset, set by `build` when {@link center}. */
  bias: Variable | null = null;
  private settings!: AffineSettings;

  /** Added to the variance. */
  get epsilon(): number { return this.settings.epsilon; }

  /** Whether an offset `bias` is learned. */
  get center(): boolean { return this.settings.center; }

  /** Whether a scale `weight` is learned. */
  get scale(): boolean { return this.settings.scale; }

  /** Checks `epsilon` and resolves the gamma/beta weight options; errors name `layerClass`. */
  protected initAffine(layerClass: string, options: AffineNormalizationOptions): void {
    const epsilon = options.epsilon ?? 1e-3;
    if (!(epsilon > 0)) throw layerArgumentError(layerClass, `epsilon must be positive, got ${epsilon}`);
    const center = options.center ?? true;
    const scale = options.scale ?? true;
    const o = options as Record<string, unknown>;
    const gamma = weightSettings(layerClass, 'gamma', o, 'ones');
    const beta = weightSettings(layerClass, 'beta', o, 'zeros');
    this.settings = { epsilon, center, scale, gamma, beta };
  }

  /** Creates `weight` (when {@link scale}) and `bias` (when {@link center}) of `shape`. */
  protected addAffineWeights(shape: number[]): void {
    if (this.scale) this.weight = this.addWeight('weight', shape, addWeightOptions(this.settings.gamma));
    if (this.center) this.bias = this.addWeight('bias', shape, addWeightOptions(this.settings.beta));
  }

  /** The config entries of epsilon, center, scale and the beta/gamma weight options. */
  protected affineConfig(): Record<string, unknown> {
    return {
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      ...serializeWeightSettings('beta', this.settings.beta),
      ...serializeWeightSettings('gamma', this.settings.gamma),
    };
  }
}
