/**
 * The functions the wasm module exports (asm/index.ts), typed for TypeScript.
 * Pointers are byte offsets into the shared memory; sizes and strides are in elements.
 * @module
 */

/** Signature of a parallel kernel: runs task `task` of the job described at `desc`, with per-thread scratch. */
export type TaskFunction = (desc: number, task: number, scratch: number) => void;

/**
 * Kernels that the thread pool can spread over threads. Workers look them up by index in this
 * list, so the order is part of the main-thread/worker protocol.
 */
export const TASK_KERNELS = [
  'gemmPackBTask',
  'gemmComputeTask',
  'gemmSumSplitsTask',
  'im2colTask',
  'col2imTask',
  'unaryTask',
  'binaryTask',
  'reduceTask',
  'softmaxTask',
  'transposeTask',
  'maxPoolTask',
  'maxPoolBackwardTask',
  'avgPoolTask',
  'avgPoolBackwardTask',
  'depthwiseTask',
  'depthwiseBackwardInputTask',
  'depthwiseBackwardFilterTask',
  'lstmCellTask',
  'lstmCellBackwardTask',
  'gruCellTask',
  'gruCellBackwardTask',
  'crossEntropyTask',
  'crossEntropyBackwardTask',
  'batchNormStatsTask',
  'batchNormApplyTask',
  'gatherTask',
  'scatterAddTask',
  'compareTask',
  'selectTask',
  'castTask',
  'copyRowsTask',
  'fillTask',
  'reduceExtraTask',
  'softmaxColumnsTask',
  'unaryMathTask',
  'binaryExtraTask',
  'resizeTask',
  'resizeBackwardTask',
  'cumsumTask',
  'topKTask',
  'oneHotTask',
  'optimizerTask',
  'gemmNarrowPackTask',
  'gemmNarrowTask',
  'biasActivationTask',
  'biasActivationBackwardTask',
  'biasSumPartialsTask',
  'conv2dDirectTask',
  'conv2dDirectFilterTask',
  'transposeBlocksTask',
  'attentionTask',
  'attentionBackwardTask',
  'layerNormTask',
  'layerNormBackwardTask',
  'winogradConvTask',
  'winogradFilterProductsTask',
  'winogradFilterTask',
  'winogradFilterGradientTask',
  'fftFilterTask',
  'fftInputTask',
  'fftProductTask',
] as const;

/** Name of a parallel kernel. */
export type TaskKernel = (typeof TASK_KERNELS)[number];

/** Exports called directly on the calling thread (not through the pool). */
export interface DirectExports {
  /** `memory.fill(ptr, 0, bytes)`: a native memset (TypedArray fill on shared memory is far slower). */
  zeroBytes(ptr: number, bytes: number): void;
  /** `memory.copy(dst, src, bytes)`: a native memmove (TypedArray set on shared memory is far slower). */
  copyBytes(dst: number, src: number, bytes: number): void;
}

/** Everything the module exports. */
export type WasmExports = Record<TaskKernel, TaskFunction> & DirectExports;
