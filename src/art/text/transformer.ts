/**
 * The small causal Transformer of `--arch transformer` (nanoGPT's shape): token and learned
 * position embeddings, `layers` pre-norm blocks — `x + MHA(LN(x))` with a causal mask, then
 * `x + MLP(LN(x))` with a GELU hidden layer four times wider — a final layer norm and dense logits
 * over the vocabulary. It sees at most `maxLength` tokens (the training sequence length); there is
 * no state to carry, so sampling feeds the last `maxLength` tokens at every step.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import * as layers from '../../nn/layers/index.js';
import { input } from '../../nn/symbolic.js';
import { Model } from '../../model/model.js';
import { PositionEmbedding } from '../../nn/layers/core/position-embedding.js';

/** The shape of a text Transformer. */
export interface TransformerSpec {
  readonly vocabSize: number;
  /** Blocks. */
  readonly layers: number;
  /** Model width (embedding and residual stream). */
  readonly units: number;
  /** Attention heads; `units` must divide by it. */
  readonly heads: number;
  /** Longest context (positions). */
  readonly maxLength: number;
  /** Dropout on the attention probabilities and after each block's branches (default 0). */
  readonly dropout: number;
  readonly seed: number;
}

/** Builds the Transformer; it takes int32 ids `[batch, time]` (time ≤ maxLength) and returns `[batch, time, vocab]` logits. */
export function buildTransformerTextModel(spec: TransformerSpec): Model {
  const op = 'buildTransformerTextModel';
  if (!(Number.isInteger(spec.heads) && spec.heads >= 1 && spec.units % spec.heads === 0)) {
    throw new ArgumentError(`${op}: --units ${spec.units} must divide into --heads ${spec.heads} heads of equal size`);
  }
  const ids = input({ shape: [null], name: 'ids' });
  let x = layers.embedding({ inputDim: spec.vocabSize, outputDim: spec.units, name: 'token_embedding' }).apply(ids);
  x = layers.positionEmbedding({ maxLength: spec.maxLength, name: 'position_embedding' }).apply(x);
  const dropped = (t: typeof x, name: string) => (spec.dropout > 0 ? layers.dropout({ rate: spec.dropout, name }).apply(t) : t);
  for (let i = 1; i <= spec.layers; i++) {
    let h = layers.layerNormalization({ name: `block${i}_ln1` }).apply(x);
    h = layers.multiHeadAttention({ numHeads: spec.heads, keyDim: spec.units / spec.heads, useCausalMask: true, dropout: spec.dropout, name: `block${i}_attention` }).apply(h);
    x = layers.add({ name: `block${i}_residual1` }).apply([x, dropped(h, `block${i}_dropout1`)]);
    h = layers.layerNormalization({ name: `block${i}_ln2` }).apply(x);
    h = layers.dense({ units: 4 * spec.units, activation: 'gelu', name: `block${i}_mlp_up` }).apply(h);
    h = layers.dense({ units: spec.units, name: `block${i}_mlp_down` }).apply(h);
    x = layers.add({ name: `block${i}_residual2` }).apply([x, dropped(h, `block${i}_dropout2`)]);
  }
  x = layers.layerNormalization({ name: 'final_ln' }).apply(x);
  const logits = layers.dense({ units: spec.vocabSize, name: 'logits' }).apply(x);
  return new Model({ inputs: ids, outputs: logits, name: 'char_transformer', seed: spec.seed });
}

/** The context a model can see: its position embedding's `maxLength`, or null (recurrent models). */
export function contextLength(model: Model): number | null {
  const positions = model.layers.find((l): l is PositionEmbedding => l instanceof PositionEmbedding);
  return positions ? positions.maxLength : null;
}
