/**
 * A module Web Worker for the Chromium end-to-end test: runs {@link wasmCheck} (the engine inside a
 * worker, itself spawning the wasm backend's workers) and posts the report or the error back.
 */
import { wasmCheck } from './checks.js';

wasmCheck().then(
  (report) => postMessage(report),
  (error: unknown) => postMessage({ error: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) }),
);
