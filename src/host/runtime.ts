/**
 * Which kind of JavaScript host runs atelier. The engine's entry point is plain ES modules that a
 * browser loads without a bundler, so nothing it imports statically may name a `node:` module or a
 * package: the `node-*.ts` files beside this one load Node's built-ins with a top-level `await
 * import()` only when {@link isNode} is true, and stand in for them elsewhere with functions that
 * throw `NodeOnlyError` when called.
 * @module
 */
import { NodeOnlyError } from '../errors.js';

/** True on Node.js (and runtimes that present themselves as Node); false in browsers and their workers. */
export const isNode: boolean =
  typeof process === 'object' && process !== null && typeof process.versions === 'object' && typeof process.versions.node === 'string';

/**
 * A stand-in for a Node function that is unavailable here: calling it throws {@link NodeOnlyError}
 * naming the function. Typed as the real function so that call sites stay as they are.
 */
export function nodeOnly<F>(module: string, name: string): F {
  return (() => {
    throw new NodeOnlyError(
      `${module} ${name}: files and the terminal are available only on Node.js; in a browser, keep data in memory ` +
        `(e.g. encodeSafetensors / decodeSafetensors with fetch or IndexedDB)`,
    );
  }) as F;
}
