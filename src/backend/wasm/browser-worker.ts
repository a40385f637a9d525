/**
 * Entry script of a browser (module) Web Worker of the wasm backend: waits for its {@link WorkerInit}
 * message, then serves tasks forever (blocking in `Atomics.wait`, which workers may do).
 * @module
 */
import type { WorkerInit } from './platform.js';
import { serveTasks } from './worker-loop.js';

addEventListener('message', (event: MessageEvent<WorkerInit>) => serveTasks(event.data), { once: true });
