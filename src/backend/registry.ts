/**
 * Which backend runs the kernels. The reference `js` backend is always available; `wasm`
 * (AssemblyScript SIMD + threads) is registered here and other backends register themselves. They
 * are chosen with {@link setBackend} or the `ATELIER_BACKEND` environment variable. A backend whose
 * factory throws {@link BackendUnavailableError} (no WebAssembly SIMD, no SharedArrayBuffer...) is
 * replaced by `js` with one warning.
 * @module
 */
import { profiled, profilingEnabled } from './profile.js';
import { ArgumentError, BackendUnavailableError } from '../errors.js';
import type { Backend } from './kernels.js';
import { JsBackend } from './js/js-backend.js';
import { createWasmBackend } from './wasm/index.js';

const factories = new Map<string, () => Backend>([
  ['js', () => new JsBackend()],
  ['wasm', () => createWasmBackend()],
]);
const instances = new Map<string, Backend>();

/**
 * The backend used unless `setBackend` or `ATELIER_BACKEND` says otherwise: WebAssembly SIMD with
 * threads, which falls back to the reference `js` backend (with one warning) where WebAssembly SIMD
 * or shared memory is unavailable.
 */
export const DEFAULT_BACKEND = 'wasm';
let current: Backend | null = null;

/**
 * Makes a backend available under `name`; `factory` runs on first use. A factory that throws
 * {@link BackendUnavailableError} makes `name` fall back to `js` with one warning.
 */
export function registerBackend(name: string, factory: () => Backend): void {
  factories.set(name, factory);
  instances.delete(name);
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
    try {
      backend = factory();
    } catch (error) {
      if (!(error instanceof BackendUnavailableError) || name === 'js') throw error;
      warn(`atelier: backend '${name}' is unavailable here, using 'js' instead. ${error.message}`);
      backend = instantiate('js');
    }
    if (profilingEnabled()) backend = profiled(backend);
    instances.set(name, backend);
  }
  return backend;
}

function warn(message: string): void {
  if (typeof process !== 'undefined' && typeof process.emitWarning === 'function') {
    process.emitWarning(message, { code: 'ATELIER_BACKEND_UNAVAILABLE' });
  } else {
    console.warn(message);
  }
}

/**
 * Selects the backend that runs subsequent kernels. Tensors created before keep their storage and
 * stay readable; mixing tensors of two backends in one op is allowed only while their storage is
 * plain typed arrays (the reference backend reads anything).
 */
export function setBackend(name: string): void {
  current = instantiate(name);
}

/** The backend in use: the one set last, else `ATELIER_BACKEND`, else {@link DEFAULT_BACKEND} (`wasm`). */
export function getBackend(): Backend {
  if (current) return current;
  const fromEnv = typeof process !== 'undefined' ? process.env?.ATELIER_BACKEND : undefined;
  if (fromEnv && !factories.has(fromEnv)) {
    warn(`atelier: ATELIER_BACKEND='${fromEnv}' names no backend (known: ${listBackends().join(', ')}); using '${DEFAULT_BACKEND}'.`);
  }
  current = instantiate(fromEnv && factories.has(fromEnv) ? fromEnv : DEFAULT_BACKEND);
  return current;
}
