/**
 * The NumPy-like op surface. Every op validates its inputs, dispatches to the current backend and
 * records its vjp for autograd.
 * @module
 */
export * from './arithmetic.js';
export * from './math.js';
export * from './activations.js';
export * from './compare.js';
export * from './reduce.js';
export * from './softmax.js';
export * from './matmul.js';
export * from './bias-activation.js';
export * from './conv-bias-activation.js';
export * from './shape-ops.js';
export * from './cast.js';
export * from './normalization.js';
export { conv2d, conv2dTranspose, type Conv2DOptions, type Conv2DTransposeOptions } from './conv.js';
export * from './pool.js';
export * from './resize.js';
export type { PaddingSpec } from './conv-geometry.js';
export type { TensorOrNumber } from './util.js';
export * from './slicing.js';
export * from './indexing.js';
export * from './recurrent.js';
export * from './softmax-cross-entropy.js';
export * from './batch-norm-training.js';
export * from './batch-norm-inference.js';
export * from './attention.js';
