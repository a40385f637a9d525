/**
 * The model base class, and the functional model: a graph of layer calls from symbolic inputs to
 * outputs. `Sequential` extends it. Training (`compile`, `fit`...) and saving live in their own
 * modules; this file holds structure: layers, weights, calling, shapes.
 * @module
 */
import { ArgumentError, ShapeError } from '../errors.js';
import { Layer, isShapeList, type CallContext } from '../nn/layer.js';
import type { SymbolicShape, SymbolicTensor } from '../nn/symbolic.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Variable } from '../tensor/variable.js';
import type { LayerWeight } from '../nn/layer.js';
import { tensor } from '../tensor/creation.js';
import { Graph } from './graph.js';
import { formatSymbolicShape, shapesCompatible } from './shapes.js';
import { seedLayer } from './seeding.js';
import { formatSummary, type SummaryOptions, type SummaryRow } from './summary.js';
import { resolveCompile, type CompileOptions, type CompiledModel } from './compile.js';
import { fitModel, type FitOptions } from './training/fit.js';
import { evaluateModel, type EvaluateOptions } from './training/evaluate.js';
import { predictModel, type PredictOptions } from './training/predict.js';
import { predictOnBatch, testOnBatch, trainOnBatch, type BatchOptions } from './training/on-batch.js';
import type { DataInput, TargetInput } from './training/data-adapter.js';
import type { History } from './callbacks/history.js';
import { saveModel, type SaveOptions } from './save-model.js';
import type { Snapshot } from '../io/snapshots.js';

/** Options of the functional {@link Model}. */
export interface ModelOptions {
  /** Model inputs, made by `input({ shape })`. */
  inputs?: SymbolicTensor | SymbolicTensor[];
  /** What the model computes: symbolic tensors returned by `layer.apply(...)`. */
  outputs?: SymbolicTensor | SymbolicTensor[];
  /** Model name (default `model`, `model_1`...). */
  name?: string;
  /**
   * Initialises every layer's weights from this seed (layer by layer, in order), so the starting
   * point depends only on the seed and the architecture; also the default seed of `fit`'s shuffling
   * and dropout. Omit it when the model reuses trained layers: their weights would be re-initialised.
   */
  seed?: number;
}

/**
 * A model: layers connected from inputs to outputs, that can be trained (`compile`, `fit`),
 * evaluated, used for prediction, summarised and saved. Use it directly for graphs with several
 * inputs, outputs or shared layers; use {@link Sequential} for a plain stack.
 *
 * @example
 * const img = input({ shape: [28, 28, 1] });
 * const meta = input({ shape: [4] });
 * const features = layers.flatten().apply(img);
 * const out = layers.dense({ units: 10, activation: 'softmax' }).apply(layers.concatenate().apply([features, meta]));
 * const model = new Model({ inputs: [img, meta], outputs: out, seed: 0 });
 */
export class Model extends Layer {
  /** Set by callbacks (early stopping, NaN guards) to end `fit` after the current batch. */
  stopTraining = false;
  /** The seed given at construction, if any. */
  readonly seed: number | undefined;
  /** Loss, metrics and optimizer, set by {@link compile}. */
  compiled: CompiledModel | null = null;
  /** The {@link History} of the last `fit`, as Keras keeps `model.history`. */
  history: History | null = null;
  private readonly graph: Graph | null;
  private readonly singleInput: boolean;
  private readonly singleOutput: boolean;

  constructor(options: ModelOptions = {}) {
    super({ name: options.name });
    this.seed = options.seed;
    if (options.seed !== undefined && !Number.isFinite(options.seed)) throw new ArgumentError(`${this.className}: seed must be a finite number, got ${options.seed}`);
    const isSubclass = new.target !== Model;
    if (options.inputs === undefined || options.outputs === undefined) {
      if (!isSubclass) throw new ArgumentError('Model: pass { inputs, outputs } (from input() and layer.apply), or use Sequential for a stack of layers');
      this.graph = null;
      this.singleInput = true;
      this.singleOutput = true;
      return;
    }
    const inputs = Array.isArray(options.inputs) ? options.inputs : [options.inputs];
    const outputs = Array.isArray(options.outputs) ? options.outputs : [options.outputs];
    if (inputs.length === 0 || outputs.length === 0) throw new ArgumentError(`${this.className}: a model needs at least one input and one output`);
    this.graph = new Graph(inputs, outputs, this.className);
    this.singleInput = !Array.isArray(options.inputs);
    this.singleOutput = !Array.isArray(options.outputs);
    this.built = true;
    if (this.seed !== undefined) this.reinitialize(this.seed);
  }

  /** The layers, in the order they are called (each shared layer once). */
  get layers(): Layer[] {
    return this.requireGraph().layers;
  }

