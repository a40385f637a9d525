/**
 * The seam between atelier's image functions and a platform's image library.
 *
 * `readImage`, `writeImage` and the viz helpers speak only to an {@link ImageCodec}. In Node the
 * codec is backed by `sharp` (libvips) and is loaded lazily on first use, so importing atelier never
 * loads native code it does not need. A browser codec (ImageBitmap + OffscreenCanvas) can be
 * installed with {@link setImageCodec} and every function above it works unchanged.
 * @module
 */

/** How an image should fill a requested `[height, width]`. */
export type ResizeFit = 'cover' | 'contain' | 'fill' | 'centerCrop';

/** 8-bit interleaved pixels, row-major, `channels` values per pixel. */
export interface RawImage {
  /** `height * width * channels` bytes. */
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** 1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA). */
  readonly channels: number;
}

/** Where an image comes from: a file path (or URL in a browser) or encoded bytes. */
export type ImageSource = string | Uint8Array;

/** Fully resolved decode options; `readImage` fills the defaults before calling a codec. */
export interface DecodeRequest {
  /** Colour channels wanted: 1 (luminance) or 3 (sRGB). */
  readonly channels: 1 | 3;
  /** Keep (or add an opaque) alpha channel instead of flattening it onto `background`. */
  readonly keepAlpha: boolean;
  /** RGB 0..255 used to flatten alpha and to pad `contain` / `centerCrop`. */
  readonly background: readonly [number, number, number];
  /** Resize to exactly `[height, width]` with `fit`. */
  readonly resize?: { readonly height: number; readonly width: number; readonly fit: ResizeFit };
  /** Without `resize`: downscale (never enlarge) so the longer side is at most this. */
  readonly maxSide?: number;
  /** Refuse inputs with more pixels than this before decoding (false: no limit). */
  readonly limitInputPixels: number | false;
  /** Refuse to return more than this many output pixels (checked from the header, before decoding). */
  readonly maxPixels: number;
  /** How strict to be with damaged data, as in libvips: `'warning'` is the strictest. */
  readonly failOn: 'none' | 'truncated' | 'error' | 'warning';
}

/** Output formats every codec must support. */
export type ImageFormat = 'png' | 'jpeg';

/** Fully resolved encode options. */
export interface EncodeRequest {
  readonly format: ImageFormat;
  /** JPEG quality 1..100. */
  readonly quality: number;
}

/** Header facts about an encoded image, after EXIF orientation is applied. */
export interface ImageInfo {
  readonly width: number;
  readonly height: number;
  /** Short format name such as `jpeg`, `png`, `webp`, `gif`, `tiff`. */
  readonly format: string;
}

/**
 * What a platform must provide for atelier's image functions. Implementations throw
 * `ImageDecodeError` naming the source and the reason for anything they cannot decode.
 */
export interface ImageCodec {
  /** A short name for messages, e.g. `sharp`. */
  readonly name: string;
  /** Reads the header only (cheap): dimensions after EXIF orientation and format. */
  probe(source: ImageSource, request: Pick<DecodeRequest, 'limitInputPixels' | 'failOn'>): Promise<ImageInfo>;
  /** Decodes, orients, converts and resizes in one pipeline, returning 8-bit pixels. */
  decode(source: ImageSource, request: DecodeRequest): Promise<RawImage>;
  /** Encodes 8-bit pixels. JPEG output drops alpha by flattening onto white. */
  encode(image: RawImage, request: EncodeRequest): Promise<Uint8Array>;
  /** Rasterises an SVG document at its own size (1 px per user unit) to RGBA pixels. */
  rasterizeSvg(svg: string): Promise<RawImage>;
}

let installed: ImageCodec | null = null;

/** Installs the codec every image function uses (for example a browser codec). */
export function setImageCodec(codec: ImageCodec): void {
  installed = codec;
}

/** The installed codec; in Node, loads the sharp-backed codec on first use. */
export async function getImageCodec(): Promise<ImageCodec> {
  if (installed) return installed;
  // Loaded lazily so that environments without native modules can still import atelier.
  const { NodeImageCodec } = await import('./node-image-codec.js');
  installed ??= new NodeImageCodec();
  return installed;
}

/** Describes a source for messages: the path, or the byte count of a buffer. */
export function describeSource(source: ImageSource): string {
  return typeof source === 'string' ? source : `<buffer ${source.byteLength} bytes>`;
}
