/**
 * The kernel interface: the one seam between the tensor layer and a backend.
 *
 * A backend owns storage (typed arrays it hands out with {@link Backend.alloc}) and implements the
 * kernels below. Kernels are synchronous, read their inputs and write into an `out` array that the
 * caller allocated with the right size and dtype; they never allocate tensors, never validate user
 * input (the tensor layer did), and never record gradients. Layouts are row-major, images NHWC,
 * convolution filters HWIO (`[filterHeight, filterWidth, inChannels / groups, outChannels]`).
 *
 * The reference backend (`backend/js`) implements every kernel in plain TypeScript; a fast backend may
 * inherit from it and override the kernels it accelerates. Both must pass `test/backend/kernel-suite`.
 * @module
 */
import type { DType, TypedArray } from '../tensor/dtype.js';
import type { Shape } from '../tensor/shape.js';

/** Elementwise functions of one argument. `leakyRelu` and `elu` read `alpha`; `clip` reads `min` and `max`. */
export type UnaryOp =
  | 'neg' | 'abs' | 'sign' | 'floor' | 'ceil' | 'round' | 'reciprocal'
  | 'exp' | 'expm1' | 'log' | 'log1p' | 'sqrt' | 'rsqrt' | 'square'
  | 'sin' | 'cos' | 'tanh' | 'sigmoid' | 'erf'
  | 'relu' | 'leakyRelu' | 'elu' | 'gelu' | 'softplus' | 'clip'
  | 'logicalNot' | 'isNaN' | 'isFinite';

/** Parameters some unary ops read. */
export interface UnaryParams {
  alpha?: number;
  min?: number;
  max?: number;
}

/**
 * Elementwise functions of two arguments, broadcast NumPy-style. Comparisons write a `bool` output.
 * The `*Grad` ops are fused backward rules: `reluGrad(dy, x) = x <= 0 ? 0 : dy` (dy passes at NaN, as in PyTorch),
 * `sigmoidGrad(dy, y) = dy·y·(1−y)`, `tanhGrad(dy, y) = dy·(1−y²)`, `geluGrad(dy, x) = dy·(Φ(x) + x·φ(x))`
 * (the exact, erf GELU; note it takes the input `x`, not the output).
 */
export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'minimum' | 'maximum' | 'mod' | 'floorDiv' | 'squaredDifference'
  | 'equal' | 'notEqual' | 'less' | 'lessEqual' | 'greater' | 'greaterEqual'
  | 'logicalAnd' | 'logicalOr'
  | 'reluGrad' | 'sigmoidGrad' | 'tanhGrad' | 'geluGrad';

/** Reductions over the middle axis of an `[outer, size, inner]` view. `argmax`/`argmin` write int32. */
export type ReduceOp = 'sum' | 'mean' | 'prod' | 'max' | 'min' | 'argmax' | 'argmin' | 'logSumExp' | 'any' | 'all';

/**
 * A view of a tensor as `[outer, size, inner]` around one axis (or a run of adjacent axes):
 * most axis-wise kernels (reductions, softmax, cumsum, gather) work on this view.
 */
export interface AxisView {
  outer: number;
  size: number;
  inner: number;
}

/** A batched matrix product `out[b] = op(a[b]) @ op(b[b])` where `op` optionally transposes. */
export interface MatMulInfo {
  batch: number;
  /** Rows of the result. */
  m: number;
  /** Inner dimension. */
  k: number;
  /** Columns of the result. */
  n: number;
  /** When true, `a` is stored as `[k, m]` per batch. */
  transposeA: boolean;
  /** When true, `b` is stored as `[n, k]` per batch. */
  transposeB: boolean;
  /** Elements between consecutive batch entries of `a` (0 broadcasts one matrix to every batch entry). */
  aBatchStride: number;
  /** Elements between consecutive batch entries of `b` (0 broadcasts). */
  bBatchStride: number;
}

/** Geometry of a 2-D convolution over NHWC input with an HWIO filter. */
export interface Conv2DInfo {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  /** Zero rows added above the input (rows below follow from the output size). */
  padTop: number;
  /** Zero columns added left of the input. */
  padLeft: number;
  /** Channel groups: input channel block `g` only feeds output channel block `g`. */
  groups: number;
}

