/**
 * Images sent to the API: the raw body (`Content-Type: image/*`) or the multipart field `image`,
 * with the byte limit enforced while reading and the pixel limit checked from the image's header
 * before anything is decoded.
 * @module
 */
import type { FastifyRequest } from 'fastify';
import '@fastify/multipart';
import { getImageCodec } from '../../io/image-codec.js';
import { readImage, type ReadImageOptions } from '../../io/image.js';
import type { Tensor } from '../../tensor/tensor.js';
import { ApiError } from '../errors.js';
import type { ResolvedLimits } from './options.js';

/** The multipart field that carries the image. */
export const IMAGE_FIELD = 'image';

/**
 * The bytes of the image a request carries. Throws a 415 {@link ApiError} for a body that is neither
 * an image nor multipart, and a 400 for an empty one or a multipart body without the field `image`
 * (other file fields are read past and ignored). Bodies over the byte limit are refused by the
 * parsers (413) before they are held whole.
 */
export async function readUploadedImage(request: FastifyRequest): Promise<Uint8Array> {
  if (request.isMultipart()) {
    let found: Buffer | null = null;
    for await (const part of request.parts()) {
      if (part.type !== 'file') continue;
      if (part.fieldname === IMAGE_FIELD && found === null) found = await part.toBuffer();
      else part.file.resume();
    }
    if (found === null) throw new ApiError(400, 'missing_image', `the multipart body has no file field '${IMAGE_FIELD}'; send it as curl -F ${IMAGE_FIELD}=@picture.png`);
    if (found.length === 0) throw new ApiError(400, 'empty_image', `the multipart field '${IMAGE_FIELD}' is empty`);
    return found;
  }
  const body = request.body;
  if (Buffer.isBuffer(body)) {
    if (body.length === 0) throw new ApiError(400, 'empty_image', 'the request body is empty; send the image bytes');
    return body;
  }
  throw new ApiError(415, 'unsupported_media_type',
    `send the image as the raw body with Content-Type image/png (or image/jpeg, image/webp...) or as the multipart/form-data field '${IMAGE_FIELD}'; ` +
    `got Content-Type ${request.headers['content-type'] ?? '(none)'}`);
}

/**
 * Decodes uploaded bytes with `read` (size, fit, channels) after checking from the header that the
 * image has at most `limits.maxPixels` pixels (413 otherwise). Non-images and truncated or corrupt
 * images throw `ImageDecodeError` (answered 400).
 */
export async function decodeUpload(bytes: Uint8Array, read: ReadImageOptions, limits: ResolvedLimits): Promise<Tensor> {
  const codec = await getImageCodec();
  const header = await codec.probe(bytes, { limitInputPixels: false, failOn: 'warning' });
  const pixels = header.width * header.height;
  if (pixels > limits.maxPixels) {
    throw new ApiError(413, 'image_too_large', `the ${header.format} image is ${header.width}×${header.height} = ${pixels} pixels, more than the limit of ${limits.maxPixels}; send a smaller image`);
  }
  return readImage(bytes, { ...read, limitInputPixels: limits.maxPixels });
}
