/**
 * Weight initializers, as Keras defines them: Glorot, He, LeCun (variance scaling), orthogonal,
 * constants and plain random distributions. Every initializer draws from the seeded {@link Random}
 * a layer passes to it, so a model's initial weights follow from its seed.
 *
 * @example
 * layers.dense({ units: 64, kernelInitializer: 'heNormal' });
 * layers.lstm({ units: 128, recurrentInitializer: initializers.orthogonal({ gain: 1 }) });
 * @module
 */
import { ArgumentError } from '../errors.js';
import type { DType } from '../tensor/dtype.js';
import { full, tensor } from '../tensor/creation.js';
import type { Random } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { sizeOf } from '../tensor/shape.js';
import type { WeightInitializer } from './layer.js';
import { configNumber, isSerializedObject, ObjectRegistry, type SerializedObject } from './serialization.js';

/** Creates a weight's initial value. Subclasses are registered by class name for saving. */
export abstract class Initializer {
  /** The registered class name, e.g. `GlorotUniform`. */
  abstract readonly className: string;
  /** A tensor of `shape` drawn from `rng`. */
  abstract initialize(shape: readonly number[], rng: Random, dtype?: DType): Tensor;
  /** Options that recreate this initializer. */
  getConfig(): Record<string, unknown> {
    return {};
  }
  /** `{className, config}`, JSON-serialisable. */
  toConfig(): SerializedObject {
    return { className: this.className, config: this.getConfig() };
  }
  /** This initializer as the plain function {@link Layer.addWeight} takes. */
  asFunction(): WeightInitializer {
    return (shape, rng, dtype) => this.initialize(shape, rng, dtype);
  }
}

/**
 * Fan-in and fan-out of a weight, as Keras computes them: a dense kernel `[in, out]` gives
 * `(in, out)`; a convolution kernel (HWIO `[kh, kw, in, out]`, or any rank above 2) multiplies the
 * last two axes by the receptive field (the product of the leading axes); a vector has fan `n` both ways.
 */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  const receptiveField = sizeOf(shape.slice(0, -2));
  return { fanIn: shape[shape.length - 2]! * receptiveField, fanOut: shape[shape.length - 1]! * receptiveField };
}

/** Every element `value`. */
export class Constant extends Initializer {
  readonly className: string = 'Constant';
  constructor(readonly value = 0) {
    super();
  }
  initialize(shape: readonly number[], _rng: Random, dtype: DType = 'float32'): Tensor {
    return full(shape, this.value, dtype);
  }
  override getConfig(): Record<string, unknown> {
    return { value: this.value };
  }
}

/** Every element 0 (default for biases). */
export class Zeros extends Constant {
  override readonly className = 'Zeros';
  constructor() {
    super(0);
  }
  override getConfig(): Record<string, unknown> {
    return {};
  }
}

/** Every element 1 (default for normalization scales). */
export class Ones extends Constant {
  override readonly className = 'Ones';
  constructor() {
    super(1);
  }
  override getConfig(): Record<string, unknown> {
    return {};
  }
}

/** Normal samples with `mean` and `stddev` (Keras defaults 0 and 0.05). */
export class RandomNormal extends Initializer {
  readonly className = 'RandomNormal';
  constructor(readonly mean = 0, readonly stddev = 0.05) {
    super();
  }
  initialize(shape: readonly number[], rng: Random): Tensor {
    return rng.normal(shape, this.mean, this.stddev);
  }
  override getConfig(): Record<string, unknown> {
    return { mean: this.mean, stddev: this.stddev };
  }
}

/** Uniform samples in `[minval, maxval)` (Keras defaults ±0.05). */
export class RandomUniform extends Initializer {
  readonly className = 'RandomUniform';
  constructor(readonly minval = -0.05, readonly maxval = 0.05) {
    super();
    if (!(minval <= maxval)) throw new ArgumentError(`RandomUniform: minval ${minval} must not exceed maxval ${maxval}`);
  }
  initialize(shape: readonly number[], rng: Random): Tensor {
    return rng.uniform(shape, this.minval, this.maxval);
  }
  override getConfig(): Record<string, unknown> {
    return { minval: this.minval, maxval: this.maxval };
  }
}

