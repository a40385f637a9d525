/**
 * The multiply-accumulate of the product kernels (GEMM, narrow GEMM, direct and FFT convolutions,
 * attention), in one place so that the two builds of the module differ only here.
 *
 * The baseline build (WebAssembly SIMD, every current engine) multiplies and adds. The relaxed
 * build (`--enable relaxed-simd`, chosen at run time where the engine validates it: Node >= 22,
 * Chrome >= 114) uses `f32x4.relaxed_madd`, which engines lower to one fused multiply-add where the
 * CPU has one: fewer instructions per k step and one register more per micro-kernel (measured
 * +14% GFLOP/s on one core and +20-25% on two on the 1024^3 SGEMM; docs/wasm-backend.md).
 * A fused multiply-add rounds once instead of twice, so the two builds' results differ in the last
 * bits; each build is deterministic on a given machine.
 */

/** `acc + a·b` per lane. */
@inline export function madd4(acc: v128, a: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, acc);
  return f32x4.add(acc, f32x4.mul(a, b));
}

/** `acc − a·b` per lane. */
@inline export function nmadd4(acc: v128, a: v128, b: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_nmadd(a, b, acc);
  return f32x4.sub(acc, f32x4.mul(a, b));
}
