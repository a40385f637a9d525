/**
 * atelier: deep learning for art, in TypeScript.
 *
 * The engine's public surface: tensors, ops, autograd, backends, memory management. Every export
 * is listed by name (the namespaces re-export curated index modules), so a helper cannot become
 * public by accident; api/ holds the committed report of this surface (see CONTRIBUTING.md).
 * @module
 */
export { AtelierError, ShapeError, DTypeError, ArgumentError, BackendUnavailableError, BackendNotReadyError, NodeOnlyError } from './errors.js';
export type { DType, TypedArray } from './tensor/dtype.js';
export type { Shape } from './tensor/shape.js';
export { Tensor, type NestedArray } from './tensor/tensor.js';
export { Variable } from './tensor/variable.js';
export { tensor, scalar, zeros, ones, full, zerosLike, onesLike, fullLike, arange, linspace, eye, type TensorLike } from './tensor/creation.js';
export { memory, type MemoryInfo } from './tensor/storage.js';
export { scope, keep } from './tensor/scope.js';
export { Random } from './tensor/random.js';
export { add, sub, mul, div, pow, neg, minimum, maximum, mod, floorDiv, squaredDifference } from './ops/arithmetic.js';
export { abs, sign, floor, ceil, round, exp, expm1, log, log1p, sqrt, rsqrt, reciprocal, square, sin, cos, erf, clip, isNaN, isFinite } from './ops/math.js';
export { relu, relu6, leakyRelu, elu, gelu, sigmoid, tanh, softplus } from './ops/activations.js';
export { equal, notEqual, less, lessEqual, greater, greaterEqual, logicalAnd, logicalOr, logicalNot, select, where } from './ops/compare.js';
export { sum, mean, prod, max, min, argmax, argmin, variance, logSumExp, norm, any, all, type Axes } from './ops/reduce.js';
export { softmax, logSoftmax } from './ops/softmax.js';
export { matmul, type MatMulOptions } from './ops/matmul.js';
export { biasActivation, type BiasActivation } from './ops/bias-activation.js';
export { conv2dBiasActivation } from './ops/conv-bias-activation.js';
export { reshape, flatten, transpose, expandDims, squeeze, broadcastTo } from './ops/shape-ops.js';
export { cast } from './ops/cast.js';
export { moments, batchNorm, layerNorm, instanceNorm, type Moments } from './ops/normalization.js';
export { conv2d, conv2dTranspose, type Conv2DOptions, type Conv2DTransposeOptions } from './ops/conv.js';
export { maxPool2d, avgPool2d, globalAvgPool2d, globalMaxPool2d, type Pool2DOptions, type AvgPool2DOptions } from './ops/pool.js';
export { resizeNearest, resizeBilinear, upsample2d, type ResizeOptions } from './ops/resize.js';
export type { PaddingSpec } from './ops/conv-geometry.js';
export type { TensorOrNumber } from './ops/util.js';
export { slice, stridedSlice, reverse, concat, stack, split, unstack, pad, tile, type SliceSpec } from './ops/slicing.js';
export { gather, take, gatherAlongAxis, scatterAdd, takeAlongAxis, oneHot, topK, cumsum, type Indices, type TopK, type CumsumOptions } from './ops/indexing.js';
export { lstmSequence, gruSequence, type LstmSequenceResult, type GruSequenceResult } from './ops/recurrent.js';
export { sparseSoftmaxCrossEntropy, softmaxCrossEntropy } from './ops/softmax-cross-entropy.js';
export { batchNormTraining, type BatchNormTrainingResult } from './ops/batch-norm-training.js';
export { batchNormInference } from './ops/batch-norm-inference.js';
export { scaledDotProductAttention, type AttentionOptions } from './ops/attention.js';
export * as ops from './ops/index.js';
export { grad, valueAndGrad, type ValueAndGrads } from './autograd/grad.js';
export { noGrad, isGradEnabled } from './autograd/tape.js';
export { checkGradients, type CheckGradientsOptions, type GradientCheckResult } from './autograd/check-gradients.js';
export { setBackend, setBackendAsync, ready, getBackend, registerBackend, listBackends } from './backend/registry.js';
export type {
  Backend, AxisView, MatMulInfo, Conv2DInfo, Pool2DInfo, RecurrentInfo, AttentionInfo, ResizeInfo, UnaryOp, UnaryParams, BinaryOp, ReduceOp, PadMode,
  AdamParams, SgdMomentumParams,
} from './backend/kernels.js';
export { JsBackend, type KernelSet } from './backend/js/js-backend.js';
export type { GradNode } from './autograd/node.js';
export type { GradientMismatch } from './autograd/check-gradients.js';
export type { SymbolicShape } from './nn/symbolic.js';
export type { ActivationFn, ActivationIdentifier } from './nn/activations.js';
export type { AddWeightOptions, LayerWeight, Penalty, Projection, WeightInitializer } from './nn/layer.js';
export type { DTypeArrayMap } from './tensor/dtype.js';
export * as layers from './nn/layers/index.js';
export * as initializers from './nn/initializers.js';
export * as regularizers from './nn/regularizers.js';
export * as constraints from './nn/constraints.js';
export { Layer, type CallContext, type LayerOptions, type LayerConfig } from './nn/layer.js';
export { input, SymbolicTensor } from './nn/symbolic.js';
export { fromTorchLayout, toTorchLayout, loadTorchStateDict, torchStateDict } from './nn/torch-import.js';
export * as losses from './nn/losses/index.js';
export * as metrics from './nn/metrics/index.js';
export * as optimizers from './nn/optimizers/index.js';
export { Model, type ModelOptions, Sequential, type SequentialOptions } from './model/index.js';
export type { CompileOptions, CompiledModel, CompiledOutput, CompileConfig, LossIdentifier, MetricIdentifier } from './model/index.js';
export type { FitOptions, ValidationData, EvaluateOptions, PredictOptions, BatchOptions, DataInput, TargetInput, ClassWeight } from './model/index.js';
export { NonFiniteError, type NonFinitePolicy, type NonFiniteReport } from './model/index.js';
export type { SummaryOptions, SaveOptions, LoadOptions, ModelFromFilesOptions, CustomLayers } from './model/index.js';
export { loadModel, modelFromFiles, resolveModelFolder, modelFiles } from './model/index.js';
export type { Snapshot, SnapshotFiles } from './io/snapshots.js';
export * as callbacks from './model/callbacks/index.js';
export { Callback, History, type Logs } from './model/callbacks/index.js';
export { Dataset, type Example, type ElementSource } from './data/dataset.js';
export type { ShapedArray, ArrayData } from './data/arrays.js';
export { encodeSafetensors, decodeSafetensors, readSafetensors, writeSafetensors, type SafetensorsContents, type SafetensorsDType } from './io/safetensors.js';
export { FileFormatError } from './io/file-format-error.js';
export { loadMnist, type LoadMnistOptions, type MnistData } from './data/mnist.js';
export { createWasmBackend, createWasmBackendAsync, WasmBackend, type WasmBackendOptions, type HeapStats, type KernelBuild, type KernelBuildRequest } from './backend/wasm/index.js';
