/**
 * A drawing as the classifier expects a digit: MNIST's own preparation. The strokes' bounding box
 * is scaled to fit a box of 20/28 of the side (keeping its aspect), and placed so its centre of mass
 * sits at the centre of the image; values are grey levels in [0, 1], white on black.
 * @module
 */

/** The drawing (white strokes on black) as `[side, side, channels]` values in [0, 1]; null when blank. */
export function drawingToPixels(source: HTMLCanvasElement, side: number, channels: number): Float32Array | null {
  const context = source.getContext('2d', { willReadFrequently: true })!;
  const { width, height } = source;
  const data = context.getImageData(0, 0, width, height).data;
  let [left, top, right, bottom] = [width, height, -1, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[(y * width + x) * 4]! > 0) {
        left = Math.min(left, x);
        right = Math.max(right, x);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
  }
  if (right < 0) return null;
  const boxWidth = right - left + 1;
  const boxHeight = bottom - top + 1;
  const fit = Math.round((side * 20) / 28);
  const scale = fit / Math.max(boxWidth, boxHeight);
  const [w, h] = [Math.max(1, Math.round(boxWidth * scale)), Math.max(1, Math.round(boxHeight * scale))];
  // First the scaled digit alone, to find its centre of mass.
  const digit = grey(scaled(source, left, top, boxWidth, boxHeight, w, h), w, h);
  let [mass, cx, cy] = [0, 0, 0];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const v = digit[y * w + x]!;
    mass += v;
    cx += v * x;
    cy += v * y;
  }
  const offsetX = Math.round(side / 2 - (mass > 0 ? cx / mass : w / 2) - 0.5);
  const offsetY = Math.round(side / 2 - (mass > 0 ? cy / mass : h / 2) - 0.5);
  const out = new Float32Array(side * side * channels);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    const [tx, ty] = [x + offsetX, y + offsetY];
    if (tx < 0 || ty < 0 || tx >= side || ty >= side) continue;
    for (let c = 0; c < channels; c++) out[(ty * side + tx) * channels + c] = digit[y * w + x]!;
  }
  return out;
}

function scaled(source: HTMLCanvasElement, sx: number, sy: number, sw: number, sh: number, w: number, h: number): CanvasRenderingContext2D {
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.drawImage(source, sx, sy, sw, sh, 0, 0, w, h);
  return context;
}

function grey(context: CanvasRenderingContext2D, w: number, h: number): Float32Array {
  const rgba = context.getImageData(0, 0, w, h).data;
  const out = new Float32Array(w * h);
  for (let i = 0; i < out.length; i++) out[i] = rgba[i * 4]! / 255;
  return out;
}
