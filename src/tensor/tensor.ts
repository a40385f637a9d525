/**
 * The n-dimensional array at the heart of atelier.
 * @module
 */
import { getBackend } from '../backend/registry.js';
import type { Backend } from '../backend/kernels.js';
import { AtelierError, ShapeError, formatShape } from '../errors.js';
import type { GradNode } from '../autograd/node.js';
import { arrayConstructor, type DType, type DTypeArrayMap, type TypedArray } from './dtype.js';
import { sizeOf, type Shape } from './shape.js';
import { Storage, attachStorage, detachStorage } from './storage.js';
import { trackInScope } from './scope.js';
import { formatTensor } from './format.js';

let nextId = 0;

/** A nested JavaScript array of numbers (or booleans for bool tensors). */
export type NestedArray = number | boolean | NestedArray[];

/**
 * An immutable n-dimensional array of `float32`, `int32` or `bool`, stored row-major.
 *
 * Create tensors with {@link tensor}, {@link zeros}, {@link randomNormal}...; combine them with the
 * functions in `ops`. Memory is released automatically when a tensor becomes unreachable;
 * {@link Tensor.dispose} releases it at once.
 */
export class Tensor {
  /** Lets duck-typing code recognise tensors across module copies. */
  readonly isTensor = true;
  /** Unique id, increasing in creation order. */
  readonly id = nextId++;
  /** Size of each axis, outermost first. */
  readonly shape: readonly number[];
  /** Element type. */
  readonly dtype: DType;
  /** Number of elements. */
  readonly size: number;
  /**
   * When true, operations on this tensor are recorded so that gradients with respect to it can be
   * computed by {@link Tensor.backward}. Set for trainable variables.
   */
  requiresGrad = false;
  /** Gradient accumulated by {@link Tensor.backward} on a tensor that requires grad and is a leaf. */
  grad: Tensor | null = null;
  /** @internal The operation that produced this tensor, while gradients may flow through it. */
  gradNode: GradNode | null = null;
  /** @internal */
  protected storage: Storage | null;

  /** @internal Use the creation functions instead. */
  constructor(storage: Storage, shape: Shape, dtype: DType) {
    if (storage.values.length !== sizeOf(shape)) {
      throw new ShapeError(`tensor: ${storage.values.length} values cannot fill shape ${formatShape(shape)} (${sizeOf(shape)} elements)`);
    }
    this.shape = Object.freeze([...shape]);
    this.dtype = dtype;
    this.size = storage.values.length;
    this.storage = storage;
    attachStorage(storage);
    trackInScope(this);
  }

  /** @internal Wraps freshly computed `values` (owned by `backend`) in a tensor. */
  static fromValues(values: TypedArray, shape: Shape, dtype: DType, backend: Backend = getBackend()): Tensor {
    return new Tensor(new Storage(values, backend), shape, dtype);
  }

  /** Number of axes. */
  get rank(): number {
    return this.shape.length;
  }

  /** True once {@link dispose} has been called. */
  get isDisposed(): boolean {
    return this.storage === null;
  }

  /**
   * @internal The backing typed array, without copying. Ops and kernels read it; never write to it
   * (other tensors may share it).
   */
  get values(): TypedArray {
    if (!this.storage) throw new AtelierError(`tensor #${this.id} ${formatShape(this.shape)} was disposed and cannot be used`);
    return this.storage.values;
  }

  /** @internal The storage, for zero-copy reshapes. */
  get sharedStorage(): Storage {
    if (!this.storage) throw new AtelierError(`tensor #${this.id} ${formatShape(this.shape)} was disposed and cannot be used`);
    return this.storage;
  }

  /** A copy of the elements as a typed array (`Float32Array`, `Int32Array` or `Uint8Array` for bool). */
  data<D extends DType = DType>(): DTypeArrayMap[D] {
    const values = this.values;
    const copy = new (arrayConstructor(this.dtype))(values.length);
    copy.set(values);
    return copy as DTypeArrayMap[D];
  }

  /** The elements as nested arrays matching the shape (booleans for bool tensors). */
  toArray(): NestedArray {
    const values = this.values;
    const asValue = this.dtype === 'bool' ? (v: number) => v !== 0 : (v: number) => v;
    const build = (axis: number, offset: number): NestedArray => {
      if (axis === this.rank) return asValue(values[offset]!);
      const stride = sizeOf(this.shape.slice(axis + 1));
      return Array.from({ length: this.shape[axis]! }, (_, i) => build(axis + 1, offset + i * stride));
    };
    return build(0, 0);
  }

  /** The single element of a one-element tensor as a number. */
  item(): number {
    if (this.size !== 1) throw new ShapeError(`item: tensor ${formatShape(this.shape)} has ${this.size} elements, expected 1`);
    return this.values[0]!;
  }

  /** Releases this tensor's memory now. Using it afterwards throws. Idempotent. */
  dispose(): void {
    if (!this.storage) return;
    detachStorage(this.storage);
    this.storage = null;
    this.gradNode = null;
  }

  /**
   * Back-propagates from this tensor: accumulates into `.grad` of every leaf tensor that requires
   * grad. A non-scalar tensor needs `gradient`, the vector in the vector-Jacobian product.
   */
  backward(gradient?: Tensor): void {
    backwardHook(this, gradient);
  }

  /** A NumPy-like rendering, e.g. `Tensor float32 [2,2]\n[[1, 2],\n [3, 4]]`. */
  toString(): string {
    return formatTensor(this);
  }
}

let backwardHook: (root: Tensor, gradient?: Tensor) => void = () => {
  throw new AtelierError('backward: autograd is not loaded');
};

/** @internal Installed by the autograd module to break the import cycle tensor → autograd → ops → tensor. */
export function installBackward(fn: (root: Tensor, gradient?: Tensor) => void): void {
  backwardHook = fn;
}
