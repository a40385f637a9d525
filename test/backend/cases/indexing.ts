/** Kernel cases: indexing (filled in as the kernels land). */
import type { KernelCase } from '../case-helpers.js';

export const indexingCases: KernelCase[] = [];
