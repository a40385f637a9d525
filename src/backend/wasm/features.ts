/**
 * What the wasm backend needs from the JavaScript host, and the one message that says what is
 * missing and how to get it. Browsers hand out `SharedArrayBuffer` (and shared wasm memory) only to
 * cross-origin isolated pages, so the common case in a browser is a page served without the
 * COOP/COEP headers.
 * @module
 */

/** The host features the backend depends on. */
export interface HostFeatures {
  /** A `WebAssembly` global. */
  webAssembly: boolean;
  /** A `SharedArrayBuffer` constructor. */
  sharedArrayBuffer: boolean;
  /** `globalThis.crossOriginIsolated` where the host defines it (browsers), else undefined (Node). */
  crossOriginIsolated: boolean | undefined;
  /** Whether a function using a `v128` instruction validates. */
  simd: boolean;
}

/** `(func (result v128) i32.const 0 i8x16.splat i8x16.popcnt)`: validates only where WebAssembly SIMD is supported. */
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

/** Reads the features of the running host. */
export function detectFeatures(): HostFeatures {
  const webAssembly = typeof WebAssembly === 'object';
  const isolated = (globalThis as { crossOriginIsolated?: unknown }).crossOriginIsolated;
  return {
    webAssembly,
    sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
    crossOriginIsolated: typeof isolated === 'boolean' ? isolated : undefined,
    simd: webAssembly && WebAssembly.validate(SIMD_PROBE),
  };
}

/** The headers that make a page cross-origin isolated, as a page author writes them. */
export const ISOLATION_HEADERS = "'Cross-Origin-Opener-Policy: same-origin' and 'Cross-Origin-Embedder-Policy: require-corp'";

/**
 * Why the backend cannot run with `features`, naming the fix, or null when it can. The first missing
 * feature wins: without WebAssembly nothing else matters, and shared memory is checked before SIMD
 * because its fix (two headers) is in the page author's hands.
 */
export function unavailableReason(features: HostFeatures): string | null {
  if (!features.webAssembly) return 'wasm backend: this JavaScript runtime has no WebAssembly';
  if (features.crossOriginIsolated === false || !features.sharedArrayBuffer) {
    const where = features.crossOriginIsolated === false ? 'this page is not cross-origin isolated' : 'this runtime has no SharedArrayBuffer';
    return (
      `wasm backend: shared memory (SharedArrayBuffer) is unavailable because ${where}. ` +
      `Serve the page, its scripts and the wasm file with the headers ${ISOLATION_HEADERS} to enable the fast backend`
    );
  }
  if (!features.simd) {
    return 'wasm backend: this runtime lacks WebAssembly SIMD (Chrome/Edge 91+, Firefox 89+, Safari 16.4+, Node 16.4+); update the browser to enable the fast backend';
  }
  return null;
}
