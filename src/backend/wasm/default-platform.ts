/**
 * The host the wasm backend runs on unless told otherwise: Node's (fs, os, worker_threads) on Node,
 * the browser's (fetch, Web Workers) elsewhere. node-platform.ts is imported only on Node, with a
 * top-level `await import()`, so a browser never fetches a module that names `node:` built-ins.
 * @module
 */
import { isNode } from '../../host/runtime.js';
import { browserPlatform } from './browser-platform.js';
import type { WasmPlatform } from './platform.js';

/** {@link WasmPlatform} of the running host. */
export const defaultPlatform: WasmPlatform = isNode ? (await import('./node-platform.js')).nodePlatform : browserPlatform;
