/** Kernel cases: conv (filled in as the kernels land). */
import type { KernelCase } from '../kernel-suite.js';

export const convCases: KernelCase[] = [];
