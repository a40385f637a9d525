/**
 * Helpers shared by the built-in layers: resolving initializer/regularizer/constraint options,
 * serialising them back, and shape checks whose errors name the layer.
 * @module
 */
import { ArgumentError, ShapeError } from '../../errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { noGrad } from '../../autograd/tape.js';
import { tensor } from '../../tensor/creation.js';
import type { AddWeightOptions, Layer } from '../layer.js';
import type { SymbolicShape } from '../symbolic.js';
import { getInitializer, type Initializer, type InitializerIdentifier } from '../initializers.js';
import { getRegularizer, type Regularizer, type RegularizerIdentifier } from '../regularizers.js';
import { getConstraint, type Constraint, type ConstraintIdentifier } from '../constraints.js';

/** How one weight of a layer is initialised, penalised and constrained. */
export interface WeightSettings {
  initializer: Initializer;
  regularizer: Regularizer | null;
  constraint: Constraint | null;
}

/**
 * Resolves the `<prefix>Initializer`, `<prefix>Regularizer` and `<prefix>Constraint` options of a
 * layer (e.g. `kernel`, `bias`, `recurrent`), falling back to `defaultInitializer`.
 */
export function weightSettings(
  layerClass: string,
  prefix: string,
  options: Record<string, unknown>,
  defaultInitializer: InitializerIdentifier,
): WeightSettings {
  const initializer = options[`${prefix}Initializer`] as InitializerIdentifier | undefined;
  return {
    initializer: getInitializer(initializer ?? defaultInitializer, `${layerClass}: ${prefix}Initializer`),
    regularizer: getRegularizer(options[`${prefix}Regularizer`] as RegularizerIdentifier | undefined, `${layerClass}: ${prefix}Regularizer`),
    constraint: getConstraint(options[`${prefix}Constraint`] as ConstraintIdentifier | undefined, `${layerClass}: ${prefix}Constraint`),
  };
}

/** The {@link Layer.addWeight} options for `settings`. */
export function addWeightOptions(settings: WeightSettings, trainable = true): AddWeightOptions {
  return {
    initializer: settings.initializer.asFunction(),
    regularizer: settings.regularizer?.asFunction() ?? null,
    constraint: settings.constraint?.asFunction() ?? null,
    trainable,
  };
}

/** The config entries recreating `settings` under `prefix` (`kernelInitializer`, `kernelRegularizer`, `kernelConstraint`). */
export function serializeWeightSettings(prefix: string, settings: WeightSettings): Record<string, unknown> {
  return {
    [`${prefix}Initializer`]: settings.initializer.toConfig(),
    [`${prefix}Regularizer`]: settings.regularizer?.toConfig() ?? null,
    [`${prefix}Constraint`]: settings.constraint?.toConfig() ?? null,
  };
}

/** Formats a shape with unknown axes as `[null,28,28,1]`. */
export function formatSymbolicShape(shape: SymbolicShape): string {
  return `[${shape.map((d) => (d === null ? 'null' : String(d))).join(',')}]`;
}

/** A {@link ShapeError} whose message starts with the layer's name and class. */
export function layerShapeError(layer: Layer, message: string): ShapeError {
  return new ShapeError(`${layer.name} (${layer.className}): ${message}`);
}

/** An {@link ArgumentError} whose message starts with the layer class. */
export function layerArgumentError(layerClass: string, message: string): ArgumentError {
  return new ArgumentError(`${layerClass}: ${message}`);
}

/** Throws unless `shape` is a single shape (not a list of inputs); returns it. */
export function singleShape(layer: Layer, shape: SymbolicShape | SymbolicShape[]): SymbolicShape {
  if (shape.length > 0 && Array.isArray(shape[0])) {
    throw layerShapeError(layer, `expects one input, got ${shape.length}: ${(shape as SymbolicShape[]).map(formatSymbolicShape).join(', ')}`);
  }
  return shape as SymbolicShape;
}

/** Throws a {@link ShapeError} naming the layer unless `shape` has exactly `rank` axes (batch included). */
export function expectRank(layer: Layer, shape: SymbolicShape, rank: number, expected: string): void {
  if (shape.length !== rank) throw layerShapeError(layer, `input ${formatSymbolicShape(shape)} has rank ${shape.length}, expected ${expected}`);
}

/** The size of axis `axis` of `shape`; throws when it is unknown (weights need it). */
export function knownDim(layer: Layer, shape: SymbolicShape, axis: number, what: string): number {
  const d = shape[axis < 0 ? shape.length + axis : axis];
  if (d === null || d === undefined) throw layerShapeError(layer, `input ${formatSymbolicShape(shape)}: the ${what} axis must be known to build the layer`);
  return d;
}

/** Throws an {@link ArgumentError} unless `value` is a positive integer. */
export function positiveInteger(layerClass: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw layerArgumentError(layerClass, `${name} must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Normalises an integer or a pair to a pair of positive integers (`kernelSize: 3` → `[3, 3]`). */
export function intPair(layerClass: string, name: string, value: unknown): [number, number] {
  const pair = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(pair) || pair.length !== 2) throw layerArgumentError(layerClass, `${name} must be an integer or a pair of integers, got ${JSON.stringify(value)}`);
  return [positiveInteger(layerClass, name, pair[0]), positiveInteger(layerClass, name, pair[1])];
}

/**
 * A copy of `t` cut from the autograd graph (for states carried between calls, such as a stateful
 * RNN's, whose history must not be back-propagated into).
 */
export function detach(t: Tensor): Tensor {
  return noGrad(() => tensor(t.values, t.shape, t.dtype));
}
