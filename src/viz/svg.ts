/**
 * Small helpers for hand-written SVG, and turning SVG into PNG.
 * @module
 */
import { getImageCodec, type RawImage } from '../io/image-codec.js';
import { writeFileAtomic } from '../io/atomic-write.js';

/** The font stack every atelier picture uses (DejaVu Sans ships with most Linux systems). */
export const FONT_FAMILY = 'DejaVu Sans, Helvetica, Arial, sans-serif';

/** Escapes text for SVG/XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A rough text width in pixels for layout (DejaVu Sans averages ~0.6 em per character). */
export function approximateTextWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.6;
}

/** Shortens `text` with an ellipsis so that it fits about `maxWidth` pixels. */
export function fitText(text: string, fontSize: number, maxWidth: number): string {
  const maxChars = Math.max(1, Math.floor(maxWidth / (fontSize * 0.6)));
  return text.length <= maxChars ? text : `${text.slice(0, Math.max(1, maxChars - 1))}…`;
}

/** Rasterises an SVG document (1 px per user unit) to PNG bytes. */
export async function svgToPngBytes(svg: string): Promise<Uint8Array> {
  const codec = await getImageCodec();
  return codec.encode(await codec.rasterizeSvg(svg), { format: 'png', quality: 100 });
}

/** Rasterises an SVG document and writes it as a PNG file, atomically. */
export async function svgToPng(svg: string, path: string): Promise<void> {
  await writeFileAtomic(path, await svgToPngBytes(svg));
}

/** Rasterises an SVG document to RGBA pixels. */
export async function rasterizeSvg(svg: string): Promise<RawImage> {
  return (await getImageCodec()).rasterizeSvg(svg);
}
