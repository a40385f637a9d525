/**
 * Bulk memory helpers the TypeScript heap calls directly (not task kernels). `memory.fill` is a
 * native memset, where `TypedArray.prototype.fill` on a shared buffer stores element by element
 * (measured 1.1 ms for 2.7 MB against about 0.1 ms here).
 */

/** Sets `bytes` bytes at `ptr` to zero. */
export function zeroBytes(ptr: usize, bytes: usize): void {
  memory.fill(ptr, 0, bytes);
}

/** Copies `bytes` bytes from `src` to `dst` (a native memmove: the regions may overlap). */
export function copyBytes(dst: usize, src: usize, bytes: usize): void {
  memory.copy(dst, src, bytes);
}
