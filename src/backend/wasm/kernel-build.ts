/**
 * The two builds of the wasm kernels and which one a backend loads.
 *
 * - `baseline` (dist/wasm/atelier.wasm): WebAssembly SIMD, which every engine the backend supports
 *   has;
 * - `relaxed` (dist/wasm/atelier-relaxed.wasm): the same kernels with the relaxed-SIMD fused
 *   multiply-add in their products (asm/madd.ts); about 15-25% more GFLOP/s in the GEMM where the
 *   CPU has FMA. Engines validate it from Node 22 and Chrome 114 (Node 20 only behind
 *   `--experimental-wasm-relaxed-simd`).
 *
 * `auto` (the default) takes `relaxed` where the engine validates it, else `baseline`. The
 * `ATELIER_WASM_SIMD` environment variable (or the backend's `simd` option) forces one, for tests
 * and measurements.
 * @module
 */
import { ArgumentError, BackendUnavailableError } from '../../errors.js';

/** A build of the wasm kernels. */
export type KernelBuild = 'baseline' | 'relaxed';

/** What a backend asks for: a build, or `auto` (the fastest one this engine runs). */
export type KernelBuildRequest = KernelBuild | 'auto';

const REQUESTS: readonly KernelBuildRequest[] = ['auto', 'baseline', 'relaxed'];

/** The file of each build in dist/wasm/ (written by scripts/build-wasm.mjs). */
export const KERNEL_BUILD_FILES: Readonly<Record<KernelBuild, string>> = {
  baseline: 'atelier.wasm',
  relaxed: 'atelier-relaxed.wasm',
};

/**
 * `(func (result v128) f32.const 0 f32x4.splat (three times) f32x4.relaxed_madd)`: validates only
 * where the engine has relaxed SIMD.
 */
const RELAXED_SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 28, 1, 26, 0,
  67, 0, 0, 0, 0, 253, 19, 67, 0, 0, 0, 0, 253, 19, 67, 0, 0, 0, 0, 253, 19, 253, 133, 2, 11,
]);

/** True when this engine validates relaxed-SIMD instructions. */
export function hasRelaxedSimd(): boolean {
  return typeof WebAssembly === 'object' && WebAssembly.validate(RELAXED_SIMD_PROBE);
}

/**
 * Checks a request (the `simd` option, else `ATELIER_WASM_SIMD`; unset or empty means `auto`).
 * An unknown value is an error naming where it came from and the accepted ones.
 */
export function kernelBuildRequest(option: string | undefined, caller: string): KernelBuildRequest {
  const env = typeof process === 'object' && process !== null && typeof process.env === 'object' ? process.env : undefined;
  const fromEnv = option === undefined;
  const value = fromEnv ? env?.ATELIER_WASM_SIMD : option;
  if (value === undefined || value === '') return 'auto';
  if ((REQUESTS as readonly string[]).includes(value)) return value as KernelBuildRequest;
  const where = fromEnv ? 'ATELIER_WASM_SIMD' : `${caller}: simd`;
  throw new ArgumentError(`${where}: '${value}' is not one of ${REQUESTS.join(', ')}${fromEnv ? ' (unset it for the default, auto)' : ''}`);
}

/**
 * The build to load for `request` on an engine that does (`relaxedSupported`) or does not have
 * relaxed SIMD. Asking for `relaxed` where the engine lacks it is refused with the reason.
 */
export function chooseKernelBuild(request: KernelBuildRequest, relaxedSupported: boolean): KernelBuild {
  if (request === 'baseline') return 'baseline';
  if (request === 'auto') return relaxedSupported ? 'relaxed' : 'baseline';
  if (!relaxedSupported) {
    throw new BackendUnavailableError(
      'wasm backend: the relaxed-SIMD kernels were asked for (ATELIER_WASM_SIMD or the simd option) but this engine lacks relaxed SIMD ' +
        '(Node >= 22, Chrome/Edge >= 114; Node 20 only with --experimental-wasm-relaxed-simd); ask for baseline or auto',
    );
  }
  return 'relaxed';
}
