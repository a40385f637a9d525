/**
 * Which backend runs the kernels. The reference `js` backend is always available; `wasm`
 * (AssemblyScript SIMD + threads) is registered here and other backends register themselves. They
 * are chosen with {@link setBackend} or the `ATELIER_BACKEND` environment variable. A backend whose
 * factory throws {@link BackendUnavailableError} (no WebAssembly SIMD, no SharedArrayBuffer...) is
 * replaced by `js` with one warning.
 *
 * Backends that load asynchronously (wasm in browsers: the kernels are fetched and compiled) are
 * made ready with {@link ready} or {@link setBackendAsync}, which work on every host; the
 * synchronous calls keep working where loading is synchronous (Node).
 * @module
 */
import { profiled, profilingEnabled } from './profile.js';
import { ArgumentError, BackendNotReadyError, BackendUnavailableError } from '../errors.js';
import type { Backend } from './kernels.js';
import { JsBackend } from './js/js-backend.js';
import { createWasmBackend, createWasmBackendAsync } from './wasm/index.js';

/** How a backend is made: synchronously, and optionally asynchronously (loading what it needs first). */
interface Factory {
  create: () => Backend;
  createAsync?: () => Promise<Backend>;
}

const factories = new Map<string, Factory>([
  ['js', { create: () => new JsBackend() }],
  ['wasm', { create: () => createWasmBackend(), createAsync: () => createWasmBackendAsync() }],
]);
const instances = new Map<string, Backend>();
const loading = new Map<string, Promise<Backend>>();
const warned = new Set<string>();

/**
 * The backend used unless `setBackend` or `ATELIER_BACKEND` says otherwise: WebAssembly SIMD with
 * threads, which falls back to the reference `js` backend (with one warning) where WebAssembly SIMD
 * or shared memory is unavailable.
 */
export const DEFAULT_BACKEND = 'wasm';
let current: Backend | null = null;
/** The backend asked for while `current` stands in for it because it was not loaded yet. */
let awaited: string | null = null;

/**
 * Makes a backend available under `name`; `factory` runs on first use. A factory that throws
 * {@link BackendUnavailableError} makes `name` fall back to `js` with one warning. `factoryAsync`,
 * when given, is what {@link setBackendAsync} and {@link ready} use (a backend that must load
 * something first); without it they call `factory`.
 */
export function registerBackend(name: string, factory: () => Backend, factoryAsync?: () => Promise<Backend>): void {
  factories.set(name, factoryAsync ? { create: factory, createAsync: factoryAsync } : { create: factory });
  instances.delete(name);
  loading.delete(name);
}

/** Names of the registered backends. */
export function listBackends(): string[] {
  return [...factories.keys()];
}

function factoryOf(name: string, caller: string): Factory {
  const factory = factories.get(name);
  if (!factory) {
    throw new ArgumentError(`${caller}: unknown backend '${name}', expected one of ${listBackends().map((n) => `'${n}'`).join(', ')}`);
  }
  return factory;
}

/** Caches `backend` as `name`'s instance (profiled when ATELIER_PROFILE asks). */
function keep(name: string, backend: Backend): Backend {
  const kept = profilingEnabled() ? profiled(backend) : backend;
  instances.set(name, kept);
  return kept;
}

/** The `js` stand-in for `name`, whose creation failed with `error`; rethrows errors that are not about availability. */
function fallBack(name: string, error: unknown): Backend {
  if (!(error instanceof BackendUnavailableError) || name === 'js') throw error;
  warn(`atelier: backend '${name}' is unavailable here, using 'js' instead. ${error.message}`);
  return instantiate('js');
}

function instantiate(name: string): Backend {
  const cached = instances.get(name);
  if (cached) return cached;
  const factory = factoryOf(name, 'setBackend');
  try {
    return keep(name, factory.create());
  } catch (error) {
    const fallback = fallBack(name, error);
    // Not cached: once `ready()` has loaded it, the real backend replaces the stand-in.
    if (error instanceof BackendNotReadyError) {
      awaited = name;
      return fallback;
    }
    instances.set(name, fallback);
    return fallback;
  }
}

function warn(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  if (typeof process !== 'undefined' && typeof process.emitWarning === 'function') {
    process.emitWarning(message, { code: 'ATELIER_BACKEND_UNAVAILABLE' });
  } else {
    console.warn(message);
  }
}

/**
 * Selects the backend that runs subsequent kernels. Tensors created before keep their storage and
 * stay readable; mixing tensors of two backends in one op is allowed only while their storage is
 * plain typed arrays (the reference backend reads anything). In browsers, `wasm` must be loaded
 * first with {@link setBackendAsync} or {@link ready}; until then `js` stands in (with one warning).
 */
export function setBackend(name: string): void {
  awaited = null;
  current = instantiate(name);
}

/**
 * Loads `name` (asynchronously where it needs to: wasm in browsers fetches and compiles its
 * kernels) and selects it; resolves to the backend in use, which is `js` (after one warning) where
 * `name` cannot run here. Works on every host.
 * @example
 * await setBackendAsync('wasm');
 */
export async function setBackendAsync(name: string): Promise<Backend> {
  const factory = factoryOf(name, 'setBackendAsync');
  let backend = instances.get(name);
  if (!backend) {
    let pending = loading.get(name);
    if (!pending) {
      pending = (async () => {
        try {
          return keep(name, factory.createAsync ? await factory.createAsync() : factory.create());
        } catch (error) {
          const fallback = fallBack(name, error);
          instances.set(name, fallback);
          return fallback;
        } finally {
          loading.delete(name);
        }
      })();
      loading.set(name, pending);
    }
    backend = await pending;
  }
  awaited = null;
  current = backend;
  return backend;
}

function defaultName(): string {
  const fromEnv = typeof process !== 'undefined' ? process.env?.ATELIER_BACKEND : undefined;
  if (fromEnv && !factories.has(fromEnv)) {
    warn(`atelier: ATELIER_BACKEND='${fromEnv}' names no backend (known: ${listBackends().join(', ')}); using '${DEFAULT_BACKEND}'.`);
  }
  return fromEnv && factories.has(fromEnv) ? fromEnv : DEFAULT_BACKEND;
}

/**
 * Resolves once the backend that ops will use is loaded, and returns it: the one chosen with
 * `setBackend` (loading it now if it was still loading), else `ATELIER_BACKEND`, else
 * {@link DEFAULT_BACKEND}. Needed once in browsers before the first op, harmless everywhere.
 * @example
 * import { ready, tensor } from 'atelier';
 * await ready();
 */
export async function ready(): Promise<Backend> {
  if (current && awaited === null) return current;
  return setBackendAsync(awaited ?? defaultName());
}

/** The backend in use: the one set last, else `ATELIER_BACKEND`, else {@link DEFAULT_BACKEND} (`wasm`). */
export function getBackend(): Backend {
  if (current) return current;
  current = instantiate(defaultName());
  return current;
}
