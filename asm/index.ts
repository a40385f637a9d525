/**
 * Entry point of the atelier wasm module: every export is a kernel task with the signature
 * `(descriptor, task, scratch)` or a plain serial kernel, called from src/backend/wasm.
 * The module owns no memory of its own: no data segments, no allocator, no globals that matter
 * across threads, so every worker can instantiate it on the same shared memory.
 */
export { gemmPackBTask, gemmComputeTask, gemmSumSplitsTask } from './gemm';
export { im2colTask, col2imTask } from './conv';
export { unaryTask } from './unary';
export { binaryTask } from './binary';
export { reduceTask, softmaxTask } from './reduce';
export { transposeTask, transposeBlocksTask } from './transpose';
export { maxPoolTask, maxPoolBackwardTask, avgPoolTask, avgPoolBackwardTask } from './pool';
export { depthwiseTask, depthwiseBackwardInputTask, depthwiseBackwardFilterTask } from './depthwise';
export { lstmCellTask, lstmCellBackwardTask, gruCellTask, gruCellBackwardTask } from './recurrent';
export { crossEntropyTask, crossEntropyBackwardTask } from './cross-entropy';
export { batchNormStatsTask, batchNormApplyTask } from './batch-norm';
export { gatherTask, scatterAddTask } from './gather';
export { compareTask } from './compare';
export { selectTask, castTask } from './select-cast';
export { copyRowsTask, fillTask } from './copy-rows';
export { reduceExtraTask, softmaxColumnsTask } from './reduce-extra';
export { unaryMathTask } from './unary-math';
export { binaryExtraTask } from './binary-extra';
export { resizeTask, resizeBackwardTask } from './resize';
export { cumsumTask } from './cumsum';
export { topKTask } from './top-k';
export { oneHotTask } from './one-hot';
export { optimizerTask } from './optimizer';
export { zeroBytes, copyBytes } from './memory';
export { gemmNarrowPackTask, gemmNarrowTask } from './gemm-narrow';
export { biasActivationTask, biasActivationBackwardTask, biasSumPartialsTask } from './bias-activation';
export { conv2dDirectTask, conv2dDirectFilterTask } from './conv-direct';
export { attentionTask, attentionBackwardTask } from './attention';
export { layerNormTask, layerNormBackwardTask } from './layer-norm';
export { winogradConvTask, winogradFilterProductsTask, winogradFilterTask, winogradFilterGradientTask } from './winograd';
export { fftFilterTask, fftInputTask, fftProductTask } from './fft';
