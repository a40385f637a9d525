/**
 * The character-level language models: embedding → stacked LSTM or GRU (dropout between layers) →
 * dense logits over the vocabulary at every step. The recurrent layers are `stateful`: each call
 * starts from the states the previous call left, which is how truncated back-propagation through
 * time carries state across batches and how sampling runs one step at a time. The layers use the
 * engine's fused sequence kernels (default tanh/sigmoid activations).
 * @module
 */
import { ArgumentError } from '../../errors.js';
import * as layers from '../../nn/layers/index.js';
import type { Layer } from '../../nn/layer.js';
import { Recurrent } from '../../nn/layers/recurrent/recurrent.js';
import { Dense } from '../../nn/layers/core/dense.js';
import { Sequential } from '../../model/sequential.js';
import type { Model } from '../../model/model.js';
import type { Tensor } from '../../tensor/tensor.js';
import { tensor } from '../../tensor/creation.js';
import type { Random } from '../../tensor/random.js';
import { buildTransformerTextModel } from './transformer.js';

/** The architectures: stacked LSTM or GRU, or a small causal Transformer (`transformer.ts`). */
export type TextArch = 'lstm' | 'gru' | 'transformer';
/** The architectures the trainer accepts. */
export const TEXT_ARCHS: readonly TextArch[] = ['lstm', 'gru', 'transformer'];

/** The shape of a text model. */
export interface TextModelSpec {
  readonly arch: TextArch;
  readonly vocabSize: number;
  /** Recurrent layers (default 2). */
  readonly layers: number;
  /** Units of each recurrent layer (default 256). */
  readonly units: number;
  /** Embedding width (default 64; the Transformer's embedding is `units` wide). */
  readonly embeddingDim: number;
  /** Transformer: attention heads (default 4). */
  readonly heads?: number;
  /** Transformer: the longest context, its number of positions (the training sequence length). */
  readonly maxLength?: number;
  /** Dropout between recurrent layers and before the output layer (default 0). */
  readonly dropout: number;
  /** Seeds the initial weights. */
  readonly seed: number;
}

/**
 * Builds `Embedding(vocab, embeddingDim)` → `layers` × (stateful `LSTM`/`GRU(units)`, every step;
 * then `Dropout(dropout)` when > 0) → `Dense(vocab)` logits; or, for `transformer`, the model of
 * `transformer.ts`. The model takes int32 ids `[batch, time]` and returns `[batch, time, vocab]`
 * logits (any time length; at most `maxLength` for the Transformer).
 */
export function buildTextModel(spec: TextModelSpec): Model {
  const op = 'buildTextModel';
  if (!TEXT_ARCHS.includes(spec.arch)) throw new ArgumentError(`${op}: arch must be one of ${TEXT_ARCHS.join(', ')}, got '${spec.arch}'`);
  for (const [name, v] of [['vocabSize', spec.vocabSize], ['layers', spec.layers], ['units', spec.units], ['embeddingDim', spec.embeddingDim]] as const) {
    if (!(Number.isInteger(v) && v >= 1)) throw new ArgumentError(`${op}: ${name} must be a positive integer, got ${v}`);
  }
  if (!(spec.dropout >= 0 && spec.dropout < 1)) throw new ArgumentError(`${op}: dropout must be in [0, 1), got ${spec.dropout}`);
  if (spec.arch === 'transformer') {
    return buildTransformerTextModel({
      vocabSize: spec.vocabSize, layers: spec.layers, units: spec.units, heads: spec.heads ?? 4, maxLength: spec.maxLength ?? 64, dropout: spec.dropout, seed: spec.seed,
    });
  }
  const stack: Layer[] = [layers.embedding({ inputDim: spec.vocabSize, outputDim: spec.embeddingDim, name: 'embedding' })];
  for (let i = 0; i < spec.layers; i++) {
    const options = { units: spec.units, returnSequences: true, stateful: true, name: `${spec.arch}${i + 1}` };
    stack.push(spec.arch === 'lstm' ? layers.lstm(options) : layers.gru(options));
    if (spec.dropout > 0) stack.push(layers.dropout({ rate: spec.dropout, name: `dropout${i + 1}` }));
  }
  stack.push(layers.dense({ units: spec.vocabSize, name: 'logits' }));
  const model = new Sequential({ name: `char_${spec.arch}`, seed: spec.seed, layers: stack });
  model.ensureBuilt([null, null]);
  return model;
}

/** The stateful recurrent layers of a text model, in order. */
export function recurrentLayers(model: Model): Recurrent[] {
  return model.layers.filter((l): l is Recurrent => l instanceof Recurrent);
}

/** The carried states of every recurrent layer, copied out as plain arrays (null: zeros). */
export interface CarriedStates {
  readonly batch: number;
  /** Per layer, per state (`h`, or `h` and `c`): `[batch, units]` row-major, or null for zeros. */
  readonly values: (Float32Array[] | null)[];
}

/** Copies the states the recurrent layers carry. */
export function saveStates(model: Model, batch: number): CarriedStates {
  return {
    batch,
    values: recurrentLayers(model).map((l) => (l.states ? l.states.map((s) => Float32Array.from(s.values as Float32Array)) : null)),
  };
}

/** Sets the recurrent layers' carried states (null or a null entry: zeros). */
export function restoreStates(model: Model, states: CarriedStates | null): void {
  recurrentLayers(model).forEach((l, i) => {
    const v = states?.values[i];
    if (!v) l.resetStates();
    else l.resetStates(v.map((a) => tensor(a, [states.batch, l.units])));
  });
}

/** Forgets every carried state (the next call starts from zeros). */
export function resetStates(model: Model): void {
  restoreStates(model, null);
}

/** Runs `[batch, time]` ids through the model; returns `[batch, time, vocab]` logits. */
export function textLogits(model: Model, ids: Tensor, training = false, rng?: Random): Tensor {
  return model.apply(ids, { training, ...(rng ? { rng } : {}) });
}

/**
 * Sets the bias of the output layer (`logits`) to the log of each token's frequency in `stream`,
 * smoothed by half a count, so an untrained model already predicts the corpus's unigram
 * distribution. With a large vocabulary (7,074 characters for the Tang poems) the default zero bias
 * starts at the uniform loss, ln V, and Adam's bounded steps (≈ learning rate per step) take
 * thousands of steps to learn the prior alone: the loss stayed at unigram level for three epochs.
 * Starting from the prior (Karpathy, "A Recipe for Training Neural Networks": "init well") leaves
 * the network to learn only what the context adds.
 */
export function initLogitsToUnigram(model: Model, stream: Int32Array, vocabSize: number): void {
  const layer = model.getLayer('logits');
  if (!(layer instanceof Dense) || !layer.bias) throw new ArgumentError(`initLogitsToUnigram: the model's 'logits' layer is not a Dense layer with a bias`);
  const counts = new Float64Array(vocabSize).fill(0.5);
  for (const id of stream) counts[id]! += 1;
  const total = stream.length + 0.5 * vocabSize;
  const prior = new Float32Array(vocabSize);
  for (let i = 0; i < vocabSize; i++) prior[i] = Math.log(counts[i]! / total);
  layer.bias.assign(tensor(prior, [vocabSize]));
}
