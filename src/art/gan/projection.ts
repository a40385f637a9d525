/**
 * The class projection of a projection discriminator (Miyato & Koyama 2018): the inner product of
 * the discriminator's features with a learned embedding of the requested class.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Variable } from '../../tensor/variable.js';
import { cast } from '../../ops/cast.js';
import { gather } from '../../ops/indexing.js';
import { mul } from '../../ops/arithmetic.js';
import { sum } from '../../ops/reduce.js';
import { reshape } from '../../ops/shape-ops.js';
import { Layer, type CallContext, type LayerOptions } from '../../nn/layer.js';
import type { SymbolicShape } from '../../nn/symbolic.js';
import { randomNormal } from '../../nn/initializers.js';
import { registerLayer } from '../../nn/layers/index.js';

/** Options of {@link ClassProjection}. */
export interface ClassProjectionOptions extends LayerOptions {
  /** Number of classes: labels run from 0 to `numClasses − 1`. */
  numClasses: number;
  /** Standard deviation of the initial embedding (default 0.02, as the other DCGAN weights). */
  stddev?: number;
}

/**
 * Takes `[features [batch, F], labels [batch, 1]]` and returns `[batch, 1]`:
 * `Σ_f features[b, f] · weight[labels[b], f]`, the class-conditional term `⟨embed(y), φ(x)⟩` that a
 * projection discriminator adds to its unconditional logit. The weight is `[numClasses, F]`.
 */
export class ClassProjection extends Layer {
  readonly numClasses: number;
  readonly stddev: number;
  weight: Variable | null = null;

  constructor(options: ClassProjectionOptions) {
    super(options);
    if (!(Number.isInteger(options?.numClasses) && options.numClasses >= 1)) throw new ArgumentError(`ClassProjection: numClasses must be a positive integer, got ${options?.numClasses}`);
    this.numClasses = options.numClasses;
    this.stddev = options.stddev ?? 0.02;
  }

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    const features = this.shapes(inputShape)[0];
    const width = features[1];
    if (typeof width !== 'number') throw new ArgumentError(`${this.name}: the feature width must be known, got [${features.join(',')}]`);
    this.weight = this.addWeight('weight', [this.numClasses, width], { initializer: (shape, rng) => randomNormal({ stddev: this.stddev }).initialize(shape, rng) });
  }

  override call(inputs: Tensor | Tensor[], _context: CallContext): Tensor {
    if (!Array.isArray(inputs) || inputs.length !== 2) throw new ArgumentError(`${this.name}: expects [features, labels]`);
    const [features, labels] = inputs as [Tensor, Tensor];
    const indices = reshape(labels.dtype === 'int32' ? labels : cast(labels, 'int32'), [-1]);
    const values = indices.values;
    for (let i = 0; i < values.length; i++) {
      if (!(values[i]! >= 0 && values[i]! < this.numClasses)) throw new ArgumentError(`${this.name}: label ${values[i]} (sample ${i}) is outside the classes [0, ${this.numClasses})`);
    }
    const embedded = gather(this.weight!, indices, 0);
    return sum(mul(features, embedded), 1, true);
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const [features, labels] = this.shapes(inputShape);
    if (features.length !== 2) throw new ArgumentError(`${this.name}: features must be [batch, F], got [${features.join(',')}]`);
    if (labels.length !== 2 || labels[1] !== 1) throw new ArgumentError(`${this.name}: labels must be [batch, 1], got [${labels.join(',')}]`);
    return [features[0] ?? null, 1];
  }

  private shapes(inputShape: SymbolicShape | SymbolicShape[]): [SymbolicShape, SymbolicShape] {
    const list = inputShape as SymbolicShape[];
    if (!Array.isArray(list[0]) || list.length !== 2) throw new ArgumentError(`${this.name}: expects two inputs [features, labels]`);
    return [list[0], list[1]!];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), numClasses: this.numClasses, stddev: this.stddev };
  }
}

registerLayer('ClassProjection', ClassProjection);
