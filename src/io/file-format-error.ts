/**
 * The error thrown for files that exist but cannot be read as what they claim to be.
 * @module
 */
import { AtelierError } from '../errors.js';

/**
 * A file is missing, truncated, corrupt, or does not match what was expected of it. The message
 * names the file and, where it applies, the tensor or field at fault.
 */
export class FileFormatError extends AtelierError {}
