/**
 * Multi-head attention, Keras' `MultiHeadAttention` with PyTorch's `nn.MultiheadAttention` weights.
 * @module
 */
import type { Tensor } from '../../../tensor/tensor.js';
import type { Variable } from '../../../tensor/variable.js';
import { tensor } from '../../../tensor/creation.js';
import { add, mul } from '../../../ops/arithmetic.js';
import { cast } from '../../../ops/cast.js';
import { matmul } from '../../../ops/matmul.js';
import { reshape, transpose } from '../../../ops/shape-ops.js';
import { slice } from '../../../ops/slicing.js';
import { softmax } from '../../../ops/softmax.js';
import { scaledDotProductAttention } from '../../../ops/attention.js';
import { Layer, layerRandom, type CallContext, type LayerOptions } from '../../layer.js';
import type { SymbolicShape } from '../../symbolic.js';
import type { InitializerIdentifier } from '../../initializers.js';
import { Random } from '../../../tensor/random.js';
import { registerLayer } from '../registry.js';
import {
  addWeightOptions, formatSymbolicShape, knownDim, layerArgumentError, layerShapeError, positiveInteger, serializeWeightSettings, weightSettings,
  type WeightSettings,
} from '../layer-utils.js';

/** The weights of {@link runMultiHeadAttention}, in our `[in, out]` layout. */
export interface MultiHeadAttentionWeights {
  /** `[features, 3·numHeads·keyDim]`: the query, key and value projections side by side. */
  inProjWeight: Tensor;
  inProjBias?: Tensor | null;
  /** `[numHeads·keyDim, output]`. */
  outProjWeight: Tensor;
  outProjBias?: Tensor | null;
}

/** Options of {@link runMultiHeadAttention}. */
export interface RunMultiHeadAttentionOptions {
  numHeads: number;
  keyDim: number;
  causal?: boolean;
  /** Dropout on the attention probabilities (applied only with `rng`). */
  dropout?: number;
  rng?: Random;
}

/**
 * The computation of {@link MultiHeadAttention} on given weights (the layer and the PyTorch parity
 * runner share it): project `query` `[batch, tq, features]`, `key` and `value` `[batch, tk,
 * features]`, split into heads, attend (the fused kernel; ops when dropping out), merge the heads
 * and project to the output `[batch, tq, output]`.
 */
export function runMultiHeadAttention(query: Tensor, key: Tensor, value: Tensor, weights: MultiHeadAttentionWeights, options: RunMultiHeadAttentionOptions): Tensor {
  const { numHeads, keyDim } = options;
  const w = numHeads * keyDim;
  const project = (x: Tensor, part: number): Tensor => {
    const [batch, time] = x.shape as [number, number, number];
    let y = matmul(x, slice(weights.inProjWeight, [0, part * w], [-1, w]));
    if (weights.inProjBias) y = add(y, slice(weights.inProjBias, [part * w], [w]));
    return transpose(reshape(y, [batch, time, numHeads, keyDim]), [0, 2, 1, 3]);
  };
  let q: Tensor, k: Tensor, v: Tensor;
  if (query === key && key === value) {
    // Self-attention: one product for the three projections, then split by heads.
    const [batch, time] = query.shape as [number, number, number];
    let y = matmul(query, weights.inProjWeight);
    if (weights.inProjBias) y = add(y, weights.inProjBias);
    const parts = reshape(y, [batch, time, 3 * numHeads, keyDim]);
    [q, k, v] = [0, 1, 2].map((i) => transpose(slice(parts, [0, 0, i * numHeads, 0], [-1, -1, numHeads, -1]), [0, 2, 1, 3])) as [Tensor, Tensor, Tensor];
  } else {
    q = project(query, 0);
    k = project(key, 1);
    v = project(value, 2);
  }
  const dropping = options.rng !== undefined && (options.dropout ?? 0) > 0;
  const heads = dropping ? composedAttention(q, k, v, options) : scaledDotProductAttention(q, k, v, { causal: options.causal ?? false });
  const [batch, , time] = heads.shape as [number, number, number, number];
  let out = matmul(reshape(transpose(heads, [0, 2, 1, 3]), [batch, time, w]), weights.outProjWeight);
  if (weights.outProjBias) out = add(out, weights.outProjBias);
  return out;
}

