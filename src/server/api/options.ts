/**
 * The options of the API routes and their defaults.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import type { BatcherOptions } from '../batching/batcher.js';
import type { RunSource } from '../runs/run-source.js';

/** Upload limits. Both are checked before an image is decoded. */
export interface ApiLimits {
  /** Most bytes of an uploaded image, raw or multipart (default 10 MiB); more → 413. */
  maxBytes?: number;
  /** Most pixels (width × height, read from the image header) of an uploaded image (default 25 million); more → 413. */
  maxPixels?: number;
  /** Most bytes of a JSON body (default 64 KiB). */
  maxJsonBytes?: number;
}

/** Options of `registerApiRoutes`. */
export interface ApiOptions {
  /** The runs served (`fixedRuns([...])` or `runsFolder(root)`). */
  runs: RunSource;
  /** When set, every request must carry `Authorization: Bearer <token>` (else 401). */
  token?: string;
  limits?: ApiLimits;
  /** Dynamic batching of predictions (defaults: 8 images, 5 ms, 64 waiting → 503). */
  batching?: BatcherOptions;
  /** Loaded models kept in memory, least recently used dropped first (default 4). */
  cacheSize?: number;
}

/** {@link ApiLimits} with every default filled in. */
export type ResolvedLimits = Required<ApiLimits>;

/** Fills the defaults of `limits` and checks the values. */
export function resolveLimits(limits: ApiLimits = {}): ResolvedLimits {
  const resolved = { maxBytes: limits.maxBytes ?? 10 * 1024 * 1024, maxPixels: limits.maxPixels ?? 25_000_000, maxJsonBytes: limits.maxJsonBytes ?? 64 * 1024 };
  for (const [name, value] of Object.entries(resolved)) {
    if (!(Number.isInteger(value) && value >= 1)) throw new ArgumentError(`registerApiRoutes: limits.${name} must be an integer >= 1, got ${value}`);
  }
  return resolved;
}
