/**
 * Heat maps laid over images, e.g. a saliency or Grad-CAM map over the painting it explains.
 * @module
 */
import { ArgumentError, ShapeError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { colormapTable, type ColormapName } from './colormaps.js';

/**
 * Resizes a single-channel map `[h, w]` to `[height, width]` bilinearly with half-pixel centres
 * (PyTorch `align_corners=False`, TensorFlow `half_pixel_centers=True`), clamping at the edges.
 */
export function resizeBilinear(map: Float32Array | number[], h: number, w: number, height: number, width: number): Float32Array {
  const out = new Float32Array(height * width);
  const scaleY = h / height;
  const scaleX = w / width;
  for (let y = 0; y < height; y++) {
    const sy = Math.min(Math.max((y + 0.5) * scaleY - 0.5, 0), h - 1);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, h - 1);
    const fy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(Math.max((x + 0.5) * scaleX - 0.5, 0), w - 1);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, w - 1);
      const fx = sx - x0;
      const top = map[y0 * w + x0]! * (1 - fx) + map[y0 * w + x1]! * fx;
      const bottom = map[y1 * w + x0]! * (1 - fx) + map[y1 * w + x1]! * fx;
      out[y * width + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}

/** Options of {@link heatmapOverlay}. */
export interface HeatmapOverlayOptions {
  /** Colour map (default `'jet'`, the Grad-CAM convention). */
  colormap?: ColormapName;
  /** Weight of the heat map colour: `out = (1 - alpha) * image + alpha * colour` (default 0.5). */
  alpha?: number;
  /** Rescale the map to [0, 1] by its min and max (default true); a constant map becomes 0. Otherwise values are clipped. */
  normalize?: boolean;
}

/**
 * Blends a heat map over an image. The map `[h, w]` (or `[h, w, 1]`) is resized bilinearly to the image,
 * normalised to [0, 1], coloured, and mixed in. Returns float32 `[H, W, 3]` in [0, 1].
 *
 * @example
 * const overlay = heatmapOverlay(painting, gradCam, { colormap: 'jet', alpha: 0.4 });
 * await writeImage('explained.png', overlay);
 */
export function heatmapOverlay(image: Tensor, map: Tensor, options: HeatmapOverlayOptions = {}): Tensor {
  const alpha = options.alpha ?? 0.5;
  if (!(alpha >= 0 && alpha <= 1)) throw new ArgumentError(`heatmapOverlay: alpha must be in [0, 1], got ${alpha}`);
  let shape = image.shape;
  if (shape.length === 4 && shape[0] === 1) shape = shape.slice(1);
  if (shape.length !== 3 || (shape[2] !== 3 && shape[2] !== 1)) {
    throw new ShapeError(`heatmapOverlay: image [${image.shape.join(',')}] must be [height, width, 3] (or 1 channel)`);
  }
  if (!(map.rank === 2 || (map.rank === 3 && map.shape[2] === 1))) {
    throw new ShapeError(`heatmapOverlay: map [${map.shape.join(',')}] must be [height, width] or [height, width, 1]`);
  }
  const [height, width, channels] = shape as [number, number, number];
  const resized = resizeBilinear(map.data() as Float32Array, map.shape[0]!, map.shape[1]!, height, width);
  if (options.normalize ?? true) normalizeInPlace(resized);
  const table = colormapTable(options.colormap ?? 'jet');
  const pixels = image.data();
  const out = new Float32Array(height * width * 3);
  for (let i = 0; i < height * width; i++) {
    const v = resized[i]!;
    const t = (v > 0 ? (v < 1 ? Math.round(v * 255) : 255) : 0) * 3;
    for (let k = 0; k < 3; k++) {
      const base = Math.min(1, Math.max(0, pixels[i * channels + (channels === 3 ? k : 0)]!));
      out[i * 3 + k] = (1 - alpha) * base + (alpha * table[t + k]!) / 255;
    }
  }
  return tensor(out, [height, width, 3]);
}

/** Min–max scales finite values to [0, 1]; non-finite values and constant maps become 0. */
function normalizeInPlace(values: Float32Array): void {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    values[i] = Number.isFinite(v) && range > 0 ? (v - min) / range : 0;
  }
}
