/**
 * Data shipped with the package.
 * @module
 */
import { fileURLToPath } from 'node:url';

/** The folder of public-domain paintings shipped in `assets/paintings` (sources in its SOURCES.md). */
export function shippedPaintingsDir(): string {
  // Compiled to dist/src/art/assets.js: three levels up is the package root.
  return fileURLToPath(new URL('../../../assets/paintings', import.meta.url));
}
