/**
 * The paintings shipped in `assets/paintings`, which a style job may name instead of a path (the
 * Train form offers them in a select, from `GET /api/paintings`).
 * @module
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { shippedPaintingsDir } from '../../../art/assets.js';
import { hasImageExtension, isIgnoredName } from '../../../data/image-files.js';

/** The file names of the shipped paintings (`vincent_van_gogh_the_starry_night.jpg`, ...), sorted. */
export function shippedPaintings(): string[] {
  return readdirSync(shippedPaintingsDir())
    .filter((name) => hasImageExtension(name) && !isIgnoredName(name))
    .sort();
}

/** The absolute path of the shipped painting `name` (one of {@link shippedPaintings}), or null. */
export function shippedPaintingPath(name: string): string | null {
  return shippedPaintings().includes(name) ? join(shippedPaintingsDir(), name) : null;
}
