/**
 * A plain stack of layers, each feeding the next.
 * @module
 */
import { AtelierError, ArgumentError, ShapeError } from '../errors.js';
import { Layer, isShapeList, type CallContext } from '../nn/layer.js';
import { SymbolicTensor, isSymbolic, type SymbolicShape } from '../nn/symbolic.js';
import type { Tensor } from '../tensor/tensor.js';
import { Model } from './model.js';
import { formatSymbolicShape, shapesCompatible } from './shapes.js';
import { seedLayer } from './seeding.js';
import type { SummaryRow } from './summary.js';

/** Options of {@link Sequential}. */
export interface SequentialOptions {
  /** The layers, first to last (more can be added with {@link Sequential.add}). */
  layers?: Layer[];
  /** Model name (default `sequential`, `sequential_1`...). */
  name?: string;
  /** Seeds every layer's initial weights (layer `i` from `(seed, i)`) and `fit`'s shuffling; see {@link ModelOptions.seed}. */
  seed?: number;
  /** Per-sample input shape, when the first layer does not declare `inputShape`. */
  inputShape?: readonly number[];
}

/**
 * A linear stack of layers. Give the first layer an `inputShape` to build the model (and check
 * every layer's shape) as layers are added; otherwise it is built on the first batch of data.
 *
 * @example
 * const model = new Sequential({ seed: 0, layers: [
 *   layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
 *   layers.flatten(),
 *   layers.dense({ units: 10, activation: 'softmax' }),
 * ] });
 */
export class Sequential extends Model {
  private readonly stack: Layer[] = [];
  /** Input shape with batch axis, once known. */
  private inputShape: SymbolicShape | null = null;
  /** Output shape of each layer, once the model is built. */
  private readonly layerOutputShapes: SymbolicShape[] = [];

  constructor(options: SequentialOptions = {}) {
    super({ name: options.name, seed: options.seed });
    if (options.inputShape) this.inputShape = [null, ...options.inputShape];
    for (const layer of options.layers ?? []) this.add(layer);
  }

  override get layers(): Layer[] {
    return [...this.stack];
  }

  override get inputShapes(): (SymbolicShape | null)[] {
    return [this.inputShape];
  }

  override get outputShapes(): (SymbolicShape | null)[] {
    return [this.layerOutputShapes.length === this.stack.length && this.stack.length > 0 ? this.layerOutputShapes[this.stack.length - 1]! : null];
  }

  override get numInputs(): number {
    return 1;
  }

  override get outputNames(): string[] {
    return [this.stack[this.stack.length - 1]?.name ?? 'output'];
  }

  override get hasSingleOutput(): boolean {
    return true;
  }

  /**
   * Appends a layer. When the input shape is known, the layer is built at once and its input is
   * checked against the previous layer's output.
   */
  add(layer: Layer): this {
    if (!(layer instanceof Layer)) throw new ArgumentError(`Sequential.add: expected a Layer, got ${layer === null ? 'null' : typeof layer}`);
    if (this.stack.includes(layer)) throw new ArgumentError(`Sequential.add: layer ${layer.name} is already in ${this.name}`);
    const clash = this.stack.find((l) => l.name === layer.name);
    if (clash) throw new ArgumentError(`Sequential.add: ${this.name} already has a layer named '${layer.name}'; layer names must be unique within a model`);
    const index = this.stack.length;
    if (index === 0 && !this.inputShape) this.inputShape = declaredInput(layer);
    if (this.inputShape && this.layerOutputShapes.length === index) {
      const previous = index === 0 ? this.inputShape : this.layerOutputShapes[index - 1]!;
      this.layerOutputShapes.push(this.connect(layer, index, previous));
    }
    this.stack.push(layer);
    if (this.inputShape && this.layerOutputShapes.length === this.stack.length) this.built = true;
    return this;
  }

  /** Removes the last layer. */
  pop(): Layer {
    const layer = this.stack.pop();
    if (!layer) throw new ArgumentError(`Sequential.pop: ${this.name} has no layers`);
    this.layerOutputShapes.length = Math.min(this.layerOutputShapes.length, this.stack.length);
    return layer;
  }

