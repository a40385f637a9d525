/** Kernel cases: resize (filled in as the kernels land). */
import type { KernelCase } from '../kernel-suite.js';

export const resizeCases: KernelCase[] = [];
