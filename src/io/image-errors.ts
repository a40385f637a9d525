/**
 * Errors raised while reading images.
 * @module
 */
import { AtelierError } from '../errors.js';

/**
 * An image could not be decoded: the file does not exist, is not an image, is corrupt or truncated,
 * or is larger than the configured pixel limits. The message names the file and the reason, e.g.
 * `ImageDecodeError: readImage: data/cat/03.jpg: truncated or corrupt image data (VipsJpeg: Premature end of input file)`.
 */
export class ImageDecodeError extends AtelierError {
  /** The file path, or a description such as `<buffer 1234 bytes>` for in-memory input. */
  readonly file: string;
  /** Why decoding failed, in words. */
  readonly reason: string;

  constructor(op: string, file: string, reason: string) {
    super(`${op}: ${file}: ${reason}`);
    this.file = file;
    this.reason = reason;
  }
}
