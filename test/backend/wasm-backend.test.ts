/** Runs the kernel suite on the wasm backend (two threads, so the parallel paths run too). */
import { createWasmBackend } from '../../src/backend/wasm/index.js';
import { runKernelSuite } from './kernel-suite.js';

runKernelSuite('wasm', () => createWasmBackend({ threads: 2 }));
