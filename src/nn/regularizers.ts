/**
 * Weight and activity regularizers: penalties added to the training loss, with Keras' semantics
 * (`l2 = factor · sum(w²)`, not halved, not averaged).
 *
 * @example layers.dense({ units: 10, kernelRegularizer: regularizers.l2(1e-4) });
 * @module
 */
import { ArgumentError } from '../errors.js';
import { scalar } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, mul } from '../ops/arithmetic.js';
import { abs, square } from '../ops/math.js';
import { sum } from '../ops/reduce.js';
import type { Penalty } from './layer.js';
import { configNumber, isSerializedObject, ObjectRegistry, type SerializedObject } from './serialization.js';

/** A penalty on a weight or an activation; returns a scalar tensor added to the loss. */
export abstract class Regularizer {
  /** The registered class name, e.g. `L2`. */
  abstract readonly className: string;
  /** The penalty for `x`, a scalar. */
  abstract apply(x: Tensor): Tensor;
  /** Options that recreate this regularizer. */
  abstract getConfig(): Record<string, unknown>;
  /** `{className, config}`, JSON-serialisable. */
  toConfig(): SerializedObject {
    return { className: this.className, config: this.getConfig() };
  }
  /** This regularizer as the plain function {@link Layer.addWeight} takes. */
  asFunction(): Penalty {
    return (x) => this.apply(x);
  }
}

function checkFactor(name: string, factor: number): number {
  if (!Number.isFinite(factor) || factor < 0) throw new ArgumentError(`${name}: factor must be a finite number >= 0, got ${factor}`);
  return factor;
}

/** `l1 · sum(|x|) + l2 · sum(x²)`. */
export class L1L2 extends Regularizer {
  readonly className: string = 'L1L2';
  readonly l1: number;
  readonly l2: number;
  constructor(l1 = 0, l2 = 0) {
    super();
    this.l1 = checkFactor('L1L2', l1);
    this.l2 = checkFactor('L1L2', l2);
  }
  apply(x: Tensor): Tensor {
    let penalty = scalar(0);
    if (this.l1 !== 0) penalty = add(penalty, mul(sum(abs(x)), this.l1));
    if (this.l2 !== 0) penalty = add(penalty, mul(sum(square(x)), this.l2));
    return penalty;
  }
  getConfig(): Record<string, unknown> {
    return { l1: this.l1, l2: this.l2 };
  }
}

/** `factor · sum(|x|)` (Keras default factor 0.01). */
export class L1 extends L1L2 {
  override readonly className = 'L1';
  constructor(factor = 0.01) {
    super(factor, 0);
  }
  override getConfig(): Record<string, unknown> {
    return { l1: this.l1 };
  }
}

/** `factor · sum(x²)` (Keras default factor 0.01). PyTorch's `weight_decay=λ` in SGD matches `l2(λ / 2)`. */
export class L2 extends L1L2 {
  override readonly className = 'L2';
  constructor(factor = 0.01) {
    super(0, factor);
  }
  override getConfig(): Record<string, unknown> {
    return { l2: this.l2 };
  }
}

/** Anything a layer option accepts as a regularizer: a name (`'l2'`), an instance, or a saved config. */
export type RegularizerIdentifier = string | Regularizer | SerializedObject;

const registry = new ObjectRegistry<Regularizer>('regularizer');
registry.register('L1', (c) => new L1(configNumber(c, 'l1', 0.01, 'L1')));
registry.register('L2', (c) => new L2(configNumber(c, 'l2', 0.01, 'L2')));
registry.register('L1L2', (c) => new L1L2(configNumber(c, 'l1', 0.01, 'L1L2'), configNumber(c, 'l2', 0.01, 'L1L2')));

/** Resolves a regularizer identifier; `null`/`undefined` give `null` (no penalty). */
export function getRegularizer(identifier: RegularizerIdentifier | null | undefined, caller = 'getRegularizer'): Regularizer | null {
  if (identifier === null || identifier === undefined) return null;
  if (identifier instanceof Regularizer) return identifier;
  if (typeof identifier === 'string' || isSerializedObject(identifier)) return registry.create(identifier, caller);
  throw new ArgumentError(`${caller}: expected a regularizer name, Regularizer or {className, config}, got ${JSON.stringify(identifier)}`);
}

/** Adds a regularizer class to the name registry so saved configs can find it. */
export function registerRegularizer(className: string, create: (config: Record<string, unknown>) => Regularizer): void {
  registry.register(className, create);
}

/** `factor · sum(|x|)`. */
export const l1 = (factor = 0.01): Regularizer => new L1(factor);
/** `factor · sum(x²)`. */
export const l2 = (factor = 0.01): Regularizer => new L2(factor);
/** `l1 · sum(|x|) + l2 · sum(x²)` (both default 0.01, as Keras' `l1_l2`). */
export const l1l2 = (options: { l1?: number; l2?: number } = {}): Regularizer => new L1L2(options.l1 ?? 0.01, options.l2 ?? 0.01);
