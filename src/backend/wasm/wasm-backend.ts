/**
 * The wasm backend: tensor storage in one shared `WebAssembly.Memory`, kernels in AssemblyScript
 * (asm/) with SIMD, large ones spread over worker threads. It extends the reference backend and
 * overrides the kernels it accelerates; the rest run the reference code on the same typed-array
 * views. Arrays that do not live in this backend's memory (tensors made under another backend) are
 * handed to the reference kernels too, so mixing backends stays correct.
 *
 * Overrides are instance properties because the reference kernels are typed as properties of
 * `KernelSet`; each delegates to a module function taking the runtime.
 * @module
 */
import { JsBackend, referenceKernels, type KernelSet } from '../js/js-backend.js';
import type { DType, TypedArray } from '../../tensor/dtype.js';
import type { HeapStats } from './heap.js';
import { matmul } from './matmul.js';
import { conv2d, conv2dBackwardFilter, conv2dBackwardInput, directAllowed } from './conv.js';
import { useWinograd } from './conv-algorithm.js';
import { winogradConv2d } from './winograd.js';
import { binary, unary } from './elementwise.js';
import { unaryMath } from './unary-math.js';
import { binaryExtra } from './binary-extra.js';
import { resize } from './resize.js';
import { cumsum } from './cumsum.js';
import { topK } from './top-k.js';
import { oneHot } from './one-hot.js';
import { reduce, softmax } from './reduce.js';
import { reduceExtra, softmaxColumns } from './reduce-extra.js';
import { transpose } from './layout.js';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward } from './pool.js';
import { gruBackward, gruForward, lstmBackward, lstmForward } from './recurrent.js';
import { adamUpdate, sgdMomentumUpdate, sgdUpdate } from './optimizer.js';
import { biasActivation, biasActivationBackward } from './bias-activation.js';
import { directConv2d } from './conv-direct.js';
import type { WasmRuntime } from './runtime.js';
import type { KernelBuild } from './kernel-build.js';
import { softmaxCrossEntropy, softmaxCrossEntropyBackward } from './cross-entropy.js';
import { attention, attentionBackward } from './attention.js';
import { layerNorm, layerNormBackward } from './layer-norm.js';
import { batchNormBackward, batchNormInference, batchNormTraining } from './batch-norm.js';
import { gather, scatterAdd } from './gather.js';
import { compare } from './compare.js';
import { cast, select } from './select-cast.js';
import { assignSlice, pad, slice } from './copy-rows.js';

/** The wasm backend; create it with `createWasmBackend` or `setBackend('wasm')`. */
export class WasmBackend extends JsBackend {
  override readonly name: string = 'wasm';
  /** Views into the wasm memory, which the JavaScript garbage collector does not manage: {@link free} returns them. */
  override readonly collectsStorage: boolean = false;

  /** @internal Use `createWasmBackend`. */
  constructor(private readonly runtime: WasmRuntime) {
    super();
  }

  /** Threads that large kernels use, the calling thread included. */
  get threads(): number {
    return this.runtime.pool.threads;
  }

  /** The build of the kernels this backend runs: `relaxed` (fused multiply-adds) or `baseline` (see `WasmBackendOptions.simd`). */
  get kernelBuild(): KernelBuild {
    return this.runtime.build;
  }

  /** Worker threads that have started and joined the pool so far (at most `threads - 1`; they start asynchronously). */
  get workersStarted(): number {
    return this.runtime.pool.workersStarted;
  }

  /** Zero-filled views into the wasm memory. */
  override alloc(dtype: DType, size: number): TypedArray {
    return this.runtime.heap.alloc(dtype, size);
  }

  /** A block whose reused contents are left as they are (outputs that kernels overwrite). */
  allocUninitialized(dtype: DType, size: number): TypedArray {
    return this.runtime.heap.alloc(dtype, size, false);
  }

  /** Returns a view's block to the heap (views of other memory are ignored). */
  override free(values: TypedArray): void {
    this.runtime.heap.free(values);
  }

  /** Memory counters of the wasm heap. */
  heapStats(): HeapStats {
    return this.runtime.heap.stats();
  }

  /** Stops the worker threads; kernels keep working on the calling thread. */
  dispose(): void {
    this.runtime.pool.terminate();
  }