  /** Builds every layer for inputs of `inputShape` (batch axis `null`); called by the first `fit`/`predict` when no input shape was declared. */
  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    if (isShapeList(inputShape)) throw new ArgumentError(`Sequential: ${this.name} takes one input, got ${inputShape.length}`);
    if (this.stack.length === 0) throw new ArgumentError(`Sequential: ${this.name} has no layers; add some with model.add(layer)`);
    if (this.inputShape && this.layerOutputShapes.length === this.stack.length) return;
    this.inputShape = inputShape;
    this.layerOutputShapes.length = 0;
    let shape: SymbolicShape = inputShape;
    this.stack.forEach((layer, i) => {
      shape = this.connect(layer, i, shape);
      this.layerOutputShapes.push(shape);
    });
  }

  override call(inputs: Tensor | Tensor[], context: CallContext): Tensor {
    let [x] = this.checkInputs(inputs);
    for (const layer of this.stack) x = layer.apply(x!, context);
    return x!;
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    if (isShapeList(inputShape)) throw new ShapeError(`Sequential: ${this.name} takes one input, got ${inputShape.length}`);
    this.checkInputShapes([inputShape]);
    let shape = inputShape;
    for (const layer of this.stack) shape = layer.computeOutputShape(shape) as SymbolicShape;
    return shape;
  }

  override reinitialize(seed: number): void {
    this.stack.forEach((layer, i) => seedLayer(layer, seed, i, this.layerInputShape(i)));
  }

  override summaryRows(): SummaryRow[] {
    return this.stack.map((layer, i) => {
      const shape = this.layerOutputShapes[i];
      return { layer, outputShape: shape ? formatSymbolicShape(shape) : '?', connectedTo: [] };
    });
  }

  override getConfig(): Record<string, unknown> {
    return {
      name: this.name,
      trainable: this.trainable,
      ...(this.seed !== undefined ? { seed: this.seed } : {}),
      ...(this.inputShape ? { inputShape: this.inputShape.slice(1) } : {}),
      layers: this.stack.map((l) => l.toConfig()),
    };
  }

  private layerInputShape(index: number): SymbolicShape | null {
    if (index === 0) return this.inputShape;
    return this.layerOutputShapes[index - 1] ?? null;
  }

  /** Seeds `layer`, checks that it accepts `incoming`, builds it, and returns its output shape. */
  private connect(layer: Layer, index: number, incoming: SymbolicShape): SymbolicShape {
    const previous = index === 0 ? 'the model input' : `previous layer ${this.stack[index - 1]!.name}`;
    const describe = `${layer.name} (${layer.className})`;
    const expected = layer.built && layer.builtInputShape ? layer.builtInputShape : index > 0 && layer.declaredInputShape ? [null, ...layer.declaredInputShape] : null;
    if (expected && !shapesCompatible(expected, incoming)) {
      throw new ShapeError(`Sequential: layer ${describe} expects input ${formatSymbolicShape(expected)}, ${previous} outputs ${formatSymbolicShape(incoming)}`);
    }
    if (this.seed !== undefined) seedLayer(layer, this.seed, index, incoming);
    let out: SymbolicTensor | SymbolicTensor[];
    try {
      // The overload says one output, but a multi-output layer returns a list: checked below.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
      out = layer.apply(new SymbolicTensor(incoming, null, [])) as SymbolicTensor | SymbolicTensor[];
    } catch (e) {
      if (!(e instanceof AtelierError)) throw e;
      const ErrorClass = e.constructor as new (message: string) => AtelierError;
      throw new ErrorClass(`Sequential: layer ${describe} cannot take ${previous === 'the model input' ? 'the model input' : `the output of ${previous}`} ${formatSymbolicShape(incoming)}: ${e.message}`);
    }
    if (!isSymbolic(out)) throw new ShapeError(`Sequential: layer ${describe} returns ${out.length} outputs; a Sequential layer must return one (use the functional Model)`);
    return out.shape;
  }
}

/** The input shape (batch axis included) a layer declares: its `inputShape`, or a nested model's known input. */
function declaredInput(layer: Layer): SymbolicShape | null {
  if (layer.declaredInputShape) return [null, ...layer.declaredInputShape];
  if (layer instanceof Model && layer.numInputs === 1) return layer.inputShapes[0] ?? null;
  return null;
}