/** Geometry of a 2-D pooling window over NHWC input. */
export interface Pool2DInfo {
  batch: number;
  inHeight: number;
  inWidth: number;
  channels: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padLeft: number;
  /** Average pooling only: divide by the full window size (PyTorch's default) rather than by the valid cells (Keras 'same'). */
  countIncludePad: boolean;
}

/** Geometry of a 2-D resize of NHWC images. */
export interface ResizeInfo {
  batch: number;
  inHeight: number;
  inWidth: number;
  channels: number;
  outHeight: number;
  outWidth: number;
  /** Map corner pixel centres onto each other (TensorFlow's align_corners). */
  alignCorners: boolean;
}

/** Hyperparameters of {@link Backend.adamUpdate}; `step` counts from 1. */
export interface AdamParams {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  step: number;
  /**
   * Factor the weights are multiplied by before the step (AdamW's decoupled weight decay,
   * `1 − lr·weightDecay`, rounded to float32 as a scalar tensor would be). Default 1.
   */
  decay?: number;
}

/**
 * Activations that {@link Backend.biasActivation} fuses with the bias add: `linear` (bias only) and
 * `relu`. Each has a derivative that the output alone determines (relu: `y <= 0 ? 0 : 1`, so 1 at NaN as in PyTorch).
 */
export type BiasActivation = 'linear' | 'relu';

/** Hyperparameters of {@link Backend.sgdMomentumUpdate}. */
export interface SgdMomentumParams {
  learningRate: number;
  /** Momentum factor (> 0). */
  momentum: number;
  /** Dampening of the gradient in the buffer (0 for none). */
  dampening: number;
  /** Nesterov momentum. */
  nesterov: boolean;
  /** L2 penalty added to the gradient first (0 for none). */
  weightDecay: number;
  /** The variable's first step: the buffer starts as the gradient, as in PyTorch. */
  first: boolean;
}

/**
 * Geometry of the recurrent sequence kernels: `time` steps of a `[batch, units]` state. Sequences
 * are stored time-major (`[time, batch, ·]`), so each step's rows are contiguous.
 */
export interface RecurrentInfo {
  time: number;
  batch: number;
  units: number;
}

/** Sizes and options of {@link Backend.attention}. */
export interface AttentionInfo {
  /** Independent heads (batch × heads). */
  heads: number;
  /** Query and key positions. */
  tq: number;
  tk: number;
  /** Query/key width and value width per head. */
  dk: number;
  dv: number;
  /** Multiplies the scores (usually `1/sqrt(dk)`). */
  scale: number;
  /** Query `i` attends to keys `j <= i` only. */
  causal: boolean;
}

/** Padding modes for {@link Backend.pad}. */
export type PadMode = 'constant' | 'reflect' | 'symmetric';

/**
 * What every backend implements. Inputs are typed arrays previously returned by {@link Backend.alloc}
 * (or plain typed arrays for the reference backend); outputs are pre-allocated by the caller.
 */
export interface Backend {
  /** Short name: `'js'`, `'wasm'`, ... */
  readonly name: string;

  /** Allocates zero-filled storage for `size` elements of `dtype`. */
  alloc(dtype: DType, size: number): TypedArray;
  /**
   * Releases storage from {@link alloc}. Must tolerate being called once per array, from a finalizer,
   * and accept a view that starts where the allocated array starts (possibly empty) in its place:
   * the finalizer cannot keep the array itself, whose collection it waits for.
   */
  free(values: TypedArray): void;
  /**
   * True when the arrays from {@link alloc} are ordinary JavaScript memory that the garbage collector
   * reclaims by itself and {@link free} does nothing: tensors then do not keep them alive for the
   * finalizer (which only updates the counters of `memory()`).
   */
  readonly collectsStorage?: boolean;
  /**
   * Like {@link alloc} but the contents are unspecified: only for outputs that a kernel overwrites
   * entirely (saves clearing a reused block). Backends without it get {@link alloc}.
   */
  allocUninitialized?(dtype: DType, size: number): TypedArray;