/** softmax(q·kᵀ/√d + mask), dropout, ·v: attention composed of ops, for training with dropout. */
function composedAttention(q: Tensor, k: Tensor, v: Tensor, options: RunMultiHeadAttentionOptions): Tensor {
  let scores = mul(matmul(q, transpose(k, [0, 1, 3, 2])), 1 / Math.sqrt(options.keyDim));
  if (options.causal) {
    const tq = q.shape[2]!;
    const tk = k.shape[2]!;
    const mask = new Float32Array(tq * tk);
    for (let i = 0; i < tq; i++) for (let j = i + 1; j < tk; j++) mask[i * tk + j] = -1e9;
    scores = add(scores, tensor(mask, [tq, tk]));
  }
  const probabilities = softmax(scores, -1);
  const keep = 1 - options.dropout!;
  const mask = mul(cast(options.rng!.bernoulli(probabilities.shape, keep), 'float32'), 1 / keep);
  return matmul(mul(probabilities, mask), v);
}

/** Options of {@link MultiHeadAttention} (Keras' names). */
export interface MultiHeadAttentionOptions extends LayerOptions {
  /** Attention heads. */
  numHeads: number;
  /** Size of each head's queries, keys and values. */
  keyDim: number;
  /** Dropout on the attention probabilities while training (default 0). */
  dropout?: number;
  /** Biases on the projections (default true). */
  useBias?: boolean;
  /** Each position attends only to itself and earlier positions (default false). */
  useCausalMask?: boolean;
  /** Output features (default: the query's features). */
  outputShape?: number | null;
  /** Projection weights (default `glorotUniform`, as Keras and PyTorch's `xavier_uniform_`). */
  kernelInitializer?: InitializerIdentifier;
  /** Default `zeros`. */
  biasInitializer?: InitializerIdentifier;
  /** Seed of the dropout generator, used only when the call context carries no `rng`. */
  seed?: number | null;
}

/**
 * Multi-head scaled dot-product attention over `[batch, time, features]` sequences. Called on one
 * tensor it is self-attention; on `[query, value]` or `[query, value, key]` (Keras' order) the
 * queries attend over the keys and values. Each of the `numHeads` heads projects to `keyDim`
 * features, attends with the fused `scaledDotProductAttention` kernel (causal with
 * `useCausalMask`), and the heads are concatenated and projected to the output.
 *
 * Weights, named as PyTorch's `nn.MultiheadAttention` and stored `[in, out]` like `Dense`:
 * `in_proj_weight` `[features, 3·numHeads·keyDim]` (query, key and value projections side by side),
 * `in_proj_bias` `[3·numHeads·keyDim]`, `out_proj.weight` `[numHeads·keyDim, output]` and
 * `out_proj.bias` `[output]`; PyTorch's tensors are their transposes. Query, key and value must have
 * the same feature size (PyTorch's packed projection); with `numHeads·keyDim` equal to it and to the
 * output size the layer is exactly `nn.MultiheadAttention(features, numHeads, batch_first=True)`.
 * While training with `dropout > 0` the attention is composed of ops (scores, softmax, dropout,
 * product) instead of the fused kernel.
 *
 * @example
 * const attention = layers.multiHeadAttention({ numHeads: 4, keyDim: 16, useCausalMask: true });
 * attention.apply(x);   // [32, 64, 64] -> [32, 64, 64]
 */
export class MultiHeadAttention extends Layer {
  readonly numHeads: number;
  readonly keyDim: number;
  readonly dropout: number;
  readonly useBias: boolean;
  readonly useCausalMask: boolean;
  readonly outputShape: number | null;
  readonly seed: number | null;
  private readonly kernelSettings: WeightSettings;
  private readonly biasSettings: WeightSettings;
  inProjWeight: Variable | null = null;
  inProjBias: Variable | null = null;
  outProjWeight: Variable | null = null;
  outProjBias: Variable | null = null;
  private ownRandom: Random | null = null;