  /**
   * True when every given array lives in this backend's memory, so kernels can take their offsets.
   * Fixed parameters rather than a rest array: this runs on every kernel call.
   */
  protected inMemory(a: TypedArray, b?: TypedArray, c?: TypedArray, d?: TypedArray): boolean {
    const heap = this.runtime.heap;
    return heap.owns(a) && (b === undefined || heap.owns(b)) && (c === undefined || heap.owns(c)) && (d === undefined || heap.owns(d));
  }
  /** {@link inMemory} for kernels with many arrays (the recurrent sequences, once per sequence). */
  protected allInMemory(arrays: readonly TypedArray[]): boolean {
    const heap = this.runtime.heap;
    return arrays.every((a) => heap.owns(a));
  }


  override unary: KernelSet['unary'] = (op, x, out, params) => {
    if (!this.inMemory(x, out) || !(unary(this.runtime, op, x, out, params) || unaryMath(this.runtime, op, x, out, params))) {
      referenceKernels.unary(op, x, out, params);
    }
  };

  override binary: KernelSet['binary'] = (op, a, aShape, b, bShape, out, outShape) => {
    if (!this.inMemory(a, b, out) ||
      !(binary(this.runtime, op, a, aShape, b, bShape, out, outShape) || compare(this.runtime, op, a, aShape, b, bShape, out, outShape) ||
        binaryExtra(this.runtime, op, a, aShape, b, bShape, out, outShape))) {
      referenceKernels.binary(op, a, aShape, b, bShape, out, outShape);
    }
  };

  override reduce: KernelSet['reduce'] = (op, x, view, out) => {
    if (!this.inMemory(x, out) || !(reduce(this.runtime, op, x, view, out) || reduceExtra(this.runtime, op, x, view, out))) {
      referenceKernels.reduce(op, x, view, out);
    }
  };

  override softmax: KernelSet['softmax'] = (x, view, out) => {
    if (!this.inMemory(x, out) || !(softmax(this.runtime, x, view, out, false) || softmaxColumns(this.runtime, x, view, out, false))) {
      referenceKernels.softmax(x, view, out);
    }
  };

  override logSoftmax: KernelSet['logSoftmax'] = (x, view, out) => {
    if (!this.inMemory(x, out) || !(softmax(this.runtime, x, view, out, true) || softmaxColumns(this.runtime, x, view, out, true))) {
      referenceKernels.logSoftmax(x, view, out);
    }
  };

  override transpose: KernelSet['transpose'] = (x, shape, perm, out) => {
    if (!this.inMemory(x, out) || !transpose(this.runtime, x, shape, perm, out)) referenceKernels.transpose(x, shape, perm, out);
  };

  override matmul: KernelSet['matmul'] = (a, b, out, info) => {
    if (!this.inMemory(a, b, out)) return referenceKernels.matmul(a, b, out, info);
    matmul(this.runtime, a, b, out, info);
  };

  override conv2d: KernelSet['conv2d'] = (x, filter, out, info) => {
    if (!this.inMemory(x, filter, out)) return referenceKernels.conv2d(x, filter, out, info);
    conv2d(this.runtime, x, filter, out, info);
  };

  override conv2dBackwardInput: KernelSet['conv2dBackwardInput'] = (dy, filter, dx, info) => {
    if (!this.inMemory(dy, filter, dx)) return referenceKernels.conv2dBackwardInput(dy, filter, dx, info);
    conv2dBackwardInput(this.runtime, dy, filter, dx, info);
  };

  override conv2dBackwardFilter: KernelSet['conv2dBackwardFilter'] = (x, dy, dFilter, info) => {
    if (!this.inMemory(x, dy, dFilter)) return referenceKernels.conv2dBackwardFilter(x, dy, dFilter, info);
    conv2dBackwardFilter(this.runtime, x, dy, dFilter, info);
  };

  override maxPool2d: KernelSet['maxPool2d'] = (x, out, argmax, info) => {
    if (!this.inMemory(x, out, argmax)) return referenceKernels.maxPool2d(x, out, argmax, info);
    maxPool2d(this.runtime, x, out, argmax, info);
  };