  /**
   * One Adam step in place on `w` (and its moments `m`, `v`) from gradient `g`, as `torch.optim.Adam`
   * without weight decay: `m = β1·m + (1 − β1)·g`, `v = β2·v + (1 − β2)·g²`,
   * `w −= (lr / (1 − β1^t)) · m / (sqrt(v) / sqrt(1 − β2^t) + ε)`, after `w ·= decay` when
   * {@link AdamParams.decay} is given (AdamW). All four arrays have one length.
   */
  adamUpdate(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, params: AdamParams): void;
  /** One SGD step in place: `w −= lr · g` (no momentum). */
  sgdUpdate(w: Float32Array, g: Float32Array, learningRate: number): void;
  /**
   * One SGD step with momentum in place on `w` and its momentum `buffer`, as `torch.optim.SGD`:
   * `g' = g + weightDecay·w`; `buffer = g'` on the first step, else `momentum·buffer + (1 − dampening)·g'`;
   * `w −= lr · (nesterov ? g' + momentum·buffer : buffer)`.
   */
  sgdMomentumUpdate(w: Float32Array, g: Float32Array, buffer: Float32Array, params: SgdMomentumParams): void;

  /**
   * The tail of a Dense or convolution layer in one pass: `out[r, c] = act(x[r, c] + bias[c])` over
   * `x` viewed as `[rows, channels]` (channels last), `channels = bias.length`.
   */
  biasActivation(x: Float32Array, bias: Float32Array, out: Float32Array, activation: BiasActivation): void;
  /**
   * The gradient of {@link biasActivation} in one pass over `dy`: `dx = dy · act'(y)` (from the forward
   * output `y`; not written for `linear`, where `dx` is `dy` and `y` and `dx` may be null) and
   * `dBias[c] = Σ_r dx[r, c]`.
   */
  biasActivationBackward(dy: Float32Array, y: Float32Array | null, dx: Float32Array | null, dBias: Float32Array, activation: BiasActivation): void;
  /**
   * {@link conv2d} followed by {@link biasActivation} with `bias` `[outChannels]`: a convolution
   * layer's whole forward pass, which a backend may fuse (no second pass over the output).
   */
  conv2dBiasActivation(x: Float32Array, filter: Float32Array, bias: Float32Array, out: Float32Array, info: Conv2DInfo, activation: BiasActivation): void;

  /** `out[i] = op(x[i])`. */
  unary(op: UnaryOp, x: TypedArray, out: TypedArray, params?: UnaryParams): void;
  /** `out = op(a, b)` with NumPy broadcasting of `aShape` and `bShape` to `outShape`. Inputs share one dtype. */
  binary(op: BinaryOp, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): void;
  /** `out = cond ? a : b`, all three broadcast to `outShape`. */
  select(cond: Uint8Array, condShape: Shape, a: TypedArray, aShape: Shape, b: TypedArray, bShape: Shape, out: TypedArray, outShape: Shape): void;
  /** Converts between dtypes (float to int truncates toward zero; to bool tests `!= 0`). */
  cast(x: TypedArray, out: TypedArray): void;

  /** Reduces the middle axis of `x` viewed as `[outer, size, inner]` into `out` of `[outer, inner]`. */
  reduce(op: ReduceOp, x: TypedArray, view: AxisView, out: TypedArray): void;
  /** Running sum along the middle axis. */
  cumsum(x: TypedArray, view: AxisView, out: TypedArray, exclusive: boolean, reverse: boolean): void;
  /** Softmax along the middle axis. */
  softmax(x: TypedArray, view: AxisView, out: TypedArray): void;
  /** Log-softmax along the middle axis. */
  logSoftmax(x: TypedArray, view: AxisView, out: TypedArray): void;
  /** The `k` largest values along the last axis of `[outer, size]`, sorted descending, with their int32 indices. */
  topK(x: TypedArray, outer: number, size: number, k: number, values: TypedArray, indices: Int32Array): void;

  /** Batched matrix product, see {@link MatMulInfo}. */
  matmul(a: Float32Array, b: Float32Array, out: Float32Array, info: MatMulInfo): void;

