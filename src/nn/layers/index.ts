/**
 * The layers of the Keras-style model API, as factory functions named like Keras' in camelCase, and
 * their classes. Importing this module registers every built-in layer for {@link deserializeLayer}.
 *
 * @example
 * import { layers } from 'atelier';
 * const model = sequential([
 *   layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
 *   layers.maxPooling2d({ poolSize: 2 }),
 *   layers.flatten(),
 *   layers.dense({ units: 10, activation: 'softmax' }),
 * ]);
 * @module
 */
import type { LayerOptions } from '../layer.js';
import { Dense, type DenseOptions } from './core/dense.js';
import { Activation } from './activation/activation.js';
import { ReLU, type ReLUOptions } from './activation/relu.js';
import { LeakyReLU, type LeakyReLUOptions } from './activation/leaky-relu.js';
import { ELU, type ELUOptions } from './activation/elu.js';
import { Softmax, type SoftmaxOptions } from './activation/softmax.js';
import { BatchNormalization, type BatchNormalizationOptions } from './normalization/batch-normalization.js';
import { LayerNormalization, type LayerNormalizationOptions } from './normalization/layer-normalization.js';
import { InstanceNormalization, type InstanceNormalizationOptions } from './normalization/instance-normalization.js';
import { Dropout, type DropoutOptions } from './regularization/dropout.js';
import { MultiHeadAttention, type MultiHeadAttentionOptions } from './attention/multi-head-attention.js';
import { PositionEmbedding, type PositionEmbeddingOptions } from './core/position-embedding.js';
import { Flatten } from './reshaping/flatten.js';
import { Reshape, type ReshapeOptions } from './reshaping/reshape.js';
import { Permute, type PermuteOptions } from './reshaping/permute.js';
import { Add } from './merging/add.js';
import { Conv2D, type Conv2DOptions } from './convolutional/conv2d.js';
import { Conv2DTranspose, type Conv2DTransposeOptions } from './convolutional/conv2d-transpose.js';
import { DepthwiseConv2D, type DepthwiseConv2DOptions } from './convolutional/depthwise-conv2d.js';
import { MaxPooling2D } from './pooling/max-pooling2d.js';
import { AveragePooling2D, type AveragePooling2DOptions } from './pooling/average-pooling2d.js';
import type { Pooling2DOptions } from './pooling/pooling2d.js';
import { GlobalAveragePooling2D, GlobalMaxPooling2D, type GlobalPooling2DOptions } from './pooling/global-pooling2d.js';
import { UpSampling2D, type UpSampling2DOptions } from './reshaping/up-sampling2d.js';
import { ZeroPadding2D, type ZeroPadding2DOptions } from './reshaping/zero-padding2d.js';
import { Embedding, type EmbeddingOptions } from './core/embedding.js';
import { Concatenate, type ConcatenateOptions } from './merging/concatenate.js';
import { SimpleRNN } from './recurrent/simple-rnn.js';
import { LSTM, type LSTMOptions } from './recurrent/lstm.js';
import { GRU, type GRUOptions } from './recurrent/gru.js';
import { Recurrent, type RecurrentOptions } from './recurrent/recurrent.js';

export { registerLayer, deserializeLayer, getLayerClass, registeredLayerNames, type LayerConstructor } from './registry.js';
export {
  Dense, Activation, ReLU, LeakyReLU, ELU, Softmax, BatchNormalization, LayerNormalization, InstanceNormalization, Dropout, Flatten, Reshape,
  Permute, Add, Conv2D, Conv2DTranspose, DepthwiseConv2D, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D, UpSampling2D,
  ZeroPadding2D, Embedding, Concatenate, SimpleRNN, LSTM, GRU, Recurrent, MultiHeadAttention, PositionEmbedding,
};
export type {
  DenseOptions, ReLUOptions, LeakyReLUOptions, ELUOptions, SoftmaxOptions, BatchNormalizationOptions, LayerNormalizationOptions,
  InstanceNormalizationOptions, DropoutOptions, ReshapeOptions, PermuteOptions, Conv2DOptions, Conv2DTransposeOptions, DepthwiseConv2DOptions,
  Pooling2DOptions, AveragePooling2DOptions, GlobalPooling2DOptions, UpSampling2DOptions, ZeroPadding2DOptions, EmbeddingOptions, ConcatenateOptions,
  RecurrentOptions, LSTMOptions, GRUOptions, MultiHeadAttentionOptions, PositionEmbeddingOptions,
};
export {
  simpleRnnCell, lstmCell, gruCell, runSimpleRnn, runLstm, runGru,
  type RecurrentWeights, type CellActivations, type LstmState, type SequenceResult, type SequenceOptions,
} from './recurrent/cells.js';
export type { ActivationOptions } from './activation/activation.js';
export { runMultiHeadAttention, type MultiHeadAttentionWeights, type RunMultiHeadAttentionOptions } from './attention/multi-head-attention.js';

/** A densely connected layer: `activation(x @ weight + bias)`. */
export const dense = (options: DenseOptions): Dense => new Dense(options);

