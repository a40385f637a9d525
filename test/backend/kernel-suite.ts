/**
 * The kernel test suite, written against the {@link Backend} interface so every backend runs the
 * same cases. Each case runs its kernels on the backend under test and on the reference backend and
 * compares every output; cases with `expected` values also check those (that is what validates the
 * reference backend itself). Case lists live in `cases/*.ts`, one file per kernel family.
 */
import { test } from 'node:test';
import type { Backend } from '../../src/backend/kernels.js';
import { JsBackend } from '../../src/backend/js/js-backend.js';
import { assertClose } from '../helpers/assert-close.js';
import { kernelCases } from './cases/index.js';

export type { KernelCase } from './case-helpers.js';
export { upload, randomValues } from './case-helpers.js';

/** Registers every kernel case as a node:test test for `backend`. */
export function runKernelSuite(label: string, makeBackend: () => Backend): void {
  const reference = new JsBackend();
  const backend = makeBackend();
  for (const c of kernelCases) {
    test(`${label}: ${c.name}`, () => {
      const got = c.run(backend);
      const ref = c.run(reference);
      got.forEach((values, i) => {
        assertClose(values, ref[i]!, c.atol, c.rtol, `${c.name} output ${i} vs reference`);
        if (c.expected) assertClose(values, c.expected[i]!, c.atol, c.rtol, `${c.name} output ${i} vs expected`);
      });
    });
  }
}