/** Normal samples redrawn until within two standard deviations of `mean` (Keras defaults 0 and 0.05). */
export class TruncatedNormal extends Initializer {
  readonly className = 'TruncatedNormal';
  constructor(readonly mean = 0, readonly stddev = 0.05) {
    super();
  }
  initialize(shape: readonly number[], rng: Random): Tensor {
    return rng.truncatedNormal(shape, this.mean, this.stddev);
  }
  override getConfig(): Record<string, unknown> {
    return { mean: this.mean, stddev: this.stddev };
  }
}

/** Which fan {@link VarianceScaling} divides by. */
export type FanMode = 'fanIn' | 'fanOut' | 'fanAvg';
/** The distribution {@link VarianceScaling} draws from. */
export type ScalingDistribution = 'truncatedNormal' | 'untruncatedNormal' | 'uniform';

/** The standard deviation of a standard normal truncated to ±2: Keras divides by it so the truncated draw keeps the target variance. */
const TRUNCATED_NORMAL_STDDEV = 0.8796256610342398;

/**
 * Samples with variance `scale / n`, where `n` is the fan-in, fan-out or their average
 * ({@link computeFans}). Glorot, He and LeCun are instances of it.
 */
export class VarianceScaling extends Initializer {
  readonly className: string = 'VarianceScaling';
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: ScalingDistribution;

  constructor(options: { scale?: number; mode?: FanMode | 'fan_in' | 'fan_out' | 'fan_avg'; distribution?: ScalingDistribution | 'truncated_normal' | 'untruncated_normal' | 'normal' } = {}) {
    super();
    this.scale = options.scale ?? 1;
    if (!(this.scale > 0)) throw new ArgumentError(`VarianceScaling: scale must be positive, got ${this.scale}`);
    const mode = { fan_in: 'fanIn', fan_out: 'fanOut', fan_avg: 'fanAvg' }[options.mode as string] ?? options.mode ?? 'fanIn';
    if (mode !== 'fanIn' && mode !== 'fanOut' && mode !== 'fanAvg') throw new ArgumentError(`VarianceScaling: mode must be fanIn, fanOut or fanAvg, got '${mode}'`);
    this.mode = mode;
    const dist = { truncated_normal: 'truncatedNormal', untruncated_normal: 'untruncatedNormal', normal: 'truncatedNormal' }[options.distribution as string] ?? options.distribution ?? 'truncatedNormal';
    if (dist !== 'truncatedNormal' && dist !== 'untruncatedNormal' && dist !== 'uniform') {
      throw new ArgumentError(`VarianceScaling: distribution must be truncatedNormal, untruncatedNormal or uniform, got '${dist}'`);
    }
    this.distribution = dist;
  }

  initialize(shape: readonly number[], rng: Random): Tensor {
    const { fanIn, fanOut } = computeFans(shape);
    const n = Math.max(1, this.mode === 'fanIn' ? fanIn : this.mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2);
    const variance = this.scale / n;
    if (this.distribution === 'uniform') {
      const limit = Math.sqrt(3 * variance);
      return rng.uniform(shape, -limit, limit);
    }
    if (this.distribution === 'untruncatedNormal') return rng.normal(shape, 0, Math.sqrt(variance));
    return rng.truncatedNormal(shape, 0, Math.sqrt(variance) / TRUNCATED_NORMAL_STDDEV);
  }

  override getConfig(): Record<string, unknown> {
    return { scale: this.scale, mode: this.mode, distribution: this.distribution };
  }
}

function preset(className: string, scale: number, mode: FanMode, distribution: ScalingDistribution) {
  return class extends VarianceScaling {
    override readonly className = className;
    constructor() {
      super({ scale, mode, distribution });
    }
    override getConfig(): Record<string, unknown> {
      return {};
    }
  };
}

