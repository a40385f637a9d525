/**
 * Contact sheets: a grid of images with a caption under each (patches with their labels,
 * predictions marked right or wrong, generated samples).
 * @module
 */
import { ArgumentError, ShapeError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { getImageCodec } from '../io/image-codec.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { resizePixels } from './resize.js';
import { FONT_FAMILY, escapeXml, fitText } from './svg.js';

/** Options of {@link contactSheet}. */
export interface ContactSheetOptions {
  /** Images per row (default: up to 8). */
  columns?: number;
  /** Each image is scaled to fit a `cellSize × cellSize` square, keeping its aspect ratio (default 96). */
  cellSize?: number;
  /** Height of the caption strip under each image (default 18; 0 without labels). */
  captionHeight?: number;
  /** Gap between cells in pixels (default 4). */
  gap?: number;
  /** CSS colours per caption, e.g. green for right and red for wrong predictions (default dark grey). */
  captionColors?: readonly string[];
  /** Also write the PNG here (atomically). */
  path?: string;
}

/**
 * Lays out images (a list of `[H, W, C]` or one batch `[N, H, W, C]`, float32 in [0, 1], C = 1 or 3) in a
 * grid on white, with `labels[i]` under image i, and returns PNG bytes. Captions are SVG text rasterised
 * by the image codec and blended over the grid.
 */
export async function contactSheet(images: Tensor | readonly Tensor[], labels: readonly string[] = [], options: ContactSheetOptions = {}): Promise<Uint8Array> {
  const list = splitImages(images);
  if (list.length === 0) throw new ArgumentError('contactSheet: no images');
  if (labels.length !== 0 && labels.length !== list.length) throw new ArgumentError(`contactSheet: ${labels.length} labels for ${list.length} images`);
  const columns = options.columns ?? Math.min(8, list.length);
  const cell = options.cellSize ?? 96;
  const gap = options.gap ?? 4;
  const caption = labels.length > 0 ? options.captionHeight ?? 18 : 0;
  if (!(Number.isInteger(columns) && columns > 0)) throw new ArgumentError(`contactSheet: columns must be a positive integer, got ${columns}`);
  if (!(Number.isInteger(cell) && cell > 0)) throw new ArgumentError(`contactSheet: cellSize must be a positive integer, got ${cell}`);
  const rows = Math.ceil(list.length / columns);
  const width = gap + columns * (cell + gap);
  const height = gap + rows * (cell + caption + gap);
  const canvas = new Uint8Array(width * height * 3).fill(255);

  list.forEach(({ data, h, w, c }, i) => {
    const scale = Math.min(cell / h, cell / w);
    const outH = Math.max(1, Math.round(h * scale));
    const outW = Math.max(1, Math.round(w * scale));
    const thumb = resizePixels(data, h, w, c, outH, outW);
    const left = gap + (i % columns) * (cell + gap) + Math.floor((cell - outW) / 2);
    const top = gap + Math.floor(i / columns) * (cell + caption + gap) + Math.floor((cell - outH) / 2);
    for (let y = 0; y < outH; y++) {
      for (let x = 0; x < outW; x++) {
        const o = ((top + y) * width + left + x) * 3;
        for (let k = 0; k < 3; k++) canvas[o + k] = to8bit(thumb[(y * outW + x) * c + (c === 3 ? k : 0)]!);
      }
    }
  });

  const codec = await getImageCodec();
  if (caption > 0) {
    const fontSize = Math.max(8, Math.round(caption * 0.62));
    const texts = labels.map((label, i) => {
      const cx = gap + (i % columns) * (cell + gap) + cell / 2;
      const baseline = gap + Math.floor(i / columns) * (cell + caption + gap) + cell + caption * 0.5 + fontSize * 0.36;
      const colour = options.captionColors?.[i] ?? '#222222';
      return `<text x="${cx}" y="${baseline.toFixed(1)}" fill="${escapeXml(colour)}">${escapeXml(fitText(label, fontSize, cell))}</text>`;
    });
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><g font-family="${FONT_FAMILY}" font-size="${fontSize}" text-anchor="middle">${texts.join('')}</g></svg>`;
    const layer = await codec.rasterizeSvg(svg);
    blendOver(canvas, layer.data, width * height);
  }
  const png = await codec.encode({ data: canvas, width, height, channels: 3 }, { format: 'png', quality: 100 });
  if (options.path) await writeFileAtomic(options.path, png);
  return png;
}

function splitImages(images: Tensor | readonly Tensor[]): { data: Float32Array; h: number; w: number; c: number }[] {
  const check = (t: Tensor, what: string): void => {
    const c = t.shape.at(-1)!;
    if (t.dtype !== 'float32' || (c !== 1 && c !== 3)) throw new ShapeError(`contactSheet: ${what} ${t.dtype} [${t.shape.join(',')}] must be float32 with 1 or 3 channels`);
  };
  if (!Array.isArray(images)) {
    const batch = images as Tensor;
    if (batch.rank !== 4) throw new ShapeError(`contactSheet: images [${batch.shape.join(',')}] must be [N, H, W, C] or a list of [H, W, C]`);
    check(batch, 'images');
    const [n, h, w, c] = batch.shape as [number, number, number, number];
    const all = batch.data() as Float32Array;
    return Array.from({ length: n }, (_, i) => ({ data: all.subarray(i * h * w * c, (i + 1) * h * w * c), h, w, c }));
  }
  return (images as readonly Tensor[]).map((t, i) => {
    if (t.rank !== 3) throw new ShapeError(`contactSheet: image ${i} [${t.shape.join(',')}] must be [H, W, C]`);
    check(t, `image ${i}`);
    return { data: t.data() as Float32Array, h: t.shape[0]!, w: t.shape[1]!, c: t.shape[2]! };
  });
}

/** Straight-alpha "over": blends RGBA `layer` onto the RGB `canvas`. */
function blendOver(canvas: Uint8Array, layer: Uint8Array, pixels: number): void {
  for (let i = 0; i < pixels; i++) {
    const a = layer[i * 4 + 3]! / 255;
    if (a === 0) continue;
    for (let k = 0; k < 3; k++) canvas[i * 3 + k] = Math.round(layer[i * 4 + k]! * a + canvas[i * 3 + k]! * (1 - a));
  }
}

function to8bit(v: number): number {
  return v > 0 ? (v < 1 ? Math.round(v * 255) : 255) : 0;
}
