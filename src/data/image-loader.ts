/**
 * Decoding for image-folder datasets: through an LRU cache, recording files that cannot be read.
 * @module
 */
import { getImageCodec, type DecodeRequest, type RawImage } from '../io/image-codec.js';
import { ImageDecodeError } from '../io/image-errors.js';
import type { LruCache } from './lru-cache.js';

/** A file left out, and why. */
export interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

/** Decodes files through the cache and records the ones that cannot be read. */
export class ImageLoader {
  readonly skipped: SkippedFile[] = [];
  readonly bad = new Set<string>();

  constructor(
    readonly request: DecodeRequest,
    readonly cache: LruCache<string, RawImage>,
    readonly skipBadFiles: boolean,
    readonly warn: (message: string) => void,
    readonly concurrency: number,
  ) {}

  /** The pixels of `file`, or null when it is (now known to be) unreadable and skipping is on. */
  async load(file: string): Promise<RawImage | null> {
    if (this.bad.has(file)) return null;
    const cached = this.cache.get(file);
    if (cached) return cached;
    try {
      const raw = await (await getImageCodec()).decode(file, this.request);
      this.cache.set(file, raw);
      return raw;
    } catch (error) {
      if (!(error instanceof ImageDecodeError) || !this.skipBadFiles) throw error;
      this.skip(file, error.reason);
      return null;
    }
  }

  skip(file: string, reason: string): void {
    if (this.bad.has(file)) return;
    this.bad.add(file);
    this.skipped.push({ file, reason });
    this.warn(`ImageFolderDataset: skipping ${file}: ${reason}`);
  }
}