/** Uniform in `±sqrt(6 / (fanIn + fanOut))`: Keras' default kernel initializer. */
export const GlorotUniform = preset('GlorotUniform', 1, 'fanAvg', 'uniform');
/** Truncated normal with stddev `sqrt(2 / (fanIn + fanOut))`. */
export const GlorotNormal = preset('GlorotNormal', 1, 'fanAvg', 'truncatedNormal');
/** Truncated normal with stddev `sqrt(2 / fanIn)`: suits ReLU networks. */
export const HeNormal = preset('HeNormal', 2, 'fanIn', 'truncatedNormal');
/** Uniform in `±sqrt(6 / fanIn)`. */
export const HeUniform = preset('HeUniform', 2, 'fanIn', 'uniform');
/** Truncated normal with stddev `sqrt(1 / fanIn)`: suits SELU networks. */
export const LecunNormal = preset('LecunNormal', 1, 'fanIn', 'truncatedNormal');
/** Uniform in `±sqrt(3 / fanIn)`. */
export const LecunUniform = preset('LecunUniform', 1, 'fanIn', 'uniform');

/**
 * A (semi-)orthogonal matrix times `gain`, Keras' default for recurrent kernels. The weight is viewed as
 * `[prod(shape[:-1]), shape[-1]]`; its rows (when there are fewer rows than columns) or its columns are
 * orthonormal. Computed as the Q factor of a normal matrix, with signs fixed so the factor is unique.
 */
export class Orthogonal extends Initializer {
  readonly className = 'Orthogonal';
  constructor(readonly gain = 1) {
    super();
  }

  initialize(shape: readonly number[], rng: Random): Tensor {
    if (shape.length < 2) throw new ArgumentError(`Orthogonal: shape [${shape.join(',')}] has rank ${shape.length}, expected at least 2`);
    const rows = sizeOf(shape.slice(0, -1));
    const cols = shape[shape.length - 1]!;
    const tall = Math.max(rows, cols);
    const narrow = Math.min(rows, cols);
    const q = orthonormalColumns(rng.normal([tall, narrow]).data<'float32'>(), tall, narrow);
    const out = new Float32Array(rows * cols);
    for (let i = 0; i < tall; i++) {
      for (let j = 0; j < narrow; j++) {
        // When rows < cols, the tall factor is transposed so the rows come out orthonormal.
        const target = rows >= cols ? i * cols + j : j * cols + i;
        out[target] = this.gain * q[i * narrow + j]!;
      }
    }
    return tensor(out, shape);
  }

  override getConfig(): Record<string, unknown> {
    return { gain: this.gain };
  }
}

/**
 * Orthonormalises the columns of the row-major `[m, n]` matrix `a` (m >= n) by modified Gram–Schmidt,
 * run twice for float64 accuracy. Equals the Q of a QR factorisation whose R has a positive diagonal.
 */
function orthonormalColumns(a: ArrayLike<number>, m: number, n: number): Float64Array {
  const q = Float64Array.from(a);
  for (let j = 0; j < n; j++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        let dot = 0;
        for (let i = 0; i < m; i++) dot += q[i * n + k]! * q[i * n + j]!;
        for (let i = 0; i < m; i++) q[i * n + j]! -= dot * q[i * n + k]!;
      }
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += q[i * n + j]! ** 2;
    norm = Math.sqrt(norm);
    // A normal matrix is full rank with probability 1; guard anyway against an exact zero column.
    if (norm === 0) throw new ArgumentError('Orthogonal: the random matrix was rank deficient; try another seed');
    for (let i = 0; i < m; i++) q[i * n + j]! /= norm;
  }
  return q;
}

/** Anything a layer option accepts as an initializer: a name (`'heNormal'`, `'he_normal'`), an instance, or a saved config. */
export type InitializerIdentifier = string | Initializer | SerializedObject;

