/**
 * The model layer: Sequential and functional models, training, callbacks, saving and loading.
 * @module
 */
export { Model, type ModelOptions } from './model.js';
export { Sequential, type SequentialOptions } from './sequential.js';
export { input, SymbolicTensor } from '../nn/symbolic.js';
export type { CompileOptions, CompiledModel, CompiledOutput, CompileConfig, LossIdentifier, MetricIdentifier } from './compile.js';
export type { FitOptions, ValidationData } from './training/fit.js';
export type { EvaluateOptions } from './training/evaluate.js';
export type { PredictOptions } from './training/predict.js';
export type { BatchOptions } from './training/on-batch.js';
export type { DataInput, TargetInput } from './training/data-adapter.js';
export type { ClassWeight } from './training/loss-terms.js';
export { NonFiniteError, type NonFinitePolicy, type NonFiniteReport } from './training/non-finite.js';
export type { SummaryOptions } from './summary.js';
export { modelFiles, type SaveOptions } from './save-model.js';
export { loadModel, modelFromFiles, resolveModelFolder, type LoadOptions, type ModelFromFilesOptions } from './load-model.js';
export type { CustomLayers } from './model-from-config.js';