  /** Looks a layer up by name or by index in {@link layers}; throws naming the known layers when absent. */
  getLayer(nameOrIndex: string | number): Layer {
    const layers = this.layers;
    const found = typeof nameOrIndex === 'number' ? layers[nameOrIndex] : layers.find((l) => l.name === nameOrIndex);
    if (!found) {
      const what = typeof nameOrIndex === 'number' ? `index ${nameOrIndex} (it has ${layers.length} layers)` : `'${nameOrIndex}'`;
      throw new ArgumentError(`${this.name}.getLayer: no layer ${what}; layers: ${layers.map((l) => l.name).join(', ') || 'none'}`);
    }
    return found;
  }

  /** Per-sample-with-batch shapes the model accepts, one per input (`null` while unknown). */
  get inputShapes(): (SymbolicShape | null)[] {
    return this.requireGraph().inputs.map((t) => t.shape);
  }

  /** Output shapes, one per output (`null` while the model is unbuilt). */
  get outputShapes(): (SymbolicShape | null)[] {
    return this.requireGraph().outputs.map((t) => t.shape);
  }

  /** Number of inputs the model takes. */
  get numInputs(): number {
    return this.requireGraph().inputs.length;
  }

  /** Names of the outputs (the producing layer's name), used to label per-output losses and metrics. */
  get outputNames(): string[] {
    const names = this.requireGraph().outputs.map((t) => t.sourceLayer?.name ?? t.name ?? 'input');
    return names.map((n, i) => (names.indexOf(n) === i ? n : `${n}_${i}`));
  }

  /** True when the model returns one tensor rather than a list. */
  get hasSingleOutput(): boolean {
    return this.singleOutput;
  }

  override get layerWeights(): readonly LayerWeight[] {
    return this.layers.flatMap((l) => l.layerWeights);
  }

  override get weights(): Variable[] {
    return this.layers.flatMap((l) => l.weights);
  }

  override get trainableWeights(): Variable[] {
    return this.trainable ? this.layers.flatMap((l) => l.trainableWeights) : [];
  }

  override get nonTrainableWeights(): Variable[] {
    return this.trainable ? this.layers.flatMap((l) => l.nonTrainableWeights) : this.weights;
  }

  override countParams(): number {
    return this.layers.reduce((n, l) => n + l.countParams(), 0);
  }

  /** Copies of every weight's current value, in {@link weights} order (see {@link setWeights}). */
  getWeights(): Tensor[] {
    return this.weights.map((w) => tensor(w.data(), w.shape, w.dtype));
  }

  /** Assigns values to every weight, in {@link weights} order; shapes must match. */
  setWeights(values: readonly Tensor[]): void {
    const weights = this.weights;
    if (values.length !== weights.length) throw new ArgumentError(`${this.name}.setWeights: got ${values.length} tensors, the model has ${weights.length} weights`);
    weights.forEach((w, i) => w.assign(values[i]!));
  }