  /** Permutes axes: `out` has shape `perm.map(i => shape[i])`. */
  transpose(x: TypedArray, shape: Shape, perm: readonly number[], out: TypedArray): void;
  /** Strided slice: `out[j] = x[begin + j * step]` on every axis (steps may be negative). */
  slice(x: TypedArray, shape: Shape, begin: readonly number[], step: readonly number[], out: TypedArray, outShape: Shape): void;
  /** Writes `src` into the region of `out` starting at `offset` on every axis (the inverse of a unit-step slice). */
  assignSlice(src: TypedArray, srcShape: Shape, out: TypedArray, outShape: Shape, offset: readonly number[]): void;
  /** Pads each axis by `[before, after]` elements. */
  pad(x: TypedArray, shape: Shape, paddings: readonly (readonly [number, number])[], mode: PadMode, value: number, out: TypedArray): void;
  /** `out[o, j, i] = x[o, indices[j], i]` over the view `[outer, size, inner]`; `out` is `[outer, indices.length, inner]`. */
  gather(x: TypedArray, view: AxisView, indices: Int32Array, out: TypedArray): void;
  /** The adjoint of {@link gather}: `out[o, indices[j], i] += updates[o, j, i]`. `out` is zeroed first. */
  scatterAdd(updates: Float32Array, view: AxisView, indices: Int32Array, out: Float32Array): void;
  /** `out[i, indices[i]] = on`, every other entry `off`; `out` is `[indices.length, depth]`. */
  oneHot(indices: Int32Array, depth: number, on: number, off: number, out: Float32Array): void;

  /** 2-D convolution (cross-correlation, as every framework computes it). */
  conv2d(x: Float32Array, filter: Float32Array, out: Float32Array, info: Conv2DInfo): void;
  /** Gradient of {@link conv2d} with respect to its input; also the forward pass of a transposed convolution. */
  conv2dBackwardInput(dy: Float32Array, filter: Float32Array, dx: Float32Array, info: Conv2DInfo): void;
  /** Gradient of {@link conv2d} with respect to its filter. */
  conv2dBackwardFilter(x: Float32Array, dy: Float32Array, dFilter: Float32Array, info: Conv2DInfo): void;

  /**
   * Max pooling; also writes, per output, the flat NHWC index of the winning input element into `argmax`
   * (PyTorch's rule: the first maximum wins ties, the last NaN of a window wins over everything).
   */
  maxPool2d(x: Float32Array, out: Float32Array, argmax: Int32Array, info: Pool2DInfo): void;
  /** Routes `dy` to the arg-max inputs recorded by {@link maxPool2d}. */
  maxPool2dBackward(dy: Float32Array, argmax: Int32Array, dx: Float32Array, info: Pool2DInfo): void;
  /** Average pooling (padding cells count as zeros when `countIncludePad`, else are excluded). */
  avgPool2d(x: Float32Array, out: Float32Array, info: Pool2DInfo): void;
  /** Gradient of {@link avgPool2d}. */
  avgPool2dBackward(dy: Float32Array, dx: Float32Array, info: Pool2DInfo): void;

