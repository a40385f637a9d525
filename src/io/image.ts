/**
 * Reading and writing images as tensors.
 *
 * @example
 * const x = await readImage('starry_night.jpg', { size: [224, 224], fit: 'cover' }); // float32 [224,224,3] in [0,1]
 * await writeImage('out.png', x);
 * @module
 */
import { extname } from 'node:path';
import { ArgumentError, DTypeError, ShapeError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { mapLimited } from './map-limited.js';
import { getImageCodec, type DecodeRequest, type ImageFormat, type ImageSource, type RawImage, type ResizeFit } from './image-codec.js';
import { writeFileAtomic } from './atomic-write.js';

/** Options of {@link readImage}. */
export interface ReadImageOptions {
  /** Resize to exactly `[height, width]` (see `fit`). Without it the image keeps its size (but see `maxSide`). */
  size?: readonly [number, number];
  /**
   * How the image fills `size` (default `'cover'`, so brushstrokes are never stretched):
   * - `'cover'`: scale to cover, then crop the centre (Keras `crop_to_aspect_ratio=True`);
   * - `'contain'`: scale to fit inside, pad with `background`;
   * - `'fill'`: stretch to the size, ignoring aspect ratio (Keras' default, torchvision `Resize((h, w))`);
   * - `'centerCrop'`: cut the central `size` pixels without scaling, padding with `background` where the
   *   image is smaller (torchvision `CenterCrop`).
   */
  fit?: ResizeFit;
  /** Without `size`: downscale (never enlarge) so the longer side is at most this many pixels, as PIL's `thumbnail`. */
  maxSide?: number;
  /** 3 (RGB, default) or 1 (luminance). Grey, CMYK and 16-bit inputs are converted to 8-bit sRGB or grey first. */
  channels?: 1 | 3;
  /** Keep alpha as an extra channel (opaque images get alpha 1) instead of flattening onto `background`. */
  keepAlpha?: boolean;
  /** RGB in [0, 1] to flatten transparency onto and to pad with (default white `[1, 1, 1]`). */
  background?: readonly [number, number, number];
  /**
   * Refuse to return more output pixels than this (default 50 million, 600 MB as float32 RGB). Checked from
   * the header before anything is decoded, so a huge image fails fast instead of exhausting memory.
   */
  maxPixels?: number;
  /** Refuse inputs with more pixels than this, before decoding (default 268,402,689 as sharp; `false`: no limit). */
  limitInputPixels?: number | false;
  /** Per-channel `(x - mean) / std` after scaling to [0, 1], e.g. ImageNet's `{ mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] }`. */
  normalize?: { mean: number | readonly number[]; std: number | readonly number[] };
  /** Sensitivity to damaged data: `'warning'` (default, strictest), `'error'`, `'truncated'` or `'none'`. */
  failOn?: DecodeRequest['failOn'];
}

const DEFAULT_MAX_PIXELS = 50_000_000;
const DEFAULT_LIMIT_INPUT_PIXELS = 0x3fff * 0x3fff;

/**
 * Decodes an image file or buffer to 8-bit pixels (the raw form of {@link readImage}, without
 * `normalize`). Useful to cut patches or build pictures without a float round trip.
 * @throws ImageDecodeError naming the file and the reason.
 */
export async function readImagePixels(source: ImageSource, options: ReadImageOptions = {}): Promise<RawImage> {
  const codec = await getImageCodec();
  return codec.decode(source, decodeRequest(options));
}

/**
 * Decodes an image (JPEG, PNG, WebP, GIF first frame, TIFF, ...) to a float32 tensor `[H, W, C]`
 * with values in [0, 1]: EXIF orientation applied, alpha flattened onto white, grey/CMYK/16-bit
 * converted to 8-bit sRGB. Resizing happens inside the decoder, so huge images never sit whole in memory.
 *
 * @example
 * const img = await readImage('photo.jpg', { size: [64, 64], fit: 'cover', normalize: { mean: 0.5, std: 0.5 } });
 * @throws ImageDecodeError when the file is missing, not an image, corrupt, truncated or too large.
 */
export async function readImage(source: ImageSource, options: ReadImageOptions = {}): Promise<Tensor> {
  const raw = await readImagePixels(source, options);
  return rawToTensor(raw, options.normalize);
}

/**
 * Decodes many images to one batch `[N, height, width, C]`, a few at a time.
 * @param size every image is resized to this `[height, width]` (with `options.fit`, default `'cover'`).
 */
export async function imageToTensorBatch(sources: readonly ImageSource[], size: readonly [number, number], options: ReadImageOptions = {}): Promise<Tensor> {
  if (sources.length === 0) throw new ArgumentError('imageToTensorBatch: sources is empty, expected at least one image');
  const request = { ...options, size };
  const raws = await mapLimited(sources, 4, (source) => readImagePixels(source, request));
  const { width, height, channels } = raws[0]!;
  const perImage = width * height * channels;
  const out = new Float32Array(perImage * raws.length);
  raws.forEach((raw, i) => out.set(toFloats(raw, options.normalize), i * perImage));
  return tensor(out, [raws.length, height, width, channels]);
}

/** Options of {@link writeImage} and {@link encodeImage}. */
export interface WriteImageOptions {
  /** Defaults to the file extension (`.jpg`/`.jpeg` → JPEG), else PNG. */
  format?: ImageFormat;
  /** JPEG quality 1..100 (default 90). */
  quality?: number;
}

/**
 * Encodes a float tensor `[H, W, C]` or `[1, H, W, C]` (C = 1, 2, 3 or 4, values clipped to [0, 1]) as PNG or JPEG bytes.
 */
export async function encodeImage(image: Tensor, options: WriteImageOptions = {}): Promise<Uint8Array> {
  const codec = await getImageCodec();
  const quality = options.quality ?? 90;
  if (!(Number.isInteger(quality) && quality >= 1 && quality <= 100)) throw new ArgumentError(`encodeImage: quality must be an integer in 1..100, got ${quality}`);
  return codec.encode(tensorToRaw('encodeImage', image), { format: options.format ?? 'png', quality });
}

/**
 * Writes a float tensor `[H, W, C]` or `[1, H, W, C]` as a PNG or JPEG file, atomically
 * (temporary file, fsync, rename). Values are clipped to [0, 1]; parent folders are created.
 */
export async function writeImage(path: string, image: Tensor, options: WriteImageOptions = {}): Promise<void> {
  const ext = extname(path).toLowerCase();
  const format = options.format ?? (ext === '.jpg' || ext === '.jpeg' ? 'jpeg' : 'png');
  await writeFileAtomic(path, await encodeImage(image, { ...options, format }));
}

/** Converts 8-bit pixels to a float32 `[H, W, C]` tensor in [0, 1], optionally normalised. */
export function rawToTensor(raw: RawImage, normalize?: ReadImageOptions['normalize']): Tensor {
  return tensor(toFloats(raw, normalize), [raw.height, raw.width, raw.channels]);
}

/** Converts a float tensor `[H, W, C]` or `[1, H, W, C]` to 8-bit pixels, clipping to [0, 1]. */
export function tensorToRaw(op: string, image: Tensor): RawImage {
  if (image.dtype !== 'float32') throw new DTypeError(`${op}: image has dtype ${image.dtype}, expected float32 values in [0, 1]`);
  let shape = image.shape;
  if (shape.length === 4 && shape[0] === 1) shape = shape.slice(1);
  if (shape.length !== 3 || shape[2]! < 1 || shape[2]! > 4) {
    throw new ShapeError(`${op}: image [${image.shape.join(',')}] must be [height, width, channels] or [1, height, width, channels] with 1 to 4 channels`);
  }
  const values = image.data<'float32'>();
  const data = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    data[i] = v > 0 ? (v < 1 ? Math.round(v * 255) : 255) : 0; // NaN lands on 0 too
  }
  return { data, height: shape[0]!, width: shape[1]!, channels: shape[2]! };
}

