/**
 * Resizing float pixels for pictures (thumbnails in contact sheets).
 * @module
 */

/**
 * Resizes interleaved float pixels `[h, w, c]` to `[outH, outW, c]`. Each output pixel averages a
 * grid of bilinear samples across its footprint, so large reductions do not alias (a plain bilinear
 * thumbnail of a painting would shimmer).
 */
export function resizePixels(data: ArrayLike<number>, h: number, w: number, c: number, outH: number, outW: number): Float32Array {
  const out = new Float32Array(outH * outW * c);
  const scaleY = h / outH;
  const scaleX = w / outW;
  const samplesY = Math.max(1, Math.ceil(scaleY));
  const samplesX = Math.max(1, Math.ceil(scaleX));
  const weight = 1 / (samplesY * samplesX);
  const at = (y: number, x: number, k: number): number => data[(y * w + x) * c + k]!;
  for (let oy = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++) {
      const o = (oy * outW + ox) * c;
      for (let sy = 0; sy < samplesY; sy++) {
        const y = Math.min(Math.max((oy + (sy + 0.5) / samplesY) * scaleY - 0.5, 0), h - 1);
        const y0 = Math.floor(y);
        const y1 = Math.min(y0 + 1, h - 1);
        const fy = y - y0;
        for (let sx = 0; sx < samplesX; sx++) {
          const x = Math.min(Math.max((ox + (sx + 0.5) / samplesX) * scaleX - 0.5, 0), w - 1);
          const x0 = Math.floor(x);
          const x1 = Math.min(x0 + 1, w - 1);
          const fx = x - x0;
          for (let k = 0; k < c; k++) {
            const top = at(y0, x0, k) * (1 - fx) + at(y0, x1, k) * fx;
            const bottom = at(y1, x0, k) * (1 - fx) + at(y1, x1, k) * fx;
            out[o + k]! += (top * (1 - fy) + bottom * fy) * weight;
          }
        }
      }
    }
  }
  return out;
}
