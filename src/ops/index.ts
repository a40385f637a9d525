/**
 * The NumPy-like op surface. Every op validates its inputs, dispatches to the current backend and
 * records its vjp for autograd.
 *
 * The exports are listed by name: helpers that the op modules share (operand coercion, the
 * broadcasting-gradient reduction, argument checks) stay internal.
 * @module
 */
export { add, sub, mul, div, pow, neg, minimum, maximum, mod, floorDiv, squaredDifference } from './arithmetic.js';
export { abs, sign, floor, ceil, round, exp, expm1, log, log1p, sqrt, rsqrt, reciprocal, square, sin, cos, erf, clip, isNaN, isFinite } from './math.js';
export { relu, relu6, leakyRelu, elu, gelu, sigmoid, tanh, softplus } from './activations.js';
export { equal, notEqual, less, lessEqual, greater, greaterEqual, logicalAnd, logicalOr, logicalNot, select, where } from './compare.js';
export { sum, mean, prod, max, min, argmax, argmin, variance, logSumExp, norm, any, all, type Axes } from './reduce.js';
export { softmax, logSoftmax } from './softmax.js';
export { matmul, type MatMulOptions } from './matmul.js';
export { biasActivation, type BiasActivation } from './bias-activation.js';
export { conv2dBiasActivation } from './conv-bias-activation.js';
export { reshape, flatten, transpose, expandDims, squeeze, broadcastTo } from './shape-ops.js';
export { cast } from './cast.js';
export { moments, batchNorm, layerNorm, instanceNorm, type Moments } from './normalization.js';
export { conv2d, conv2dTranspose, type Conv2DOptions, type Conv2DTransposeOptions } from './conv.js';
export { maxPool2d, avgPool2d, globalAvgPool2d, globalMaxPool2d, type Pool2DOptions, type AvgPool2DOptions } from './pool.js';
export { resizeNearest, resizeBilinear, upsample2d, type ResizeOptions } from './resize.js';
export type { PaddingSpec } from './conv-geometry.js';
export type { TensorOrNumber } from './util.js';
export { slice, stridedSlice, reverse, concat, stack, split, unstack, pad, tile, type SliceSpec } from './slicing.js';
export { gather, take, gatherAlongAxis, scatterAdd, takeAlongAxis, oneHot, topK, cumsum, type Indices, type TopK, type CumsumOptions } from './indexing.js';
export { lstmSequence, gruSequence, type LstmSequenceResult, type GruSequenceResult } from './recurrent.js';
export { sparseSoftmaxCrossEntropy, softmaxCrossEntropy } from './softmax-cross-entropy.js';
export { batchNormTraining, type BatchNormTrainingResult } from './batch-norm-training.js';
export { batchNormInference } from './batch-norm-inference.js';
export { scaledDotProductAttention, type AttentionOptions } from './attention.js';
