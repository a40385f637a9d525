/**
 * Mutable tensors: trainable weights and optimizer state.
 * @module
 */
import { getBackend } from '../backend/registry.js';
import { ShapeError, formatShape } from '../errors.js';
import { shapesEqual } from './shape.js';
import { Storage } from './storage.js';
import { Tensor } from './tensor.js';
import { keep } from './scope.js';

let unnamed = 0;

/**
 * A tensor whose values can be replaced in place with {@link Variable.assign}: the weights of a layer,
 * an optimizer's moments. Variables are never disposed by scopes; they require grad when trainable.
 */
export class Variable extends Tensor {
  /** A name that is unique within a model, e.g. `conv2d_1/weight`. */
  name: string;
  /** When false, optimizers leave this variable alone and gradients are not computed for it. */
  trainable: boolean;

  constructor(initial: Tensor, options: { name?: string; trainable?: boolean } = {}) {
    const backend = getBackend();
    const values = backend.alloc(initial.dtype, initial.size);
    values.set(initial.values);
    super(new Storage(values, backend), initial.shape, initial.dtype);
    this.name = options.name ?? `variable_${unnamed++}`;
    this.trainable = options.trainable ?? true;
    this.requiresGrad = this.trainable && initial.dtype === 'float32';
    keep(this);
  }

  /** Copies `value` (same shape and dtype) into this variable's storage. */
  assign(value: Tensor): void {
    if (!shapesEqual(value.shape, this.shape) || value.dtype !== this.dtype) {
      throw new ShapeError(
        `assign: variable '${this.name}' is ${this.dtype} ${formatShape(this.shape)}, got ${value.dtype} ${formatShape(value.shape)}`,
      );
    }
    this.values.set(value.values);
  }
}