function toFloats(raw: RawImage, normalize?: ReadImageOptions['normalize']): Float32Array {
  const out = new Float32Array(raw.data.length);
  for (let i = 0; i < out.length; i++) out[i] = raw.data[i]! / 255;
  if (normalize) {
    const c = raw.channels;
    const mean = perChannel('mean', normalize.mean, c);
    const std = perChannel('std', normalize.std, c);
    for (let i = 0; i < out.length; i++) out[i] = (out[i]! - mean[i % c]!) / std[i % c]!;
  }
  return out;
}

function perChannel(name: string, value: number | readonly number[], channels: number): number[] {
  const values = typeof value === 'number' ? new Array<number>(channels).fill(value) : [...value];
  if (values.length !== channels) throw new ArgumentError(`readImage: normalize.${name} has ${values.length} values, expected 1 or ${channels} (one per channel)`);
  if (name === 'std' && values.some((s) => !(s > 0))) throw new ArgumentError(`readImage: normalize.std must be positive, got [${values.join(', ')}]`);
  return values;
}

function decodeRequest(options: ReadImageOptions): DecodeRequest {
  const channels = options.channels ?? 3;
  if (channels !== 1 && channels !== 3) throw new ArgumentError(`readImage: channels must be 1 or 3, got ${String(channels)}`);
  const background = options.background ?? [1, 1, 1];
  if (background.length !== 3 || background.some((v) => !(v >= 0 && v <= 1))) {
    throw new ArgumentError(`readImage: background must be [r, g, b] with values in [0, 1], got [${background.join(', ')}]`);
  }
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  if (!(maxPixels > 0)) throw new ArgumentError(`readImage: maxPixels must be positive, got ${maxPixels}`);
  const request: { -readonly [K in keyof DecodeRequest]: DecodeRequest[K] } = {
    channels,
    keepAlpha: options.keepAlpha ?? false,
    background: [Math.round(background[0] * 255), Math.round(background[1] * 255), Math.round(background[2] * 255)],
    limitInputPixels: options.limitInputPixels ?? DEFAULT_LIMIT_INPUT_PIXELS,
    maxPixels,
    failOn: options.failOn ?? 'warning',
  };
  if (options.size) {
    const [height, width] = options.size;
    if (!isPositiveInt(height) || !isPositiveInt(width)) throw new ArgumentError(`readImage: size must be [height, width] of positive integers, got [${options.size.join(', ')}]`);
    const fit = options.fit ?? 'cover';
    if (!['cover', 'contain', 'fill', 'centerCrop'].includes(fit)) throw new ArgumentError(`readImage: fit must be 'cover', 'contain', 'fill' or 'centerCrop', got '${String(fit)}'`);
    request.resize = { height, width, fit };
  } else if (options.fit !== undefined) {
    throw new ArgumentError(`readImage: fit '${options.fit}' needs size [height, width]`);
  }
  if (options.maxSide !== undefined) {
    if (!isPositiveInt(options.maxSide)) throw new ArgumentError(`readImage: maxSide must be a positive integer, got ${options.maxSide}`);
    request.maxSide = options.maxSide;
  }
  return request;
}

function isPositiveInt(n: number): boolean {
  return Number.isInteger(n) && n > 0;
}
