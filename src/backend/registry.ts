/**
 * Which backend runs the kernels. The reference `js` backend is always available; faster backends
 * register themselves and are chosen with {@link setBackend} or the `ATELIER_BACKEND` environment variable.
 * @module
 */
import { ArgumentError } from '../errors.js';
import type { Backend } from './kernels.js';
import { JsBackend } from './js/js-backend.js';

const factories = new Map<string, () => Backend>([['js', () => new JsBackend()]]);
const instances = new Map<string, Backend>();
let current: Backend | null = null;

/** Makes a backend available under `name`; `factory` runs on first use. */
export function registerBackend(name: string, factory: () => Backend): void {
  factories.set(name, factory);
}

/** Names of the registered backends. */
export function listBackends(): string[] {
  return [...factories.keys()];
}

function instantiate(name: string): Backend {
  let backend = instances.get(name);
  if (!backend) {
    const factory = factories.get(name);
    if (!factory) {
      throw new ArgumentError(`setBackend: unknown backend '${name}', expected one of ${listBackends().map((n) => `'${n}'`).join(', ')}`);
    }
    backend = factory();
    instances.set(name, backend);
  }
  return backend;
}

/**
 * Selects the backend that runs subsequent kernels. Tensors created before keep their storage and
 * stay readable; mixing tensors of two backends in one op is allowed only while their storage is
 * plain typed arrays (the reference backend reads anything).
 */
export function setBackend(name: string): void {
  current = instantiate(name);
}

/** The backend in use: the one set last, else `ATELIER_BACKEND`, else `js`. */
export function getBackend(): Backend {
  if (current) return current;
  const fromEnv = typeof process !== 'undefined' ? process.env?.ATELIER_BACKEND : undefined;
  current = instantiate(fromEnv && factories.has(fromEnv) ? fromEnv : 'js');
  return current;
}