  override maxPool2dBackward: KernelSet['maxPool2dBackward'] = (dy, argmax, dx, info) => {
    if (!this.inMemory(dy, argmax, dx)) return referenceKernels.maxPool2dBackward(dy, argmax, dx, info);
    maxPool2dBackward(this.runtime, dy, argmax, dx, info);
  };

  override avgPool2d: KernelSet['avgPool2d'] = (x, out, info) => {
    if (!this.inMemory(x, out)) return referenceKernels.avgPool2d(x, out, info);
    avgPool2d(this.runtime, x, out, info);
  };

  override avgPool2dBackward: KernelSet['avgPool2dBackward'] = (dy, dx, info) => {
    if (!this.inMemory(dy, dx)) return referenceKernels.avgPool2dBackward(dy, dx, info);
    avgPool2dBackward(this.runtime, dy, dx, info);
  };

  override lstmForward: KernelSet['lstmForward'] = (xProjected, weightHh, hs, cs, gates, info) => {
    if (!this.allInMemory([xProjected, weightHh, hs, cs, gates])) return referenceKernels.lstmForward(xProjected, weightHh, hs, cs, gates, info);
    lstmForward(this.runtime, xProjected, weightHh, hs, cs, gates, info);
  };

  override lstmBackward: KernelSet['lstmBackward'] = (weightHh, hs, cs, gates, dHs, dCs, dX, dW, dH0, dC0, info) => {
    if (!this.allInMemory([weightHh, hs, cs, gates, dHs, dCs, dX, dW, dH0, dC0])) {
      return referenceKernels.lstmBackward(weightHh, hs, cs, gates, dHs, dCs, dX, dW, dH0, dC0, info);
    }
    lstmBackward(this.runtime, weightHh, hs, cs, gates, dHs, dCs, dX, dW, dH0, dC0, info);
  };

  override gruForward: KernelSet['gruForward'] = (xProjected, weightHh, biasHh, hs, gates, info) => {
    if (!this.allInMemory([xProjected, weightHh, biasHh, hs, gates])) return referenceKernels.gruForward(xProjected, weightHh, biasHh, hs, gates, info);
    gruForward(this.runtime, xProjected, weightHh, biasHh, hs, gates, info);
  };

  override gruBackward: KernelSet['gruBackward'] = (weightHh, hs, gates, dHs, dX, dW, dB, dH0, info) => {
    if (!this.allInMemory([weightHh, hs, gates, dHs, dX, dW, dB, dH0])) return referenceKernels.gruBackward(weightHh, hs, gates, dHs, dX, dW, dB, dH0, info);
    gruBackward(this.runtime, weightHh, hs, gates, dHs, dX, dW, dB, dH0, info);
  };

  override softmaxCrossEntropy: KernelSet['softmaxCrossEntropy'] = (logits, targets, rows, classes, loss, stats) => {
    if (!this.inMemory(logits, targets, loss, stats)) return referenceKernels.softmaxCrossEntropy(logits, targets, rows, classes, loss, stats);
    softmaxCrossEntropy(this.runtime, logits, targets, rows, classes, loss, stats);
  };

  override softmaxCrossEntropyBackward: KernelSet['softmaxCrossEntropyBackward'] = (logits, targets, stats, dy, rows, classes, dx) => {
    if (!this.allInMemory([logits, targets, stats, dy, dx])) return referenceKernels.softmaxCrossEntropyBackward(logits, targets, stats, dy, rows, classes, dx);
    softmaxCrossEntropyBackward(this.runtime, logits, targets, stats, dy, rows, classes, dx);
  };

  override attention: KernelSet['attention'] = (q, k, v, info, out, logSumExp) => {
    if (!this.allInMemory([q, k, v, out, logSumExp]) || !attention(this.runtime, q, k, v, info, out, logSumExp)) referenceKernels.attention(q, k, v, info, out, logSumExp);
  };

  override attentionBackward: KernelSet['attentionBackward'] = (q, k, v, out, logSumExp, dOut, info, dq, dk, dv) => {
    if (!this.allInMemory([q, k, v, out, logSumExp, dOut, dq, dk, dv]) || !attentionBackward(this.runtime, q, k, v, out, logSumExp, dOut, info, dq, dk, dv)) {
      referenceKernels.attentionBackward(q, k, v, out, logSumExp, dOut, info, dq, dk, dv);
    }
  };