const registry = new ObjectRegistry<Initializer>('initializer');
registry.register('Zeros', () => new Zeros(), ['zero']);
registry.register('Ones', () => new Ones(), ['one']);
registry.register('Constant', (c) => new Constant(configNumber(c, 'value', 0, 'Constant')));
registry.register('RandomNormal', (c) => new RandomNormal(configNumber(c, 'mean', 0, 'RandomNormal'), configNumber(c, 'stddev', 0.05, 'RandomNormal')), ['normal']);
registry.register('RandomUniform', (c) => new RandomUniform(configNumber(c, 'minval', -0.05, 'RandomUniform'), configNumber(c, 'maxval', 0.05, 'RandomUniform')), ['uniform']);
registry.register('TruncatedNormal', (c) => new TruncatedNormal(configNumber(c, 'mean', 0, 'TruncatedNormal'), configNumber(c, 'stddev', 0.05, 'TruncatedNormal')));
registry.register('VarianceScaling', (c) => new VarianceScaling(c));
registry.register('GlorotUniform', () => new GlorotUniform(), ['xavierUniform']);
registry.register('GlorotNormal', () => new GlorotNormal(), ['xavierNormal']);
registry.register('HeNormal', () => new HeNormal(), ['kaimingNormal']);
registry.register('HeUniform', () => new HeUniform(), ['kaimingUniform']);
registry.register('LecunNormal', () => new LecunNormal());
registry.register('LecunUniform', () => new LecunUniform());
registry.register('Orthogonal', (c) => new Orthogonal(configNumber(c, 'gain', 1, 'Orthogonal')));

/**
 * Resolves an initializer identifier: a name in any casing (`'glorotUniform'`, `'glorot_uniform'`,
 * `'GlorotUniform'`), an {@link Initializer}, or a `{className, config}` from a saved model.
 */
export function getInitializer(identifier: InitializerIdentifier, caller = 'getInitializer'): Initializer {
  if (identifier instanceof Initializer) return identifier;
  if (typeof identifier === 'string' || isSerializedObject(identifier)) return registry.create(identifier, caller);
  throw new ArgumentError(`${caller}: expected an initializer name, Initializer or {className, config}, got ${JSON.stringify(identifier)}`);
}

/** `{className, config}` of an initializer, for layer configs. */
export function serializeInitializer(initializer: Initializer): SerializedObject {
  return initializer.toConfig();
}

/**
 * Adds an initializer class to the name registry so saved configs can find it.
 * @example registerInitializer('MyInit', (config) => new MyInit(config));
 */
export function registerInitializer(className: string, create: (config: Record<string, unknown>) => Initializer): void {
  registry.register(className, create);
}

/** Every registered initializer class name. */
export function initializerNames(): string[] {
  return registry.names();
}

/** Keras' default kernel initializer. */
export const glorotUniform = (): Initializer => new GlorotUniform();
/** Glorot (Xavier) normal. */
export const glorotNormal = (): Initializer => new GlorotNormal();
/** He (Kaiming) normal, for ReLU networks. */
export const heNormal = (): Initializer => new HeNormal();
/** He (Kaiming) uniform. */
export const heUniform = (): Initializer => new HeUniform();
/** LeCun normal. */
export const lecunNormal = (): Initializer => new LecunNormal();
/** LeCun uniform. */
export const lecunUniform = (): Initializer => new LecunUniform();
/** Orthogonal matrices times `gain` (default for recurrent kernels). */
export const orthogonal = (options: { gain?: number } = {}): Initializer => new Orthogonal(options.gain ?? 1);
/** Zeros. */
export const zeros = (): Initializer => new Zeros();
/** Ones. */
export const ones = (): Initializer => new Ones();
/** A constant `value`. */
export const constant = (value: number): Initializer => new Constant(value);
/** Normal samples, Keras defaults `mean` 0, `stddev` 0.05. */
export const randomNormal = (options: { mean?: number; stddev?: number } = {}): Initializer => new RandomNormal(options.mean, options.stddev);
/** Uniform samples, Keras defaults `minval` -0.05, `maxval` 0.05. */
export const randomUniform = (options: { minval?: number; maxval?: number } = {}): Initializer => new RandomUniform(options.minval, options.maxval);
/** Normal samples truncated to two standard deviations, Keras defaults `mean` 0, `stddev` 0.05. */
export const truncatedNormal = (options: { mean?: number; stddev?: number } = {}): Initializer => new TruncatedNormal(options.mean, options.stddev);
/** Variance scaling with explicit scale, mode and distribution. */
export const varianceScaling = (options: ConstructorParameters<typeof VarianceScaling>[0] = {}): Initializer => new VarianceScaling(options);
