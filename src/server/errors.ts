/**
 * Errors of the HTTP API and how every failure becomes a JSON answer `{ error: { code, message } }`
 * with a fitting status: a client's mistake is a 4xx naming what was wrong, never a crash.
 * @module
 */
import { ArgumentError, DTypeError, ShapeError } from '../errors.js';
import { FileFormatError } from '../io/file-format-error.js';
import { ImageDecodeError } from '../io/image-errors.js';

/** The body of every error answer. */
export interface ApiErrorBody {
  readonly error: { readonly code: string; readonly message: string };
}

/** An error with the HTTP status, the machine-readable code and the headers of its answer. */
export class ApiError extends Error {
  /**
   * @param statusCode the HTTP status (4xx for the client's mistakes, 5xx for the server's).
   * @param code a short stable name (`bad_image`, `queue_full`, ...) that programs can test.
   * @param message what was wrong and what to do, for people.
   * @param headers extra headers of the answer (`Retry-After`, `WWW-Authenticate`).
   */
  constructor(readonly statusCode: number, readonly code: string, message: string, readonly headers: Readonly<Record<string, string>> = {}) {
    super(message);
    this.name = 'ApiError';
  }

  /** The JSON body of the answer. */
  toBody(): ApiErrorBody {
    return { error: { code: this.code, message: this.message } };
  }
}

/** Codes of fastify's and @fastify/multipart's own client errors, by their `code`. */
const FRAMEWORK_CODES: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_REQ_FILE_TOO_LARGE: 'payload_too_large',
  FST_FILES_LIMIT: 'payload_too_large',
  FST_PARTS_LIMIT: 'payload_too_large',
  FST_FIELDS_LIMIT: 'payload_too_large',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'unsupported_media_type',
};

/**
 * Maps any error thrown while answering a request to an {@link ApiError}: the API's own errors as
 * they are; the library's argument, shape and image errors as 400 (413 never reaches here: limits
 * are checked before decoding); a run folder that cannot be read as 500 naming the file; fastify's
 * client errors (malformed JSON, a body too large, schema validation) with their own 4xx status.
 * Anything else is an internal error whose details stay in the server's log.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ImageDecodeError) return new ApiError(400, 'bad_image', error.message);
  if (error instanceof ArgumentError || error instanceof ShapeError || error instanceof DTypeError) return new ApiError(400, 'bad_request', error.message);
  if (error instanceof FileFormatError) return new ApiError(500, 'run_unreadable', error.message);
  const framework = error as { statusCode?: unknown; code?: unknown; validation?: unknown; message?: unknown };
  if (framework && typeof framework.message === 'string') {
    if (framework.validation !== undefined) return new ApiError(400, 'bad_request', framework.message);
    const status = typeof framework.statusCode === 'number' ? framework.statusCode : 0;
    if (status >= 400 && status < 500) {
      const code = (typeof framework.code === 'string' && FRAMEWORK_CODES[framework.code]) || 'bad_request';
      return new ApiError(status, code, framework.message);
    }
  }
  return new ApiError(500, 'internal', 'internal server error; the server log has the details');
}
