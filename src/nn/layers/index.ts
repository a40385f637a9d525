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
import { Flatten } from './reshaping/flatten.js';
import { Reshape, type ReshapeOptions } from './reshaping/reshape.js';
import { Permute, type PermuteOptions } from './reshaping/permute.js';
import { Add } from './merging/add.js';

export { registerLayer, deserializeLayer, getLayerClass, registeredLayerNames, type LayerConstructor } from './registry.js';
export {
  Dense, Activation, ReLU, LeakyReLU, ELU, Softmax, BatchNormalization, LayerNormalization, InstanceNormalization, Dropout, Flatten, Reshape,
  Permute, Add,
};
export type {
  DenseOptions, ReLUOptions, LeakyReLUOptions, ELUOptions, SoftmaxOptions, BatchNormalizationOptions, LayerNormalizationOptions,
  InstanceNormalizationOptions, DropoutOptions, ReshapeOptions, PermuteOptions,
};
export type { ActivationOptions } from './activation/activation.js';

/** A densely connected layer: `activation(x @ weight + bias)`. */
export const dense = (options: DenseOptions): Dense => new Dense(options);

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
