/**
 * atelier: deep learning for art, in TypeScript.
 *
 * The engine's public surface: tensors, ops, autograd, backends, memory management.
 * @module
 */
export { AtelierError, ShapeError, DTypeError, ArgumentError, BackendUnavailableError } from './errors.js';
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
export { setBackend, getBackend, registerBackend, listBackends } from './backend/registry.js';
export type { Backend } from './backend/kernels.js';
export { createWasmBackend, WasmBackend, type WasmBackendOptions, type HeapStats } from './backend/wasm/index.js';