/** 2-D convolution over NHWC images with HWIO kernels. */
export const conv2d = (options: Conv2DOptions): Conv2D => new Conv2D(options);
/** Transposed 2-D convolution (learned upsampling). */
export const conv2dTranspose = (options: Conv2DTransposeOptions): Conv2DTranspose => new Conv2DTranspose(options);
/** Depthwise 2-D convolution: each channel with its own kernels. */
export const depthwiseConv2d = (options: DepthwiseConv2DOptions): DepthwiseConv2D => new DepthwiseConv2D(options);

/** Zero rows and columns around NHWC images. */
export const zeroPadding2d = (options: ZeroPadding2DOptions = {}): ZeroPadding2D => new ZeroPadding2D(options);

/** Max pooling over windows (default 2x2, stride = window). */
export const maxPooling2d = (options: Pooling2DOptions = {}): MaxPooling2D => new MaxPooling2D(options);
/** Average pooling over windows (default 2x2, stride = window). */
export const averagePooling2d = (options: AveragePooling2DOptions = {}): AveragePooling2D => new AveragePooling2D(options);
/** Mean over height and width: `[batch, h, w, c]` → `[batch, c]`. */
export const globalAveragePooling2d = (options: GlobalPooling2DOptions = {}): GlobalAveragePooling2D => new GlobalAveragePooling2D(options);
/** Max over height and width: `[batch, h, w, c]` → `[batch, c]`. */
export const globalMaxPooling2d = (options: GlobalPooling2DOptions = {}): GlobalMaxPooling2D => new GlobalMaxPooling2D(options);
/** Integer upsampling of NHWC images (nearest or bilinear). */
export const upSampling2d = (options: UpSampling2DOptions = {}): UpSampling2D => new UpSampling2D(options);

/** A layer applying an activation by name (`'relu'`, `'gelu'`, `'softmax'`...). */
export const activation = (name: string, options: LayerOptions = {}): Activation => new Activation({ ...options, activation: name });
/** `max(x, 0)`, with Keras' optional `maxValue`, `negativeSlope` and `threshold`. */
export const relu = (options: ReLUOptions = {}): ReLU => new ReLU(options);
/** Leaky ReLU (Keras default slope 0.3). */
export const leakyRelu = (options: LeakyReLUOptions = {}): LeakyReLU => new LeakyReLU(options);
/** Exponential linear unit. */
export const elu = (options: ELUOptions = {}): ELU => new ELU(options);
/** GELU (exact erf form), as an {@link Activation} layer. */
export const gelu = (options: LayerOptions = {}): Activation => new Activation({ ...options, activation: 'gelu' });
/** The logistic sigmoid, as an {@link Activation} layer. */
export const sigmoid = (options: LayerOptions = {}): Activation => new Activation({ ...options, activation: 'sigmoid' });
/** Hyperbolic tangent, as an {@link Activation} layer. */
export const tanh = (options: LayerOptions = {}): Activation => new Activation({ ...options, activation: 'tanh' });
/** Softmax along an axis (default last). */
export const softmax = (options: SoftmaxOptions = {}): Softmax => new Softmax(options);

/** Batch normalization (batch statistics while training, running statistics at inference). */
export const batchNormalization = (options: BatchNormalizationOptions = {}): BatchNormalization => new BatchNormalization(options);
/** Layer normalization over the last axis (or `axis`). */
export const layerNormalization = (options: LayerNormalizationOptions = {}): LayerNormalization => new LayerNormalization(options);
/** Instance normalization of NHWC images. */
export const instanceNormalization = (options: InstanceNormalizationOptions = {}): InstanceNormalization => new InstanceNormalization(options);

/** Multi-head attention (Keras' `MultiHeadAttention`, PyTorch's `nn.MultiheadAttention` weights) on the fused attention kernels. */
export const multiHeadAttention = (options: MultiHeadAttentionOptions): MultiHeadAttention => new MultiHeadAttention(options);
/** Learned position embeddings added to `[batch, time, features]` inputs. */
export const positionEmbedding = (options: PositionEmbeddingOptions): PositionEmbedding => new PositionEmbedding(options);
/** Dropout with `rate`, active only while training. */
export const dropout = (options: DropoutOptions): Dropout => new Dropout(options);

/** Flattens every axis but the batch axis. */
export const flatten = (options: LayerOptions = {}): Flatten => new Flatten(options);
/** Reshapes each sample to `targetShape`. */
export const reshape = (options: ReshapeOptions): Reshape => new Reshape(options);
/** Permutes the non-batch axes (`dims` numbered from 1). */
export const permute = (options: PermuteOptions): Permute => new Permute(options);

/** Sums its inputs. */
export const add = (options: LayerOptions = {}): Add => new Add(options);

/** Joins its inputs along an axis (default last). */
export const concatenate = (options: ConcatenateOptions = {}): Concatenate => new Concatenate(options);

/** A lookup table of `inputDim` learned vectors of length `outputDim`. */
export const embedding = (options: EmbeddingOptions): Embedding => new Embedding(options);

/** A fully connected recurrent layer. */
export const simpleRNN = (options: RecurrentOptions): SimpleRNN => new SimpleRNN(options);
/** Long short-term memory (gates i, f, g, o as PyTorch). */
export const lstm = (options: LSTMOptions): LSTM => new LSTM(options);
/** Gated recurrent unit (gates r, z, n; reset after the hidden matmul, as PyTorch). */
export const gru = (options: GRUOptions): GRU => new GRU(options);