  override batchNormTraining: KernelSet['batchNormTraining'] = (x, view, gamma, beta, epsilon, out, mean, variance) => {
    // gamma, beta and the statistics are read on this side (per-channel coefficients), not by the module.
    if (!this.inMemory(x, out) || !batchNormTraining(this.runtime, x, view, gamma, beta, epsilon, out, mean, variance)) {
      referenceKernels.batchNormTraining(x, view, gamma, beta, epsilon, out, mean, variance);
    }
  };

  override batchNormBackward: KernelSet['batchNormBackward'] = (x, dy, view, mean, variance, gamma, epsilon, dx, dgamma, dbeta) => {
    if (!this.inMemory(x, dy, dx) || !batchNormBackward(this.runtime, x, dy, view, mean, variance, gamma, epsilon, dx, dgamma, dbeta)) {
      referenceKernels.batchNormBackward(x, dy, view, mean, variance, gamma, epsilon, dx, dgamma, dbeta);
    }
  };

  override layerNorm: KernelSet['layerNorm'] = (x, cols, gamma, beta, epsilon, out, mean, rstd) => {
    if (!this.allInMemory([x, out, mean, rstd, ...(gamma ? [gamma] : []), ...(beta ? [beta] : [])])) {
      return referenceKernels.layerNorm(x, cols, gamma, beta, epsilon, out, mean, rstd);
    }
    layerNorm(this.runtime, x, cols, gamma, beta, epsilon, out, mean, rstd);
  };

  override layerNormBackward: KernelSet['layerNormBackward'] = (x, dy, cols, mean, rstd, gamma, dx, dgamma, dbeta) => {
    if (!this.allInMemory([x, dy, dx, mean, rstd, ...(gamma ? [gamma] : [])])) {
      return referenceKernels.layerNormBackward(x, dy, cols, mean, rstd, gamma, dx, dgamma, dbeta);
    }
    layerNormBackward(this.runtime, x, dy, cols, mean, rstd, gamma, dx, dgamma, dbeta);
  };

  override batchNormInference: KernelSet['batchNormInference'] = (x, view, mean, variance, gamma, beta, epsilon, out) => {
    if (!this.inMemory(x, out) || !batchNormInference(this.runtime, x, view, mean, variance, gamma, beta, epsilon, out)) {
      referenceKernels.batchNormInference(x, view, mean, variance, gamma, beta, epsilon, out);
    }
  };

  override gather: KernelSet['gather'] = (x, view, indices, out) => {
    if (!this.inMemory(x, out) || x.constructor !== out.constructor) return referenceKernels.gather(x, view, indices, out);
    gather(this.runtime, x, view, indices, out);
  };

  override scatterAdd: KernelSet['scatterAdd'] = (updates, view, indices, out) => {
    if (!this.inMemory(updates, out)) return referenceKernels.scatterAdd(updates, view, indices, out);
    scatterAdd(this.runtime, updates, view, indices, out);
  };

  override select: KernelSet['select'] = (cond, condShape, a, aShape, b, bShape, out, outShape) => {
    if (!this.inMemory(cond, a, b, out) || !select(this.runtime, cond, a, b, out)) {
      referenceKernels.select(cond, condShape, a, aShape, b, bShape, out, outShape);
    }
  };

  override cast: KernelSet['cast'] = (x, out) => {
    if (!this.inMemory(x, out) || !cast(this.runtime, x, out)) referenceKernels.cast(x, out);
  };

  override slice: KernelSet['slice'] = (x, shape, begin, step, out, outShape) => {
    if (!this.inMemory(x, out) || !slice(this.runtime, x, shape, begin, step, out, outShape)) referenceKernels.slice(x, shape, begin, step, out, outShape);
  };

  override assignSlice: KernelSet['assignSlice'] = (src, srcShape, out, outShape, offset) => {
    if (!this.inMemory(src, out) || !assignSlice(this.runtime, src, srcShape, out, outShape, offset)) {
      referenceKernels.assignSlice(src, srcShape, out, outShape, offset);
    }
  };

  override pad: KernelSet['pad'] = (x, shape, paddings, mode, value, out) => {
    if (!this.inMemory(x, out) || !pad(this.runtime, x, shape, paddings, mode, value, out)) referenceKernels.pad(x, shape, paddings, mode, value, out);
  };