  /**
   * An LSTM over a whole sequence (PyTorch's gate order `i, f, g, o`, sigmoid gates, tanh):
   * `a_t = xProjected[t] + h_{t−1}·weightHh`, `c_t = σ(a_f)·c_{t−1} + σ(a_i)·tanh(a_g)`,
   * `h_t = σ(a_o)·tanh(c_t)`. `xProjected` `[T, B, 4H]` already holds `x_t·Wih` plus both biases;
   * `weightHh` is `[H, 4H]`. `hs` and `cs` are `[T+1, B, H]` holding `h_0` and `c_0` in slot 0 on
   * entry; the kernel writes slots `1..T`. `gates` `[T, B, 4H]` receives the activated gates
   * `σ(a_i), σ(a_f), tanh(a_g), σ(a_o)` that {@link lstmBackward} reads.
   */
  lstmForward(xProjected: Float32Array, weightHh: Float32Array, hs: Float32Array, cs: Float32Array, gates: Float32Array, info: RecurrentInfo): void;
  /**
   * Gradient of {@link lstmForward} by backpropagation through time. `dHs` and `dCs` `[T, B, H]` are
   * the gradients of `h_1..h_T` and `c_1..c_T`. Writes `dXProjected` `[T, B, 4H]` (the gradient of
   * the pre-activations `a_t`), `dWeightHh` `[H, 4H]`, and `dH0`, `dC0` `[B, H]`.
   */
  lstmBackward(
    weightHh: Float32Array, hs: Float32Array, cs: Float32Array, gates: Float32Array, dHs: Float32Array, dCs: Float32Array,
    dXProjected: Float32Array, dWeightHh: Float32Array, dH0: Float32Array, dC0: Float32Array, info: RecurrentInfo,
  ): void;
  /**
   * A GRU over a whole sequence (gates `r, z, n`, the reset gate applied after the hidden matmul as
   * in PyTorch): with `p = h_{t−1}·weightHh + biasHh`, `r = σ(x_r + p_r)`, `z = σ(x_z + p_z)`,
   * `n = tanh(x_n + r·p_n)`, `h_t = (1 − z)·n + z·h_{t−1}`. `xProjected` `[T, B, 3H]` holds
   * `x_t·Wih + biasIh`; `weightHh` `[H, 3H]`; `biasHh` `[3H]` (zeros for none). `hs` `[T+1, B, H]`
   * holds `h_0` in slot 0 on entry. `gates` `[T, B, 4H]` receives `r, z, n, p_n` for {@link gruBackward}.
   */
  gruForward(xProjected: Float32Array, weightHh: Float32Array, biasHh: Float32Array, hs: Float32Array, gates: Float32Array, info: RecurrentInfo): void;
  /**
   * Gradient of {@link gruForward}: from `dHs` `[T, B, H]` writes `dXProjected` `[T, B, 3H]`,
   * `dWeightHh` `[H, 3H]`, `dBiasHh` `[3H]` and `dH0` `[B, H]`.
   */
  gruBackward(
    weightHh: Float32Array, hs: Float32Array, gates: Float32Array, dHs: Float32Array,
    dXProjected: Float32Array, dWeightHh: Float32Array, dBiasHh: Float32Array, dH0: Float32Array, info: RecurrentInfo,
  ): void;

  /** Nearest-neighbour resize. */
  resizeNearest(x: Float32Array, out: Float32Array, info: ResizeInfo): void;
  /** Gradient of {@link resizeNearest}. */
  resizeNearestBackward(dy: Float32Array, dx: Float32Array, info: ResizeInfo): void;
  /** Bilinear resize (half-pixel centres unless `alignCorners`). */
  resizeBilinear(x: Float32Array, out: Float32Array, info: ResizeInfo): void;
  /** Gradient of {@link resizeBilinear}. */
  resizeBilinearBackward(dy: Float32Array, dx: Float32Array, info: ResizeInfo): void;

  /**
   * Fused softmax cross-entropy of `[rows, classes]` logits, one pass per row: `loss[r] = lse_r −
   * x[r, label_r]` for int32 `targets` (one class index per row, already validated), or
   * `Σ_j t[r, j]·(lse_r − x[r, j])` for float32 `targets` of the logits' shape. Writes per row into
   * `stats` (length `2·rows`) the row maximum and `log Σ_j e^(x[r, j] − max)`, which the backward
   * kernel reads (`lse_r` is their sum; keeping the two apart keeps `x − lse` exact near the max).
   */
  softmaxCrossEntropy(logits: Float32Array, targets: Int32Array | Float32Array, rows: number, classes: number, loss: Float32Array, stats: Float32Array): void;
  /**
   * Gradient of {@link softmaxCrossEntropy} with respect to the logits, one pass per row:
   * `dx[r, j] = (softmax[r, j]·Σ_k t[r, k] − t[r, j])·dy[r]` (labels act as one-hot targets, whose sum is 1).
   */
  softmaxCrossEntropyBackward(logits: Float32Array, targets: Int32Array | Float32Array, stats: Float32Array, dy: Float32Array, rows: number, classes: number, dx: Float32Array): void;

