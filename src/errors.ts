/**
 * Typed errors thrown by atelier. Every message names the operation, the argument,
 * what was expected and what came, e.g.
 * `ShapeError: matmul: a [32,784] and b [10,784]: inner dimensions 784 and 10 differ`.
 * @module
 */

/** Base class of every error atelier throws on purpose. */
export class AtelierError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A tensor had the wrong shape or rank for an operation, or shapes could not be broadcast. */
export class ShapeError extends AtelierError {}

/** A tensor had a dtype the operation does not accept (e.g. `int32` where `float32` is required). */
export class DTypeError extends AtelierError {}

/** An argument other than a tensor's shape or dtype was invalid (a negative size, an unknown option...). */
export class ArgumentError extends AtelierError {}

/** Formats a shape the way messages print it: `[32,28,28,1]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}

/**
 * A backend cannot run in this environment (e.g. WebAssembly SIMD or SharedArrayBuffer missing, or
 * its compiled module was not built). The registry turns it into one warning and a fallback to `js`.
 */
export class BackendUnavailableError extends AtelierError {}

/** A Node-only facility (files, the terminal) was used where there is no Node, e.g. `saveModel` in a browser. */
export class NodeOnlyError extends AtelierError {}

/**
 * A backend can run here but has not finished loading: in browsers the wasm kernels are fetched and
 * compiled asynchronously, so `await ready()` (or `await setBackendAsync('wasm')`) must come before
 * the first op. The registry uses `js` meanwhile (with one warning) and switches once it is ready.
 */
export class BackendNotReadyError extends BackendUnavailableError {}
