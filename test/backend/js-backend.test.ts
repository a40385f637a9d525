/** Runs the kernel suite on the reference backend. */
import { JsBackend } from '../../src/backend/js/js-backend.js';
import { runKernelSuite } from './kernel-suite.js';

runKernelSuite('js', () => new JsBackend());
