/**
 * The reference backend: every kernel in plain TypeScript over typed arrays. Obviously correct
 * rather than fast; the ground truth every other backend is tested against.
 * @module
 */
import type { Backend } from '../kernels.js';
import { arrayConstructor, type DType, type TypedArray } from '../../tensor/dtype.js';
import { binary, cast, select, unary } from './elementwise.js';
import { logSoftmax, reduce, softmax } from './reduce.js';
import { matmul } from './matmul.js';
import { transpose } from './layout.js';
import { assignSlice, pad, slice } from './slicing.js';
import { cumsum, gather, oneHot, scatterAdd, topK } from './indexing.js';
import { conv2d, conv2dBackwardFilter, conv2dBackwardInput } from './conv.js';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward } from './pool.js';
import { gruBackward, gruForward, lstmBackward, lstmForward } from './recurrent.js';
import { adamUpdate, sgdMomentumUpdate, sgdUpdate } from './optimizer.js';
import { biasActivation, biasActivationBackward, conv2dBiasActivation } from './bias-activation.js';
import { resizeBilinear, resizeBilinearBackward, resizeNearest, resizeNearestBackward } from './resize.js';
import { softmaxCrossEntropy, softmaxCrossEntropyBackward } from './cross-entropy.js';
import { attention, attentionBackward } from './attention.js';
import { batchNormBackward, batchNormInference, batchNormTraining } from './batch-norm.js';
import { layerNorm, layerNormBackward } from './layer-norm.js';

/** The kernels of {@link Backend}, without storage management. */
export type KernelSet = Omit<Backend, 'name' | 'alloc' | 'free' | 'allocUninitialized'>;

/** Every reference kernel, keyed by its name in the interface. */
export const referenceKernels: KernelSet = {
  unary,
  binary,
  select,
  cast,
  reduce,
  cumsum,
  softmax,
  logSoftmax,
  topK,
  matmul,
  transpose,
  slice,
  assignSlice,
  pad,
  gather,
  scatterAdd,
  oneHot,
  conv2d,
  conv2dBackwardInput,
  conv2dBackwardFilter,
  maxPool2d,
  maxPool2dBackward,
  avgPool2d,
  avgPool2dBackward,
  resizeNearest,
  resizeNearestBackward,
  resizeBilinear,
  resizeBilinearBackward,
  adamUpdate,
  sgdUpdate,
  lstmForward,
  lstmBackward,
  gruForward,
  gruBackward,
  softmaxCrossEntropy,
  softmaxCrossEntropyBackward,
  attention,
  attentionBackward,
  batchNormTraining,
  batchNormBackward,
  batchNormInference,
  layerNorm,
  layerNormBackward,
  sgdMomentumUpdate,
  biasActivation,
  biasActivationBackward,
  conv2dBiasActivation,
};

// Declaration merging: the class below carries the reference kernels on its prototype, so a faster
// backend can `extend JsBackend` and override exactly the kernels it accelerates.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface JsBackend extends KernelSet {}

/** The reference backend. Faster backends may extend it and override kernels. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the same deliberate merge, seen from the class
export class JsBackend implements Backend {
  readonly name: string = 'js';
  /** Plain typed arrays belong to the JavaScript garbage collector. */
  readonly collectsStorage: boolean = true;

  /** Plain zero-filled typed arrays. */
  alloc(dtype: DType, size: number): TypedArray {
    return new (arrayConstructor(dtype))(size);
  }

  /** Nothing to do: plain typed arrays belong to the JavaScript garbage collector. */
  free(_values: TypedArray): void {}
}

Object.assign(JsBackend.prototype, referenceKernels);
