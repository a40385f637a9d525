/**
 * The Node image codec, backed by `sharp` (libvips). Decoding, EXIF orientation, colour conversion
 * and resizing run as one libvips pipeline, so a large JPEG or WebP is shrunk while it is decoded
 * and a large PNG is streamed through the resize a few lines at a time instead of being held whole.
 * @module
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { describeFsError, errorCode } from './fs-errors.js';
import sharp from 'sharp';
import { ImageDecodeError } from './image-errors.js';
import {
  describeSource, type DecodeRequest, type EncodeRequest, type ImageCodec, type ImageInfo, type ImageSource, type RawImage,
} from './image-codec.js';

type SharpOptions = NonNullable<Parameters<typeof sharp>[1]>;

/**
 * Formats decoded, as libvips names them (`heif` covers AVIF). Anything else libvips could open is
 * refused by content, whatever the file is called: an SVG renamed `.png` would otherwise be
 * rendered, and its `<image href="file:///...">` would read other files into the pixels.
 */
const DECODED_FORMATS: ReadonlySet<string> = new Set(['jpeg', 'png', 'webp', 'gif', 'tiff', 'heif']);

/** {@link ImageCodec} for Node, using sharp. */
export class NodeImageCodec implements ImageCodec {
  readonly name = 'sharp';

  async probe(source: ImageSource, request: Pick<DecodeRequest, 'limitInputPixels' | 'failOn'>): Promise<ImageInfo> {
    await assertReadableFile(source);
    let info: ImageInfo;
    try {
      // The header is read without the pixel limit so that the message below can give the dimensions.
      const meta = await sharp(toInput(source), { ...inputOptions(request), limitInputPixels: false }).metadata();
      const width = meta.autoOrient?.width ?? meta.width;
      const height = meta.autoOrient?.height ?? meta.height;
      if (!width || !height) throw new Error('the header has no dimensions');
      info = { width, height, format: String(meta.format) };
    } catch (error) {
      throw decodeError(source, error);
    }
    if (!DECODED_FORMATS.has(info.format)) {
      throw new ImageDecodeError('readImage', describeSource(source),
        `${info.format === 'svg' ? 'an SVG document' : `a ${info.format} file`}, not one of the image formats read here (JPEG, PNG, WebP, GIF, TIFF, AVIF)` +
        `${info.format === 'svg' || info.format === 'pdf' ? '; such documents can pull in other files, so they are refused whatever their name' : ''}; convert it to PNG first`);
    }
    const limit = request.limitInputPixels;
    if (limit !== false && limit > 0 && info.width * info.height > limit) {
      throw new ImageDecodeError('readImage', describeSource(source),
        `${info.format} image of ${info.width}×${info.height} = ${info.width * info.height} pixels is more than limitInputPixels ${limit}`);
    }
    return info;
  }

  async decode(source: ImageSource, request: DecodeRequest): Promise<RawImage> {
    const info = await this.probe(source, request);
    const [outHeight, outWidth] = outputSize(info, request);
    if (outHeight * outWidth > request.maxPixels) {
      throw new ImageDecodeError('readImage', describeSource(source),
        `decodes to ${outWidth}×${outHeight} = ${outWidth * outHeight} pixels, more than maxPixels ${request.maxPixels}; ` +
        'pass size or maxSide to downscale while decoding, or raise maxPixels');
    }
    const [r, g, b] = request.background;
    const background = { r, g, b, alpha: request.keepAlpha ? 0 : 1 };
    let pipeline = sharp(toInput(source), inputOptions(request));
    const resize = request.resize;
    if (resize && resize.fit === 'centerCrop') {
      const cropWidth = Math.min(resize.width, info.width);
      const cropHeight = Math.min(resize.height, info.height);
      const left = Math.floor((info.width - cropWidth) / 2);
      const top = Math.floor((info.height - cropHeight) / 2);
      pipeline = pipeline.extract({ left, top, width: cropWidth, height: cropHeight });
      const padX = resize.width - cropWidth;
      const padY = resize.height - cropHeight;
      if (padX > 0 || padY > 0) {
        pipeline = pipeline.extend({
          left: Math.floor(padX / 2), right: padX - Math.floor(padX / 2),
          top: Math.floor(padY / 2), bottom: padY - Math.floor(padY / 2), background,
        });
      }
    } else if (resize) {
      const fit = resize.fit as 'cover' | 'contain' | 'fill';
      pipeline = pipeline.resize({ width: resize.width, height: resize.height, fit, position: 'centre', background });
    } else if (request.maxSide !== undefined && Math.max(info.width, info.height) > request.maxSide) {
      pipeline = pipeline.resize({ width: outWidth, height: outHeight, fit: 'fill' });
    }
    pipeline = request.keepAlpha ? pipeline.ensureAlpha() : pipeline.flatten({ background: { r, g, b } });
    pipeline = pipeline.toColourspace(request.channels === 1 ? 'b-w' : 'srgb');
    try {
      const { data, info: out } = await pipeline.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
      return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: out.width, height: out.height, channels: out.channels };
    } catch (error) {
      throw decodeError(source, error);
    }
  }

  async encode(image: RawImage, request: EncodeRequest): Promise<Uint8Array> {
    const raw = { width: image.width, height: image.height, channels: image.channels as 1 | 2 | 3 | 4 };
    let pipeline = sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), { raw });
    if (request.format === 'jpeg') {
      if (image.channels === 2 || image.channels === 4) pipeline = pipeline.flatten({ background: '#ffffff' });
      pipeline = pipeline.jpeg({ quality: request.quality });
    } else {
      // Without this libvips widens one-channel input to RGB on output.
      if (image.channels <= 2) pipeline = pipeline.toColourspace('b-w');
      pipeline = pipeline.png();
    }
    const bytes = await pipeline.toBuffer();
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  async rasterizeSvg(svg: string): Promise<RawImage> {
    const { data, info } = await sharp(Buffer.from(svg, 'utf8')).ensureAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, channels: info.channels };
  }
}

