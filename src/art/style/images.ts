/**
 * Reading the images of a style task: RGB in [0, 1] at the working size, with a notice (never a
 * silent change) for grey images, transparency, and style images much larger or smaller than the
 * result. Colour helpers for luminance-only transfer live here too.
 * @module
 */
import { getImageCodec } from '../../io/image-codec.js';
import { readImagePixels } from '../../io/image.js';
import { tensor } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';

/** Receives one-line notices about inputs that were adapted (resized, flattened, expanded to RGB). */
export type NoticeSink = (message: string) => void;

/** The size `[height, width]` of an image file, after EXIF orientation. */
export async function imageSize(path: string): Promise<[number, number]> {
  const info = await (await getImageCodec()).probe(path, { limitInputPixels: 268_402_689, failOn: 'warning' });
  return [info.height, info.width];
}

/**
 * The working size for a content image: its aspect ratio with the longer side `size` (rounded to
 * whole pixels, at least 8).
 */
export function fitLongerSide(height: number, width: number, size: number): [number, number] {
  const scale = size / Math.max(height, width);
  return [Math.max(8, Math.round(height * scale)), Math.max(8, Math.round(width * scale))];
}

/**
 * Reads `path` as `[1, height, width, 3]` in [0, 1], resized to cover `size` (centre crop). Tells
 * `notice` when the file is grey (its one channel is repeated) or has transparency (flattened onto
 * white), and, given `comparedWith` (the content's original `[height, width]`), when the two differ
 * in size by more than 2x (the style is resized to the result all the same, and its brushstrokes
 * change scale relative to the content's detail).
 */
export async function readStyleInput(path: string, size: readonly [number, number], role: string, notice: NoticeSink, comparedWith?: readonly [number, number]): Promise<Tensor> {
  const [h0, w0] = await imageSize(path);
  const raw = await readImagePixels(path, { size: [size[0], size[1]], fit: 'cover', keepAlpha: true });
  if (comparedWith) {
    const ratio = Math.max(h0, w0) / Math.max(comparedWith[0], comparedWith[1]);
    if (ratio > 2 || ratio < 0.5) {
      notice(`${role} ${path} is ${w0}x${h0}, ${ratio > 1 ? `${ratio.toFixed(1)}x larger` : `${(1 / ratio).toFixed(1)}x smaller`} than the content (${comparedWith[1]}x${comparedWith[0]}); both are resized to ${size[1]}x${size[0]}`);
    }
  }
  const n = raw.width * raw.height;
  const out = new Float32Array(n * 3);
  let translucent = false;
  let grey = true;
  for (let i = 0; i < n; i++) {
    const a = raw.data[i * 4 + 3]! / 255;
    if (a < 1) translucent = true;
    for (let c = 0; c < 3; c++) out[i * 3 + c] = (raw.data[i * 4 + c]! / 255) * a + (1 - a); // onto white
    if (raw.data[i * 4] !== raw.data[i * 4 + 1] || raw.data[i * 4] !== raw.data[i * 4 + 2]) grey = false;
  }
  if (translucent) notice(`${role} ${path} has transparent pixels; flattened onto white`);
  if (grey) notice(`${role} ${path} is greyscale; used as RGB with three equal channels`);
  return tensor(out, [1, raw.height, raw.width, 3]);
}

/** Reads a mask image as `[1, height, width, 1]` in [0, 1] (white = styled), resized to `size` exactly. */
export async function readMask(path: string, size: readonly [number, number]): Promise<Tensor> {
  const raw = await readImagePixels(path, { size: [size[0], size[1]], fit: 'fill', channels: 1 });
  return tensor(Float32Array.from(raw.data, (v) => v / 255), [1, raw.height, raw.width, 1]);
}

/** The per-channel mean of an image `[1, h, w, 3]`. */
export function channelMean(image: Tensor): [number, number, number] {
  const v = image.values;
  const sums = [0, 0, 0];
  for (let i = 0; i < v.length; i++) sums[i % 3]! += v[i]!;
  const n = v.length / 3;
  return [sums[0]! / n, sums[1]! / n, sums[2]! / n];
}

/** RGB → YIQ (NTSC): Y is the luminance, I and Q the chroma. */
const TO_YIQ = [0.299, 0.587, 0.114, 0.596, -0.274, -0.322, 0.211, -0.523, 0.312];
/** YIQ → RGB, the inverse of {@link TO_YIQ}. */
const FROM_YIQ = [1, 0.956, 0.621, 1, -0.272, -0.647, 1, -1.106, 1.703];

function mix3(values: ArrayLike<number>, m: readonly number[]): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i += 3) {
    const a = values[i]!, b = values[i + 1]!, c = values[i + 2]!;
    for (let r = 0; r < 3; r++) out[i + r] = m[r * 3]! * a + m[r * 3 + 1]! * b + m[r * 3 + 2]! * c;
  }
  return out;
}

/**
 * The luminance of `image` repeated in three channels, its mean and standard deviation optionally
 * matched to `like`'s luminance (so a dark style does not darken a light photo).
 */
export function luminanceImage(image: Tensor, like?: Tensor): Tensor {
  const yiq = mix3(image.values, TO_YIQ);
  const n = yiq.length / 3;
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) y[i] = yiq[i * 3]!;
  if (like) {
    const target = mix3(like.values, TO_YIQ).filter((_, i) => i % 3 === 0);
    const [m0, s0] = meanStd(y);
    const [m1, s1] = meanStd(target);
    for (let i = 0; i < n; i++) y[i] = ((y[i]! - m0) / (s0 || 1)) * s1 + m1;
  }
  const out = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) out[i * 3] = out[i * 3 + 1] = out[i * 3 + 2] = y[i]!;
  return tensor(out, image.shape);
}

/** Puts the luminance of `luminanceFrom` under the chroma (I, Q) of `colorsFrom`; both `[1, h, w, 3]`. */
export function combineLuminance(luminanceFrom: Tensor, colorsFrom: Tensor): Tensor {
  const y = mix3(luminanceFrom.values, TO_YIQ);
  const c = mix3(colorsFrom.values, TO_YIQ);
  for (let i = 0; i < c.length; i += 3) c[i] = y[i]!;
  return tensor(mix3(c, FROM_YIQ), colorsFrom.shape);
}

function meanStd(v: Float32Array): [number, number] {
  let s = 0;
  for (const x of v) s += x;
  const m = s / v.length;
  let q = 0;
  for (const x of v) q += (x - m) * (x - m);
  return [m, Math.sqrt(q / v.length)];
}
