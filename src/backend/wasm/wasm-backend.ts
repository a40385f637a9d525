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
import { conv2d, conv2dBackwardFilter, conv2dBackwardInput } from './conv.js';
import { binary, unary } from './elementwise.js';
import { reduce, softmax } from './reduce.js';
import { transpose } from './layout.js';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward } from './pool.js';
import { adamUpdate, sgdMomentumUpdate, sgdUpdate } from './optimizer.js';
import { biasActivation, biasActivationBackward } from './bias-activation.js';
import { directConv2d, isDirect } from './conv-direct.js';
import type { WasmRuntime } from './runtime.js';

/** The wasm backend; create it with `createWasmBackend` or `setBackend('wasm')`. */
export class WasmBackend extends JsBackend {
  override readonly name: string = 'wasm';

  /** @internal Use `createWasmBackend`. */
  constructor(private readonly runtime: WasmRuntime) {
    super();
  }

  /** Threads that large kernels use, the calling thread included. */
  get threads(): number {
    return this.runtime.pool.threads;
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

  override unary: KernelSet['unary'] = (op, x, out, params) => {
    if (!this.inMemory(x, out) || !unary(this.runtime, op, x, out, params)) referenceKernels.unary(op, x, out, params);
  };

  override binary: KernelSet['binary'] = (op, a, aShape, b, bShape, out, outShape) => {
    if (!this.inMemory(a, b, out) || !binary(this.runtime, op, a, aShape, b, bShape, out, outShape)) {
      referenceKernels.binary(op, a, aShape, b, bShape, out, outShape);
    }
  };

  override reduce: KernelSet['reduce'] = (op, x, view, out) => {
    if (!this.inMemory(x, out) || !reduce(this.runtime, op, x, view, out)) referenceKernels.reduce(op, x, view, out);
  };

  override softmax: KernelSet['softmax'] = (x, view, out) => {
    if (!this.inMemory(x, out) || !softmax(this.runtime, x, view, out, false)) referenceKernels.softmax(x, view, out);
  };

  override logSoftmax: KernelSet['logSoftmax'] = (x, view, out) => {
    if (!this.inMemory(x, out) || !softmax(this.runtime, x, view, out, true)) referenceKernels.logSoftmax(x, view, out);
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

  override adamUpdate: KernelSet['adamUpdate'] = (w, g, m, v, params) => {
    if (!this.inMemory(w, g, m, v)) return referenceKernels.adamUpdate(w, g, m, v, params);
    adamUpdate(this.runtime, w, g, m, v, params);
  };

  override sgdUpdate: KernelSet['sgdUpdate'] = (w, g, learningRate) => {
    if (!this.inMemory(w, g)) return referenceKernels.sgdUpdate(w, g, learningRate);
    sgdUpdate(this.runtime, w, g, learningRate);
  };

  override conv2dBiasActivation: KernelSet['conv2dBiasActivation'] = (x, filter, bias, out, info, activation) => {
    // The direct kernel applies the bias and activation as it stores; elsewhere two passes.
    if (this.inMemory(x, filter, bias, out) && isDirect(info) && info.filterHeight * info.filterWidth > 1) {
      return directConv2d(this.runtime, x, filter, out, info, bias, activation);
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
