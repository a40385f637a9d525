/**
 * Weight constraints: projections applied to a weight after every optimizer step, as Keras
 * defines them.
 *
 * `axis` names the axes along which a norm is taken, as in Keras. For a dense kernel `[in, out]`
 * the default `axis: 0` constrains each output unit's incoming weight vector; for a convolution
 * kernel (HWIO) use `axis: [0, 1, 2]` to constrain each filter.
 *
 * @example layers.dense({ units: 64, kernelConstraint: constraints.maxNorm({ maxValue: 3 }) });
 * @module
 */
import { ArgumentError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, div, mul } from '../ops/arithmetic.js';
import { cast } from '../ops/cast.js';
import { greaterEqual } from '../ops/compare.js';
import { clip, sqrt, square } from '../ops/math.js';
import { sum } from '../ops/reduce.js';
import { noGrad } from '../autograd/tape.js';
import type { Projection } from './layer.js';
import { configNumber, isSerializedObject, ObjectRegistry, type SerializedObject } from './serialization.js';

/** Keras' fuzz factor: keeps the division finite for an all-zero vector. */
const EPSILON = 1e-7;

/** A projection of a weight onto an allowed set. */
export abstract class Constraint {
  /** The registered class name, e.g. `MaxNorm`. */
  abstract readonly className: string;
  /** The projected weight (same shape). */
  abstract apply(w: Tensor): Tensor;
  /** Options that recreate this constraint. */
  abstract getConfig(): Record<string, unknown>;
  /** `{className, config}`, JSON-serialisable. */
  toConfig(): SerializedObject {
    return { className: this.className, config: this.getConfig() };
  }
  /** This constraint as the plain function {@link Layer.addWeight} takes (runs without recording gradients). */
  asFunction(): Projection {
    return (w) => noGrad(() => this.apply(w));
  }
}

type Axis = number | number[];

function readAxis(config: Record<string, unknown>, caller: string): Axis {
  const axis = config['axis'] ?? 0;
  if (typeof axis === 'number' || (Array.isArray(axis) && axis.every((a) => typeof a === 'number'))) return axis;
  throw new ArgumentError(`${caller}: axis must be an integer or a list of integers, got ${JSON.stringify(axis)}`);
}

function norms(w: Tensor, axis: Axis): Tensor {
  return sqrt(sum(square(w), axis, true));
}

/** Rescales every vector along `axis` whose norm exceeds `maxValue` down to `maxValue` (Keras default 2). */
export class MaxNorm extends Constraint {
  readonly className = 'MaxNorm';
  constructor(readonly maxValue = 2, readonly axis: Axis = 0) {
    super();
    if (!(maxValue > 0)) throw new ArgumentError(`MaxNorm: maxValue must be positive, got ${maxValue}`);
  }
  apply(w: Tensor): Tensor {
    const n = norms(w, this.axis);
    return mul(w, div(clip(n, 0, this.maxValue), add(n, EPSILON)));
  }
  getConfig(): Record<string, unknown> {
    return { maxValue: this.maxValue, axis: this.axis };
  }
}

/** Sets negative weights to zero. */
export class NonNeg extends Constraint {
  readonly className = 'NonNeg';
  apply(w: Tensor): Tensor {
    return mul(w, cast(greaterEqual(w, 0), 'float32'));
  }
  getConfig(): Record<string, unknown> {
    return {};
  }
}

/** Scales every vector along `axis` to unit norm. */
export class UnitNorm extends Constraint {
  readonly className = 'UnitNorm';
  constructor(readonly axis: Axis = 0) {
    super();
  }
  apply(w: Tensor): Tensor {
    return div(w, add(norms(w, this.axis), EPSILON));
  }
  getConfig(): Record<string, unknown> {
    return { axis: this.axis };
  }
}

/**
 * Moves every vector's norm along `axis` into `[minValue, maxValue]`: the new norm is
 * `rate · clip(norm) + (1 − rate) · norm`, so `rate` below 1 only steps toward the interval.
 */
export class MinMaxNorm extends Constraint {
  readonly className = 'MinMaxNorm';
  constructor(readonly minValue = 0, readonly maxValue = 1, readonly rate = 1, readonly axis: Axis = 0) {
    super();
    if (!(minValue >= 0 && minValue <= maxValue)) throw new ArgumentError(`MinMaxNorm: need 0 <= minValue <= maxValue, got ${minValue} and ${maxValue}`);
    if (!(rate >= 0 && rate <= 1)) throw new ArgumentError(`MinMaxNorm: rate must be in [0, 1], got ${rate}`);
  }
  apply(w: Tensor): Tensor {
    const n = norms(w, this.axis);
    const desired = add(mul(clip(n, this.minValue, this.maxValue), this.rate), mul(n, 1 - this.rate));
    return mul(w, div(desired, add(n, EPSILON)));
  }
  getConfig(): Record<string, unknown> {
    return { minValue: this.minValue, maxValue: this.maxValue, rate: this.rate, axis: this.axis };
  }
}

/** Anything a layer option accepts as a constraint: a name (`'nonNeg'`), an instance, or a saved config. */
export type ConstraintIdentifier = string | Constraint | SerializedObject;

const registry = new ObjectRegistry<Constraint>('constraint');
registry.register('MaxNorm', (c) => new MaxNorm(configNumber(c, 'maxValue', configNumber(c, 'max_value', 2, 'MaxNorm'), 'MaxNorm'), readAxis(c, 'MaxNorm')));
registry.register('NonNeg', () => new NonNeg());
registry.register('UnitNorm', (c) => new UnitNorm(readAxis(c, 'UnitNorm')));
registry.register('MinMaxNorm', (c) =>
  new MinMaxNorm(configNumber(c, 'minValue', 0, 'MinMaxNorm'), configNumber(c, 'maxValue', 1, 'MinMaxNorm'), configNumber(c, 'rate', 1, 'MinMaxNorm'), readAxis(c, 'MinMaxNorm')),
);

/** Resolves a constraint identifier; `null`/`undefined` give `null` (unconstrained). */
export function getConstraint(identifier: ConstraintIdentifier | null | undefined, caller = 'getConstraint'): Constraint | null {
  if (identifier === null || identifier === undefined) return null;
  if (identifier instanceof Constraint) return identifier;
  if (typeof identifier === 'string' || isSerializedObject(identifier)) return registry.create(identifier, caller);
  throw new ArgumentError(`${caller}: expected a constraint name, Constraint or {className, config}, got ${JSON.stringify(identifier)}`);
}

/** Adds a constraint class to the name registry so saved configs can find it. */
export function registerConstraint(className: string, create: (config: Record<string, unknown>) => Constraint): void {
  registry.register(className, create);
}

/** Caps the norm along `axis` at `maxValue` (defaults 2 and axis 0). */
export const maxNorm = (options: { maxValue?: number; axis?: Axis } = {}): Constraint => new MaxNorm(options.maxValue, options.axis);
/** Clamps weights at zero from below. */
export const nonNeg = (): Constraint => new NonNeg();
/** Unit norm along `axis` (default 0). */
export const unitNorm = (options: { axis?: Axis } = {}): Constraint => new UnitNorm(options.axis);
/** Norm along `axis` kept within `[minValue, maxValue]`, approached at `rate`. */
export const minMaxNorm = (options: { minValue?: number; maxValue?: number; rate?: number; axis?: Axis } = {}): Constraint =>
  new MinMaxNorm(options.minValue, options.maxValue, options.rate, options.axis);
