/**
 * A trained model as a list of layer calls that explanation methods can run piece by piece: to
 * read an intermediate activation (Grad-CAM), to restart the forward pass from a replaced
 * activation, or to stop before a final softmax (logit scores). Works for Sequential and functional
 * models through their public structure (`model.layers` and `getConfig()`).
 * @module
 */
import * as layerClasses from '../../nn/layers/index.js';
import { ArgumentError } from '../../errors.js';
import { Sequential } from '../../model/sequential.js';
import { add } from '../../ops/arithmetic.js';
import { matmul } from '../../ops/matmul.js';
import type { Layer } from '../../nn/layer.js';
import type { Model } from '../../model/model.js';
import type { Tensor } from '../../tensor/tensor.js';

/** Where a call's input comes from: the model input or an output of an earlier call. */
export type Source = { input: number } | { node: number; output: number };

/** One layer call. */
export interface Step {
  readonly layer: Layer;
  readonly inputs: readonly Source[];
}

/** The calls of a single-input model in an order where inputs come first, and where its output comes from. */
export interface Program {
  readonly steps: readonly Step[];
  readonly output: Source;
}

/** Options of {@link runProgram}. */
export interface RunOptions {
  /** Stop before a final softmax or sigmoid, so the output is logits (see {@link logitHead}). */
  logits?: boolean;
  /**
   * Restart from a replaced activation: every call up to and including `node` takes its outputs
   * from `values` (a previous run's); `node`'s first output is `replacement`; later calls run.
   */
  from?: { values: readonly (readonly Tensor[])[]; node: number; replacement: Tensor };
}

/** Splits `model` into its layer calls; throws for models with several inputs or outputs. */
export function modelProgram(model: Model): Program {
  if (model.numInputs !== 1) throw new ArgumentError(`explain: model ${model.name} takes ${model.numInputs} inputs; explanations need a single image input`);
  if (!model.hasSingleOutput) throw new ArgumentError(`explain: model ${model.name} has several outputs; explanations need a single class-score output`);
  const layers = model.layers;
  if (model instanceof Sequential) {
    const steps = layers.map((layer, i) => ({ layer, inputs: [i === 0 ? { input: 0 } : { node: i - 1, output: 0 }] }));
    return { steps, output: { node: steps.length - 1, output: 0 } };
  }
  const config = model.getConfig() as { nodes?: { layer: number; inputs: Source[] }[]; outputs?: Source[] };
  if (!Array.isArray(config.nodes) || !Array.isArray(config.outputs)) {
    throw new ArgumentError(`explain: model ${model.name} (${model.className}) does not describe its graph; use a Sequential or functional model`);
  }
  const steps = config.nodes.map((n) => ({ layer: layers[n.layer]!, inputs: n.inputs }));
  return { steps, output: config.outputs[0]! };
}

/** Every call's outputs, in step order (`values[node][output]`), and the model output. */
export interface RunResult {
  readonly values: Tensor[][];
  readonly output: Tensor;
}

/** Runs the program on a batch `[N, H, W, C]` in inference mode. */
export function runProgram(program: Program, x: Tensor, options: RunOptions = {}): RunResult {
  const values: Tensor[][] = [];
  const read = (s: Source): Tensor => ('input' in s ? x : values[s.node]![s.output]!);
  const head = 'node' in program.output ? program.output.node : -1;
  const from = options.from;
  program.steps.forEach((step, i) => {
    if (from && i < from.node) {
      values.push([...from.values[i]!]);
      return;
    }
    if (from && i === from.node) {
      values.push([from.replacement, ...from.values[i]!.slice(1)]);
      return;
    }
    const args = step.inputs.map(read);
    if (options.logits && i === head) {
      values.push([logitHead(step.layer, args[0]!)]);
      return;
    }
    const out = args.length === 1 ? step.layer.apply(args[0]!, { training: false }) : step.layer.apply(args, { training: false });
    values.push(Array.isArray(out) ? out : [out]);
  });
  return { values, output: read(program.output) };
}

/**
 * The final layer without its squashing: a `Dense` with `softmax`/`sigmoid` activation gives
 * `x·W + b`; a `Softmax` layer or a softmax/sigmoid `Activation` gives its input. Any other layer
 * already outputs scores and runs as usual.
 */
export function logitHead(layer: Layer, x: Tensor): Tensor {
  if (layer instanceof layerClasses.Dense && (layer.activation === 'softmax' || layer.activation === 'sigmoid')) {
    const y = matmul(x, layer.weight!);
    return layer.bias ? add(y, layer.bias) : y;
  }
  if (layer instanceof layerClasses.Softmax) return x;
  if (layer instanceof layerClasses.Activation && (layer.activation === 'softmax' || layer.activation === 'sigmoid')) return x;
  return layer.apply(x, { training: false });
}

/** True when the model's last layer squashes scores into probabilities (softmax or sigmoid). */
export function hasProbabilityHead(program: Program): boolean {
  const head = 'node' in program.output ? program.steps[program.output.node]!.layer : null;
  if (!head) return false;
  if (head instanceof layerClasses.Softmax) return true;
  return (head instanceof layerClasses.Dense || head instanceof layerClasses.Activation) && (head.activation === 'softmax' || head.activation === 'sigmoid');
}