  /**
   * Scaled dot-product attention over `info.heads` independent heads (batch × heads):
   * `out[h, i] = Σ_j softmax_j(scale·q[h, i]·k[h, j]) · v[h, j]`, with `q` `[heads, tq, dk]`, `k`
   * `[heads, tk, dk]`, `v` `[heads, tk, dv]` and `out` `[heads, tq, dv]`. With `causal`, query `i`
   * attends to keys `j <= i` only (PyTorch's `is_causal`, Keras' `use_causal_mask`). `logSumExp`
   * `[heads, tq]` receives each row's `log Σ_j e^(score)` (−Infinity for a row with no key), which
   * {@link attentionBackward} reads instead of keeping the probabilities.
   */
  attention(q: Float32Array, k: Float32Array, v: Float32Array, info: AttentionInfo, out: Float32Array, logSumExp: Float32Array): void;
  /**
   * Gradient of {@link attention} from the output's gradient `dOut` `[heads, tq, dv]`: writes `dq`,
   * `dk`, `dv` (overwritten, shapes of `q`, `k`, `v`), recomputing the probabilities from `logSumExp`.
   */
  attentionBackward(
    q: Float32Array, k: Float32Array, v: Float32Array, out: Float32Array, logSumExp: Float32Array, dOut: Float32Array, info: AttentionInfo,
    dq: Float32Array, dk: Float32Array, dv: Float32Array,
  ): void;

  /**
   * Batch normalization with batch statistics over `x` viewed as `[outer, channels, inner]`
   * (`view.size` is the channel count): per channel, `mean` and the biased variance over the
   * `outer·inner` elements, then `out = (x − mean) / sqrt(variance + epsilon)·gamma + beta`
   * (`gamma` of null scales by 1, `beta` of null adds 0).
   */
  batchNormTraining(x: Float32Array, view: AxisView, gamma: Float32Array | null, beta: Float32Array | null, epsilon: number, out: Float32Array, mean: Float32Array, variance: Float32Array): void;
  /**
   * Gradient of {@link batchNormTraining} (statistics of the batch itself), in closed form per channel
   * with `x̂ = (x − mean)/σ`, `σ = sqrt(variance + ε)`, `N = outer·inner`: `dbeta = Σ dy`,
   * `dgamma = Σ dy·x̂`, `dx = gamma/σ·(dy − dbeta/N − x̂·dgamma/N)`.
   */
  batchNormBackward(
    x: Float32Array, dy: Float32Array, view: AxisView, mean: Float32Array, variance: Float32Array, gamma: Float32Array | null, epsilon: number,
    dx: Float32Array, dgamma: Float32Array, dbeta: Float32Array,
  ): void;
  /**
   * Layer normalization of each row of `x` viewed as `[rows, cols]`: per row, the mean and the
   * biased variance over its `cols` elements, then `out = (x − mean)·rstd·gamma + beta` with
   * `rstd = 1/sqrt(variance + epsilon)`; `gamma` and `beta` are `[cols]` (null: 1 and 0). Writes
   * each row's `mean` and `rstd` (`[rows]`) for the backward pass.
   */
  layerNorm(x: Float32Array, cols: number, gamma: Float32Array | null, beta: Float32Array | null, epsilon: number, out: Float32Array, mean: Float32Array, rstd: Float32Array): void;
  /**
   * Gradient of {@link layerNorm} in closed form per row, with `x̂ = (x − mean)·rstd` and
   * `g = dy·gamma`: `dx = rstd·(g − mean(g) − x̂·mean(g·x̂))` (means over the row), and over all rows
   * `dgamma = Σ dy·x̂`, `dbeta = Σ dy` (each written unless null).
   */
  layerNormBackward(
    x: Float32Array, dy: Float32Array, cols: number, mean: Float32Array, rstd: Float32Array, gamma: Float32Array | null,
    dx: Float32Array, dgamma: Float32Array | null, dbeta: Float32Array | null,
  ): void;
  /**
   * Batch normalization with given per-channel statistics (running statistics at inference), one
   * pass: `out = (x − mean) / sqrt(variance + epsilon)·gamma + beta` over `[outer, channels, inner]`.
   */
  batchNormInference(
    x: Float32Array, view: AxisView, mean: Float32Array, variance: Float32Array, gamma: Float32Array | null, beta: Float32Array | null, epsilon: number,
    out: Float32Array,
  ): void;
}
