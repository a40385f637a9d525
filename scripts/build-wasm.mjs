#!/usr/bin/env node
// Compiles the AssemblyScript kernels (asm/index.ts and what it imports) twice: dist/wasm/atelier.wasm
// (baseline WebAssembly SIMD) and dist/wasm/atelier-relaxed.wasm (relaxed SIMD as well: fused
// multiply-adds in the product kernels, asm/madd.ts); the backend picks one at run time.
// Run by `npm run build` after tsc; nothing is downloaded, the compiler is the `assemblyscript` devDependency.
// Each flag is explained in docs/wasm-backend.md ("Build").
import { mkdirSync } from 'node:fs';
import asc from 'assemblyscript/asc';

/** Pages of 64 KiB the module declares; the loader creates the shared memory with the same bounds. */
const INITIAL_PAGES = 64; // 4 MiB: the heap grows on demand
const MAXIMUM_PAGES = 65536; // 4 GiB, the wasm32 limit; shared memory reserves address space, not RAM

/** [file stem, extra compiler flags] of each build; the file names are mirrored by src/backend/wasm/kernel-build.ts. */
const BUILDS = [
  ['atelier', []],
  ['atelier-relaxed', ['--enable', 'relaxed-simd']],
];

const common = [
  'asm/index.ts',
  // v128 / f32x4 intrinsics and atomics; both shipped in Node >= 16.4 and every current browser.
  '--enable', 'simd',
  '--enable', 'threads',
  // One WebAssembly.Memory, created by the loader, shared by the main thread and every worker.
  '--importMemory',
  '--sharedMemory',
  '--initialMemory', String(INITIAL_PAGES),
  '--maximumMemory', String(MAXIMUM_PAGES),
  // No garbage collector, no allocator: kernels only read and write memory the TypeScript heap hands out.
  '--runtime', 'stub',
  // Kernels trust their (validated) arguments: no abort import, no bounds assertions.
  '--noAssert',
  '-O3',
];

mkdirSync('dist/wasm', { recursive: true });
for (const [stem, features] of BUILDS) {
  const args = [
    ...common,
    ...features,
    '--outFile', `dist/wasm/${stem}.wasm`,
    ...(process.argv.includes('--wat') ? ['--textFile', `dist/wasm/${stem}.wat`] : []),
  ];
  const { error, stderr } = await asc.main(args, { stdout: process.stdout, stderr: process.stderr });
  if (error) {
    console.error(`build-wasm (${stem}): ${error.message}`);
    console.error(stderr.toString());
    process.exit(1);
  }
}