  constructor(options: MultiHeadAttentionOptions) {
    super(options);
    this.numHeads = positiveInteger('MultiHeadAttention', 'numHeads', options?.numHeads);
    this.keyDim = positiveInteger('MultiHeadAttention', 'keyDim', options.keyDim);
    const dropout = options.dropout ?? 0;
    if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) throw layerArgumentError('MultiHeadAttention', `dropout must be a number in [0, 1), got ${JSON.stringify(dropout)}`);
    this.dropout = dropout;
    this.useBias = options.useBias ?? true;
    this.useCausalMask = options.useCausalMask ?? false;
    this.outputShape = options.outputShape == null ? null : positiveInteger('MultiHeadAttention', 'outputShape', options.outputShape);
    this.seed = options.seed ?? null;
    const o = options as unknown as Record<string, unknown>;
    this.kernelSettings = weightSettings('MultiHeadAttention', 'kernel', o, 'glorotUniform');
    this.biasSettings = weightSettings('MultiHeadAttention', 'bias', o, 'zeros');
  }

  private get width(): number {
    return this.numHeads * this.keyDim;
  }

  override build(inputShape: SymbolicShape | SymbolicShape[]): void {
    const [query] = this.shapes(inputShape);
    const features = knownDim(this, query, 2, 'features');
    const output = this.outputShape ?? features;
    this.inProjWeight = this.addWeight('in_proj_weight', [features, 3 * this.width], addWeightOptions(this.kernelSettings));
    this.outProjWeight = this.addWeight('out_proj.weight', [this.width, output], addWeightOptions(this.kernelSettings));
    if (this.useBias) {
      this.inProjBias = this.addWeight('in_proj_bias', [3 * this.width], addWeightOptions(this.biasSettings));
      this.outProjBias = this.addWeight('out_proj.bias', [output], addWeightOptions(this.biasSettings));
    }
  }

  override call(inputs: Tensor | Tensor[], context: CallContext): Tensor {
    const [query, value = query, key = value] = Array.isArray(inputs) ? inputs : [inputs];
    const dropping = context.training && this.dropout > 0;
    const rng = dropping ? context.rng ?? (this.ownRandom ??= this.seed === null ? layerRandom(this).fork() : new Random(this.seed)) : undefined;
    return runMultiHeadAttention(query!, key!, value!, {
      inProjWeight: this.inProjWeight!, inProjBias: this.inProjBias, outProjWeight: this.outProjWeight!, outProjBias: this.outProjBias,
    }, { numHeads: this.numHeads, keyDim: this.keyDim, causal: this.useCausalMask, dropout: this.dropout, ...(rng ? { rng } : {}) });
  }

  override computeOutputShape(inputShape: SymbolicShape | SymbolicShape[]): SymbolicShape {
    const [query] = this.shapes(inputShape);
    if (this.inProjWeight && query[2] !== null && query[2] !== this.inProjWeight.shape[0]) {
      throw layerShapeError(this, `query ${formatSymbolicShape(query)} has ${query[2]} features, but the layer was built for ${this.inProjWeight.shape[0]}`);
    }
    return [query[0] ?? null, query[1] ?? null, this.outputShape ?? query[2] ?? null];
  }

  /** `[query, value, key]` shapes from one shape or a list, checked. */
  private shapes(inputShape: SymbolicShape | SymbolicShape[]): [query: SymbolicShape, value: SymbolicShape, key: SymbolicShape] {
    const list = inputShape.length > 0 && Array.isArray(inputShape[0]) ? (inputShape as SymbolicShape[]) : [inputShape as SymbolicShape];
    if (list.length > 3) throw layerShapeError(this, `expects query, [query, value] or [query, value, key], got ${list.length} inputs`);
    const [query, value = query, key = value] = list as [SymbolicShape, SymbolicShape?, SymbolicShape?];
    for (const [name, s] of [['query', query], ['value', value], ['key', key]] as const) {
      if (s.length !== 3) throw layerShapeError(this, `${name} ${formatSymbolicShape(s)} has rank ${s.length}, expected [batch, time, features]`);
    }
    if (query[2] !== null && (value[2] !== null && value[2] !== query[2] || key[2] !== null && key[2] !== query[2])) {
      throw layerShapeError(this, `query ${formatSymbolicShape(query)}, value ${formatSymbolicShape(value)} and key ${formatSymbolicShape(key)} must have the same number of features (one packed projection, as PyTorch's)`);
    }
    if (key[1] !== null && value[1] !== null && key[1] !== value[1]) throw layerShapeError(this, `key ${formatSymbolicShape(key)} and value ${formatSymbolicShape(value)} must have the same length`);
    return [query, value, key];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      numHeads: this.numHeads,
      keyDim: this.keyDim,
      dropout: this.dropout,
      useBias: this.useBias,
      useCausalMask: this.useCausalMask,
      outputShape: this.outputShape,
      seed: this.seed,
      ...serializeWeightSettings('kernel', this.kernelSettings),
      ...serializeWeightSettings('bias', this.biasSettings),
    };
  }
}

registerLayer('MultiHeadAttention', MultiHeadAttention);
