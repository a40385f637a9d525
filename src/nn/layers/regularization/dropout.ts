/**
 * Dropout.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import { Random } from '../../../tensor/random.js';
import { mul } from '../../../ops/arithmetic.js';
import { cast } from '../../../ops/cast.js';
import { Layer, layerRandom, type CallContext, type LayerOptions } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import { registerLayer } from '../registry.js';
import { formatSymbolicShape, layerArgumentError, layerShapeError, singleShape } from '../layer-utils.js';

/** Options of {@link Dropout}. */
export interface DropoutOptions extends LayerOptions {
  /** Fraction of inputs zeroed while training, in [0, 1). */
  rate: number;
  /**
   * Shape of the random mask, broadcast against the input: `[null, 1, 1, null]` drops whole
   * channels of NHWC images. `null` entries take the input's size.
   */
  noiseShape?: readonly (number | null)[] | null;
  /** Seed of the layer's own generator, used only when the call context carries no `rng`. */
  seed?: number | null;
}

/**
 * While training, zeroes each input with probability `rate` and scales the rest by `1 / (1 − rate)`,
 * so the expected value is unchanged; at inference it is the identity. The mask is drawn from
 * `context.rng` (the model's seeded generator), falling back to the layer's own.
 */
export class Dropout extends Layer {
  readonly rate: number;
  readonly noiseShape: readonly (number | null)[] | null;
  readonly seed: number | null;
  private ownRandom: Random | null = null;

  constructor(options: DropoutOptions) {
    super(options);
    const rate = options?.rate;
    if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) throw layerArgumentError('Dropout', `rate must be a number in [0, 1), got ${JSON.stringify(rate)}`);
    this.rate = rate;
    this.noiseShape = options.noiseShape ? [...options.noiseShape] : null;
    this.seed = options.seed ?? null;
  }

  override call(inputs: Tensor | Tensor[], context: CallContext): Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (!context.training || this.rate === 0) return x;
    const rng = context.rng ?? this.fallbackRandom();
    const keep = 1 - this.rate;
    const maskShape = this.noiseShape ? this.noiseShape.map((d, i) => d ?? x.shape[i]!) : x.shape;
    const mask = cast(rng.bernoulli(maskShape, keep), 'float32');
    return mul(x, mul(mask, 1 / keep));
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const shape = singleShape(this, inputShape);
    if (this.noiseShape) {
      const fits = this.noiseShape.length === shape.length && this.noiseShape.every((d, i) => d === null || d === 1 || shape[i] === null || d === shape[i]);
      if (!fits) throw layerShapeError(this, `noiseShape ${formatSymbolicShape(this.noiseShape)} does not broadcast to input ${formatSymbolicShape(shape)}`);
    }
    return shape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, noiseShape: this.noiseShape, seed: this.seed };
  }

  private fallbackRandom(): Random {
    this.ownRandom ??= this.seed === null ? layerRandom(this).fork() : new Random(this.seed);
    return this.ownRandom;
  }
}

registerLayer('Dropout', Dropout);
