/**
 * The base class of every layer.
 * @module
 */
import { ArgumentError, ShapeError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { Variable } from '../tensor/variable.js';
import type { DType } from '../tensor/dtype.js';
import { Random } from '../tensor/random.js';
import { isSymbolic, SymbolicTensor, type SymbolicShape } from './symbolic.js';
import { getRegularizer, type Regularizer, type RegularizerIdentifier } from './regularizers.js';

/** Per-call context: whether the model is training (dropout and batch norm depend on it). */
export interface CallContext {
  training: boolean;
  /** Randomness for stochastic layers (dropout); the model provides a seeded one. */
  rng?: Random;
}

/** Options every layer accepts. */
export interface LayerOptions {
  /** Unique name within a model; generated from the class name when omitted. */
  name?: string;
  /** Per-sample input shape (no batch axis), for the first layer of a `Sequential`. */
  inputShape?: readonly number[];
  /** When false, the layer's weights are frozen. */
  trainable?: boolean;
  /** A penalty on the layer's output, added to the loss during training (Keras 3: not divided by the batch size). */
  activityRegularizer?: RegularizerIdentifier | null;
}

/** Creates a weight's initial value from its shape and a seeded generator. */
export type WeightInitializer = (shape: readonly number[], rng: Random, dtype?: DType) => Tensor;

/** A penalty added to the loss for a weight (or an activation), e.g. L2. Returns a scalar tensor. */
export type Penalty = (x: Tensor) => Tensor;

/** A projection applied to a weight after each optimizer step (e.g. max-norm). */
export type Projection = (w: Tensor) => Tensor;

/** Options of {@link Layer.addWeight}. */
export interface AddWeightOptions {
  initializer: WeightInitializer;
  trainable?: boolean;
  regularizer?: Penalty | null;
  constraint?: Projection | null;
  dtype?: DType;
}

/** A weight owned by a layer, with what the training loop needs to know about it. */
export interface LayerWeight {
  /** The name in the layer, matching PyTorch's state dict (`weight`, `bias`, `running_mean`, `weight_ih`...). */
  name: string;
  variable: Variable;
  regularizer: Penalty | null;
  constraint: Projection | null;
}

/** JSON-serialisable layer configuration: `className` plus constructor options. */
export interface LayerConfig {
  className: string;
  config: Record<string, unknown>;
}

const nameCounters = new Map<string, number>();

/** Generates `dense`, `dense_1`, `dense_2`... */
export function uniqueLayerName(prefix: string): string {
  const n = nameCounters.get(prefix) ?? 0;
  nameCounters.set(prefix, n + 1);
  return n === 0 ? prefix : `${prefix}_${n}`;
}

/** Keras' class-name-to-layer-name rule: `Conv2D` → `conv2d`, `BatchNormalization` → `batch_normalization`, `ReLU` → `re_lu`. */
function snakeCase(s: string): string {
  return s
    .replace(/(.)([A-Z][a-z0-9]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/**
 * A layer: weights plus a forward computation. Subclasses implement {@link call} and
 * {@link computeOutputShape}, create weights in {@link build}, and describe themselves in
 * {@link getConfig} so models can be saved and restored.
 *
 * Weights are created lazily on the first call, when the input shape is known.
 */
export abstract class Layer {
  /** Name unique within the model, used as the prefix of weight names (`dense_1.weight`). */
  readonly name: string;
  /** Per-sample input shape given at construction, if any. */
  readonly declaredInputShape: readonly number[] | undefined;
  /** Whether the layer's weights are trained. */
  trainable: boolean;
  /** True once {@link build} has created the weights. */
  built = false;
  /** The input shape the layer was built for (batch axis `null`). */
  builtInputShape: SymbolicShape | null = null;
  private readonly ownWeights: LayerWeight[] = [];
  /** Activity-regularisation penalties produced by the last training call, added to the loss by `fit`. */
  activityLosses: Tensor[] = [];
  /** Penalty on the layer's outputs during training, if any. */
  readonly activityRegularizer: Regularizer | null;

  constructor(options: LayerOptions = {}) {
    this.name = options.name ?? uniqueLayerName(snakeCase(this.constructor.name));
    this.declaredInputShape = options.inputShape ? [...options.inputShape] : undefined;
    this.trainable = options.trainable ?? true;
    this.activityRegularizer = getRegularizer(options.activityRegularizer, `${this.constructor.name}: activityRegularizer`);
  }

  /** The registered class name used in saved configs (defaults to the JS class name). */
  get className(): string {
    return this.constructor.name;
  }

  /**
   * Creates the layer's weights for inputs of `inputShape` (batch axis `null`). Layers without
   * weights need not override it.
   */
  build(_inputShape: SymbolicShape | SymbolicShape[]): void {}

  /** The forward computation on concrete tensors. */
  abstract call(inputs: Tensor | Tensor[], context: CallContext): Tensor | Tensor[];

  /** The output shape(s) for input shape(s), batch axis `null`. Throws a {@link ShapeError} when incompatible. */
  abstract computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape | SymbolicShape[];

  /** Constructor options that recreate this layer (without weights). */
  getConfig(): Record<string, unknown> {
    return {
      name: this.name,
      trainable: this.trainable,
      ...(this.declaredInputShape ? { inputShape: this.declaredInputShape } : {}),
      ...(this.activityRegularizer ? { activityRegularizer: this.activityRegularizer.toConfig() } : {}),
    };
  }

  /**
   * Adds a weight named as in PyTorch's state dict (`weight`, `bias`, `running_mean`...). Call from {@link build}.
   * Initial values come from `initializer` with the model's seeded generator.
   */
  protected addWeight(name: string, shape: readonly number[], options: AddWeightOptions, rng: Random = layerRandom(this)): Variable {
    if (this.ownWeights.some((w) => w.name === name)) throw new ArgumentError(`${this.name}: weight '${name}' is defined twice`);
    const trainable = (options.trainable ?? true) && this.trainable;
    const variable = new Variable(options.initializer(shape, rng, options.dtype), { name: `${this.name}.${name}`, trainable });
    this.ownWeights.push({ name, variable, regularizer: options.regularizer ?? null, constraint: options.constraint ?? null });
    return variable;
  }

  /** Every weight with its regularizer and constraint, in creation order. */
  get layerWeights(): readonly LayerWeight[] {
    return this.ownWeights;
  }

  /** All weights (trainable and not), in creation order. */
  get weights(): Variable[] {
    return this.ownWeights.map((w) => w.variable);
  }

  /** Weights the optimizer updates. */
  get trainableWeights(): Variable[] {
    return this.trainable ? this.ownWeights.filter((w) => w.variable.trainable).map((w) => w.variable) : [];
  }

  /** Weights the optimizer leaves alone (batch-norm running statistics, frozen layers). */
  get nonTrainableWeights(): Variable[] {
    return this.ownWeights.filter((w) => !this.trainable || !w.variable.trainable).map((w) => w.variable);
  }

  /** Number of scalar parameters in all weights. */
  countParams(): number {
    return this.ownWeights.reduce((n, w) => n + w.variable.size, 0);
  }

  /**
   * Calls the layer. With concrete tensors, builds it if needed and runs {@link call}; with
   * {@link SymbolicTensor}s (functional API), checks shapes and returns symbolic outputs.
   */
  apply(inputs: Tensor, context?: CallContext): Tensor;
  apply(inputs: Tensor[], context?: CallContext): Tensor | Tensor[];
  apply(inputs: Tensor | Tensor[], context?: CallContext): Tensor | Tensor[];
  apply(inputs: SymbolicTensor | SymbolicTensor[]): SymbolicTensor;
  apply(inputs: SymbolicTensor | SymbolicTensor[], context?: CallContext): SymbolicTensor | SymbolicTensor[];
  apply(inputs: Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[], context: CallContext = { training: false }): Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    if (list.length > 0 && list.every(isSymbolic)) {
      const symbols = list;
      const shapes = symbols.map((s) => s.shape);
      const shapeArg = Array.isArray(inputs) ? shapes : shapes[0]!;
      this.ensureBuilt(shapeArg);
      const out = this.computeOutputShape(shapeArg);
      // Layers with several outputs (an LSTM returning its state) give one symbolic tensor each.
      if (isShapeList(out)) return out.map((shape, i) => new SymbolicTensor(shape, this, symbols, i));
      return new SymbolicTensor(out, this, symbols);
    }
    const tensors = list as Tensor[];
    const shapes = tensors.map((t) => [null, ...t.shape.slice(1)] as SymbolicShape);
    const shapeArg = Array.isArray(inputs) ? shapes : shapes[0]!;
    this.ensureBuilt(shapeArg);
    // Checking shapes here gives concrete calls the same errors, naming the layer, as symbolic ones.
    this.computeOutputShape(shapeArg);
    const outputs = this.call(inputs as Tensor | Tensor[], context);
    if (context.training && this.activityRegularizer) {
      const regularizer = this.activityRegularizer;
      this.activityLosses = (Array.isArray(outputs) ? outputs : [outputs]).map((o) => regularizer.apply(o));
    }
    return outputs;
  }

  /** Builds the layer once for `inputShape`. */
  ensureBuilt(inputShape: SymbolicShape | SymbolicShape[]): void {
    if (this.built) return;
    this.build(inputShape);
    this.builtInputShape = isShapeList(inputShape) ? null : inputShape;
    this.built = true;
  }

  /** Serialisable description: class name and config. */
  toConfig(): LayerConfig {
    return { className: this.className, config: this.getConfig() };
  }
}

/** True when `s` is a list of shapes rather than one shape. */
export function isShapeList(s: SymbolicShape | SymbolicShape[] | readonly SymbolicShape[]): s is SymbolicShape[] {
  return s.length > 0 && Array.isArray(s[0]);
}

/** Throws a {@link ShapeError} naming the layer unless `shape` has `rank` axes (batch included). */
export function assertInputRank(layer: Layer, shape: SymbolicShape, rank: number, expected: string): void {
  if (shape.length !== rank) {
    throw new ShapeError(`${layer.name}: input [${shape.map((d) => (d === null ? 'null' : String(d))).join(',')}] has rank ${shape.length}, expected ${expected}`);
  }
}

const layerRandoms = new WeakMap<Layer, Random>();
let defaultSeed = 0;

/**
 * The generator a layer initialises its weights from. Models seed their layers with
 * {@link seedLayerRandom}; otherwise a global counter keeps runs reproducible in creation order.
 */
export function layerRandom(layer: Layer): Random {
  let rng = layerRandoms.get(layer);
  if (!rng) {
    rng = new Random(0x5eed + defaultSeed++);
    layerRandoms.set(layer, rng);
  }
  return rng;
}

/** Sets the generator `layer` initialises its weights from (call before it is built). */
export function seedLayerRandom(layer: Layer, rng: Random): void {
  layerRandoms.set(layer, rng);
}

export { isSymbolic, SymbolicTensor };