  /** Runs the model on concrete tensors (one per input); checks each input's shape first. */
  override call(inputs: Tensor | Tensor[], context: CallContext): Tensor | Tensor[] {
    const list = this.checkInputs(inputs);
    const out = this.requireGraph().run(list, context);
    return this.singleOutput ? out[0]! : out;
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape | SymbolicShape[] {
    const list = isShapeList(inputShape) ? inputShape : [inputShape];
    this.checkInputShapes(list);
    const out = this.requireGraph().inferShapes(list, this.name);
    return this.singleOutput ? out[0]! : out;
  }

  /**
   * Re-initialises every layer's weights from `seed` (layer `i` from a generator derived from
   * `(seed, i)`), as the `seed` option does at construction.
   */
  reinitialize(seed: number): void {
    const graph = this.requireGraph();
    this.layers.forEach((layer, i) => {
      const node = graph.nodes.find((n) => n.layer === layer)!;
      const shapes = node.inputs.map((t) => t.shape);
      seedLayer(layer, seed, i, shapes.length === 1 ? shapes[0]! : shapes);
    });
  }

  /**
   * Checks concrete inputs against the model's declared input shapes; returns them as a list.
   * @internal
   */
  checkInputs(inputs: Tensor | Tensor[]): Tensor[] {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    this.checkInputShapes(list.map((t) => t.shape));
    return list;
  }

  /**
   * Throws naming the input, the declared shape and the given one unless `shapes` (one per input,
   * batch axis included) fit the model's inputs.
   * @internal
   */
  checkInputShapes(shapes: readonly (SymbolicShape | readonly number[])[]): void {
    const expected = this.inputShapes;
    if (expected.length > 0 && shapes.length !== expected.length) {
      throw new ArgumentError(`${this.name}: expected ${expected.length} input${expected.length === 1 ? '' : 's'}, got ${shapes.length}`);
    }
    shapes.forEach((got, i) => {
      const shape = expected[i];
      if (shape && !shapesCompatible(shape, got)) {
        const which = expected.length > 1 ? ` ${i}` : '';
        throw new ShapeError(`${this.name}: input${which} expects ${formatSymbolicShape(shape)}, got ${formatSymbolicShape(got)}`);
      }
    });
  }

  /** @internal One row per layer for {@link summary}. */
  summaryRows(): SummaryRow[] {
    const graph = this.requireGraph();
    return this.layers.map((layer) => {
      const nodes = graph.nodes.filter((n) => n.layer === layer);
      const shapes = nodes[0]!.outputs.filter(Boolean).map((t) => t.shape);
      const connected = nodes.flatMap((n) => n.inputs.map((t) => (t.sourceLayer ? t.sourceLayer.name : (t.name ?? `input_${graph.inputs.indexOf(t)}`))));
      return { layer, outputShape: nodes.length > 1 ? 'multiple' : shapes.map(formatSymbolicShape).join(', '), connectedTo: connected };
    });
  }

  /**
   * A Keras-style table of layers, output shapes and parameter counts, with totals. Printed with
   * `console.log` unless `print: false`; returned either way.
   */
  summary(options: SummaryOptions = {}): string {
    const text = formatSummary(this, this.summaryRows(), options);
    if (options.print !== false) (typeof options.print === 'function' ? options.print : console.log)(text);
    return text;
  }

  /**
   * Configures training: the optimizer, the loss (one for all outputs, or one per output by position
   * or output name), metrics and per-output loss weights.
   * @example model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
   */
  compile(options: CompileOptions): void {
    this.compiled = resolveCompile(options, this.outputNames, this.name);
  }

  /** Trains the model; resolves to the {@link History} of per-epoch logs. See {@link FitOptions}. */
  async fit(x: DataInput, y?: TargetInput, options: FitOptions = {}): Promise<History> {
    this.history = await fitModel(this, x, y, options);
    return this.history;
  }

  /** Loss and metrics over a data set: `{ loss, accuracy, ... }`. */
  evaluate(x: DataInput, y?: TargetInput, options: EvaluateOptions = {}): Promise<Record<string, number>> {
    return evaluateModel(this, x, y, options);
  }

  /** Predictions for every sample, computed in batches without recording gradients. */
  predict(x: DataInput, options: PredictOptions = {}): Promise<Tensor | Tensor[]> {
    return predictModel(this, x, options);
  }

  /** One optimisation step on one batch; returns the loss and metrics of that batch. */
  trainOnBatch(x: DataInput, y: TargetInput, options: BatchOptions = {}): Record<string, number> {
    return trainOnBatch(this, x, y, options);
  }

  /** Loss and metrics of one batch, without training. */
  testOnBatch(x: DataInput, y: TargetInput, options: BatchOptions = {}): Record<string, number> {
    return testOnBatch(this, x, y, options);
  }

  /** Predictions for one batch. */
  predictOnBatch(x: DataInput): Tensor | Tensor[] {
    return predictOnBatch(this, x);
  }

  /**
   * Saves the architecture (`model.json`), the weights (`weights.safetensors`) and, with
   * `includeOptimizer`, the optimizer state (`optimizer.safetensors`) as a new snapshot folder
   * `dir/model-<n>/`, which becomes visible all at once: a crash leaves the previous save or this
   * one, never a mix. Restore with `loadModel(dir)`. Returns the snapshot written.
   */
  save(dir: string, options: SaveOptions = {}): Snapshot {
    return saveModel(this, dir, options);
  }

  /** The architecture as JSON-serialisable config (graph of layer calls for functional models). */
  override getConfig(): Record<string, unknown> {
    const graph = this.requireGraph();
    const layerIndex = (layer: Layer) => graph.layers.indexOf(layer);
    return {
      name: this.name,
      trainable: this.trainable,
      ...(this.seed !== undefined ? { seed: this.seed } : {}),
      inputs: graph.inputs.map((t, i) => ({ name: t.name ?? `input_${i}`, shape: t.shape.slice(1) })),
      singleInput: this.singleInput,
      layers: graph.layers.map((l) => l.toConfig()),
      nodes: graph.nodes.map((n) => ({ layer: layerIndex(n.layer), inputs: n.inputs.map((t) => graph.sourceOf(t)) })),
      outputs: graph.outputs.map((t) => graph.sourceOf(t)),
      singleOutput: this.singleOutput,
    };
  }

  private requireGraph(): Graph {
    if (!this.graph) throw new ArgumentError(`${this.className} ${this.name}: this model has no graph; subclasses must override the structural methods`);
    return this.graph;
  }
}
