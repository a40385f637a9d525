/**
 * Symbolic tensors: placeholders that carry a shape (batch axis `null`) through layer calls, so that
 * functional models can be described before any data flows.
 * @module
 */
import type { Layer } from './layer.js';

/** A shape whose entries may be unknown (`null`), typically the batch axis. */
export type SymbolicShape = readonly (number | null)[];

let nextSymbolicId = 0;

/**
 * The output of a layer in a model's graph: a shape, and the layer call that produced it.
 * Returned by {@link input} and by `layer.apply(symbolic)`.
 */
export class SymbolicTensor {
  readonly isSymbolic = true;
  readonly id = nextSymbolicId++;
  constructor(
    /** Shape including the batch axis (`null`). */
    readonly shape: SymbolicShape,
    /** The layer whose call produced this tensor (`null` for model inputs). */
    readonly sourceLayer: Layer | null,
    /** The symbolic inputs of that call. */
    readonly inputs: readonly SymbolicTensor[],
    /** Which output of the layer this is (layers with several outputs, like `lstm` with `returnState`). */
    readonly outputIndex = 0,
    /** Name, for model inputs. */
    readonly name?: string,
  ) {}
}

/** True when `x` is a {@link SymbolicTensor}. */
export function isSymbolic(x: unknown): x is SymbolicTensor {
  return typeof x === 'object' && x !== null && (x as { isSymbolic?: unknown }).isSymbolic === true;
}

/**
 * Declares a model input of the given per-sample shape (the batch axis is added).
 * @example const img = input({ shape: [64, 64, 3] });
 */
export function input(options: { shape: readonly (number | null)[]; name?: string }): SymbolicTensor {
  return new SymbolicTensor([null, ...options.shape], null, [], 0, options.name);
}