  override resizeNearest: KernelSet['resizeNearest'] = (x, out, info) => {
    if (!this.inMemory(x, out)) return referenceKernels.resizeNearest(x, out, info);
    resize(this.runtime, false, false, x, out, info);
  };

  override resizeNearestBackward: KernelSet['resizeNearestBackward'] = (dy, dx, info) => {
    if (!this.inMemory(dy, dx)) return referenceKernels.resizeNearestBackward(dy, dx, info);
    resize(this.runtime, false, true, dy, dx, info);
  };

  override resizeBilinear: KernelSet['resizeBilinear'] = (x, out, info) => {
    if (!this.inMemory(x, out)) return referenceKernels.resizeBilinear(x, out, info);
    resize(this.runtime, true, false, x, out, info);
  };

  override resizeBilinearBackward: KernelSet['resizeBilinearBackward'] = (dy, dx, info) => {
    if (!this.inMemory(dy, dx)) return referenceKernels.resizeBilinearBackward(dy, dx, info);
    resize(this.runtime, true, true, dy, dx, info);
  };

  override cumsum: KernelSet['cumsum'] = (x, view, out, exclusive, reverse) => {
    if (!this.inMemory(x, out) || !cumsum(this.runtime, x, view, out, exclusive, reverse)) referenceKernels.cumsum(x, view, out, exclusive, reverse);
  };

  override topK: KernelSet['topK'] = (x, outer, size, k, values, indices) => {
    if (!this.inMemory(x, values, indices) || !topK(this.runtime, x, outer, size, k, values, indices)) referenceKernels.topK(x, outer, size, k, values, indices);
  };

  override oneHot: KernelSet['oneHot'] = (indices, depth, on, off, out) => {
    if (!this.inMemory(indices, out) || !oneHot(this.runtime, indices, depth, on, off, out)) referenceKernels.oneHot(indices, depth, on, off, out);
  };

  override adamUpdate: KernelSet['adamUpdate'] = (w, g, m, v, params) => {
    if (!this.inMemory(w, g, m, v)) return referenceKernels.adamUpdate(w, g, m, v, params);
    adamUpdate(this.runtime, w, g, m, v, params);
  };

  override sgdUpdate: KernelSet['sgdUpdate'] = (w, g, learningRate) => {
    if (!this.inMemory(w, g)) return referenceKernels.sgdUpdate(w, g, learningRate);
    sgdUpdate(this.runtime, w, g, learningRate);
  };

  override conv2dBiasActivation: KernelSet['conv2dBiasActivation'] = (x, filter, bias, out, info, activation) => {
    // The direct and Winograd kernels apply the bias and activation as they store; elsewhere two passes.
    if (this.inMemory(x, filter, bias, out)) {
      // A non-finite result makes Winograd decline; the general path below recomputes it.
      if (useWinograd(info) && winogradConv2d(this.runtime, x, filter, out, info, bias, activation === 'relu')) return;
      if (directAllowed(info) && info.filterHeight * info.filterWidth > 1) return directConv2d(this.runtime, x, filter, out, info, bias, activation);
    }
    this.conv2d(x, filter, out, info);
    this.biasActivation(out, bias, out, activation);
  };

  override sgdMomentumUpdate: KernelSet['sgdMomentumUpdate'] = (w, g, buffer, params) => {
    if (!this.inMemory(w, g, buffer)) return referenceKernels.sgdMomentumUpdate(w, g, buffer, params);
    sgdMomentumUpdate(this.runtime, w, g, buffer, params);
  };

  override biasActivation: KernelSet['biasActivation'] = (x, bias, out, activation) => {
    if (!this.inMemory(x, bias, out)) return referenceKernels.biasActivation(x, bias, out, activation);
    biasActivation(this.runtime, x, bias, out, activation);
  };

  override biasActivationBackward: KernelSet['biasActivationBackward'] = (dy, y, dx, dBias, activation) => {
    const inMemory = this.inMemory(dy, dBias) && (y === null || this.inMemory(y)) && (dx === null || this.inMemory(dx));
    if (!inMemory) return referenceKernels.biasActivationBackward(dy, y, dx, dBias, activation);
    biasActivationBackward(this.runtime, dy, y, dx, dBias, activation);
  };
}
