/**
 * Which files count as images when scanning folders.
 * @module
 */
import { extname } from 'node:path';

/** Extensions decoded by the image codec (lower case, with the dot). */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif']);

/** True for names with an image extension (case-insensitive). */
export function hasImageExtension(name: string): boolean {
  return IMAGE_EXTENSIONS.has(extname(name).toLowerCase());
}

/** True for names that folder scans ignore silently: dot files (`.DS_Store`, `._x.jpg`) and `Thumbs.db`. */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || name === 'Thumbs.db' || name === 'desktop.ini';
}

/** Sorts names by their UTF-16 code units, like Python's `sorted` on ASCII names (locale-independent). */
export function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