/** The `[height, width]` the pipeline will produce, known from the header alone. */
function outputSize(info: ImageInfo, request: DecodeRequest): [number, number] {
  if (request.resize) return [request.resize.height, request.resize.width];
  const longSide = Math.max(info.width, info.height);
  if (request.maxSide === undefined || longSide <= request.maxSide) return [info.height, info.width];
  const scale = request.maxSide / longSide;
  // Rounded like PIL's thumbnail, never below one pixel.
  return [Math.max(1, Math.round(info.height * scale)), Math.max(1, Math.round(info.width * scale))];
}

function inputOptions(request: Pick<DecodeRequest, 'limitInputPixels' | 'failOn'>): SharpOptions {
  return { autoOrient: true, failOn: request.failOn, limitInputPixels: request.limitInputPixels, pages: 1, sequentialRead: true };
}

function toInput(source: ImageSource): string | Buffer {
  return typeof source === 'string' ? source : Buffer.from(source.buffer, source.byteOffset, source.byteLength);
}

/** Gives clear reasons for the commonest path problems before libvips gets to phrase them. */
async function assertReadableFile(source: ImageSource): Promise<void> {
  if (typeof source !== 'string') {
    if (source.byteLength === 0) throw new ImageDecodeError('readImage', describeSource(source), 'empty buffer, not an image');
    return;
  }
  let stats;
  try {
    stats = await stat(source);
  } catch (error) {
    throw new ImageDecodeError('readImage', source, errorCode(error) === 'ENOENT' ? 'file not found' : describeFsError(error));
  }
  if (stats.isDirectory()) throw new ImageDecodeError('readImage', source, 'is a directory, not an image file');
  if (stats.size === 0) throw new ImageDecodeError('readImage', source, 'empty file, not an image');
  // An unreadable file would otherwise reach libvips, which calls it "not a known file format".
  try {
    await access(source, constants.R_OK);
  } catch (error) {
    throw new ImageDecodeError('readImage', source, describeFsError(error));
  }
}

/** Turns a libvips message into a reason a person can act on. */
function decodeError(source: ImageSource, error: unknown): ImageDecodeError {
  if (error instanceof ImageDecodeError) return error;
  const message = error instanceof Error ? error.message.trim().replace(/\s+/g, ' ') : String(error);
  let reason: string;
  if (/unsupported image format|not a known file format/i.test(message)) reason = 'not an image, or a format that cannot be decoded';
  else if (/pixel limit/i.test(message)) reason = `too many pixels for limitInputPixels (${message})`;
  else if (/premature end|truncat|end of (file|input|stream)|read error|out of data|corrupt|invalid|bad |error/i.test(message)) reason = `truncated or corrupt image data (${message})`;
  else reason = `cannot decode (${message})`;
  return new ImageDecodeError('readImage', describeSource(source), reason);
}
