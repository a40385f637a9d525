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
export { transposeTask } from './transpose';
export { maxPoolTask, maxPoolBackwardTask, avgPoolTask, avgPoolBackwardTask } from './pool';
export { depthwiseTask, depthwiseBackwardInputTask, depthwiseBackwardFilterTask } from './depthwise';
export { optimizerTask } from './optimizer';
export { zeroBytes } from './memory';
export { gemmNarrowPackTask, gemmNarrowTask } from './gemm-narrow';
export { biasActivationTask, biasActivationBackwardTask, biasSumPartialsTask } from './bias-activation';
export { conv2dDirectTask, conv2dDirectFilterTask } from './conv-direct';
