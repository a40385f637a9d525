/**
 * atelier: deep learning for art, in TypeScript.
 *
 * The engine's public surface: tensors, ops, autograd, backends, memory management.
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
export * from './ops/index.js';
export * as ops from './ops/index.js';
export { grad, valueAndGrad, type ValueAndGrads } from './autograd/grad.js';
export { noGrad, isGradEnabled } from './autograd/tape.js';
export { checkGradients, type CheckGradientsOptions, type GradientCheckResult } from './autograd/check-gradients.js';
export { setBackend, setBackendAsync, ready, getBackend, registerBackend, listBackends } from './backend/registry.js';
export type { Backend } from './backend/kernels.js';
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
export * from './model/index.js';
export * as callbacks from './model/callbacks/index.js';
export { Callback, History, type Logs } from './model/callbacks/index.js';
export { Dataset, type Example, type ElementSource } from './data/dataset.js';
export type { ShapedArray, ArrayData } from './data/arrays.js';
export { encodeSafetensors, decodeSafetensors, readSafetensors, writeSafetensors, type SafetensorsContents, type SafetensorsDType } from './io/safetensors.js';
export { FileFormatError } from './io/file-format-error.js';
export { loadMnist, type LoadMnistOptions, type MnistData } from './data/mnist.js';
export { createWasmBackend, createWasmBackendAsync, WasmBackend, type WasmBackendOptions, type HeapStats } from './backend/wasm/index.js';
