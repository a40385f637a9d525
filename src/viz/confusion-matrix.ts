/**
 * Confusion matrices as pictures and as terminal tables. Rows are true classes, columns predictions.
 * @module
 */
import { ArgumentError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { FONT_FAMILY, approximateTextWidth, escapeXml, svgToPng } from './svg.js';

/** A square matrix of counts: nested arrays or a `[k, k]` tensor. */
export type ConfusionMatrixInput = readonly (readonly number[])[] | Tensor;

/** Options of {@link confusionMatrixSvg} and {@link confusionMatrixPng}. */
export interface ConfusionMatrixOptions {
  /** Picture title (default `Confusion matrix (accuracy xx.x%)`). */
  title?: string;
}

/** Checks and copies a confusion matrix into nested arrays. */
export function toMatrix(op: string, matrix: ConfusionMatrixInput, classNames: readonly string[]): number[][] {
  let rows: number[][];
  if (Array.isArray(matrix)) rows = (matrix as readonly (readonly number[])[]).map((r) => [...r]);
  else {
    const t = matrix as Tensor;
    if (t.rank !== 2) throw new ArgumentError(`${op}: matrix [${t.shape.join(',')}] must be [classes, classes]`);
    const v = t.data();
    const k = t.shape[0]!;
    rows = Array.from({ length: k }, (_, i) => Array.from(v.subarray(i * t.shape[1]!, (i + 1) * t.shape[1]!)));
  }
  const k = classNames.length;
  if (rows.length !== k || rows.some((r) => r.length !== k)) {
    throw new ArgumentError(`${op}: matrix is ${rows.length}×${rows[0]?.length ?? 0} but there are ${k} class names; expected ${k}×${k}`);
  }
  if (rows.some((r) => r.some((v) => !(Number.isFinite(v) && v >= 0)))) throw new ArgumentError(`${op}: matrix entries must be finite non-negative counts`);
  return rows;
}

/** White to dark blue, like matplotlib's Blues, for a fraction in [0, 1]. */
function blues(fraction: number): string {
  const light = [247, 251, 255];
  const dark = [8, 48, 107];
  return `rgb(${light.map((l, i) => Math.round(l + (dark[i]! - l) * fraction)).join(',')})`;
}

/**
 * Draws a confusion matrix as SVG: each cell shaded by its share of the true class's row (recall),
 * with the count written in it, class names on both axes.
 */
export function confusionMatrixSvg(matrix: ConfusionMatrixInput, classNames: readonly string[], options: ConfusionMatrixOptions = {}): string {
  const rows = toMatrix('confusionMatrixSvg', matrix, classNames);
  const k = classNames.length;
  const total = rows.flat().reduce((a, b) => a + b, 0);
  const correct = rows.reduce((sum, r, i) => sum + r[i]!, 0);
  const title = options.title ?? `Confusion matrix (accuracy ${total > 0 ? ((100 * correct) / total).toFixed(1) : '0.0'}%)`;
  const cell = Math.max(28, Math.min(56, Math.floor(560 / k)));
  const nameWidth = Math.max(...classNames.map((n) => approximateTextWidth(n, 12)));
  const left = 40 + nameWidth;
  const top = 52;
  const bottom = 36 + nameWidth * 0.72;
  const width = Math.ceil(left + k * cell + 24);
  const height = Math.ceil(top + k * cell + bottom);
  const maxCount = Math.max(1, ...rows.flat());
  const fontSize = Math.max(9, Math.min(14, Math.floor(cell * 0.32 * (String(maxCount).length > 3 ? 0.8 : 1))));

  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="${width / 2}" y="24" font-size="15" font-weight="bold" text-anchor="middle" fill="#222">${escapeXml(title)}</text>`);
  rows.forEach((row, i) => {
    const rowTotal = row.reduce((a, b) => a + b, 0);
    row.forEach((count, j) => {
      const fraction = rowTotal > 0 ? count / rowTotal : 0;
      const x = left + j * cell;
      const y = top + i * cell;
      parts.push(`<rect class="cell" data-row="${i}" data-col="${j}" x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${blues(fraction)}" stroke="#ffffff"/>`);
      parts.push(`<text x="${x + cell / 2}" y="${y + cell / 2 + fontSize * 0.36}" font-size="${fontSize}" text-anchor="middle" fill="${fraction > 0.5 ? '#ffffff' : '#222222'}">${count}</text>`);
    });
    parts.push(`<text x="${left - 8}" y="${top + i * cell + cell / 2 + 4}" font-size="12" text-anchor="end" fill="#222">${escapeXml(classNames[i]!)}</text>`);
  });
  classNames.forEach((name, j) => {
    const x = left + j * cell + cell / 2;
    const y = top + k * cell + 10;
    parts.push(`<text transform="translate(${x + 4} ${y}) rotate(-45)" font-size="12" text-anchor="end" fill="#222">${escapeXml(name)}</text>`);
  });
  parts.push(`<text x="${left + (k * cell) / 2}" y="${height - 8}" font-size="13" text-anchor="middle" fill="#222">predicted</text>`);
  parts.push(`<text transform="translate(16 ${top + (k * cell) / 2}) rotate(-90)" font-size="13" text-anchor="middle" fill="#222">true</text>`);
  parts.push('</svg>');
  return parts.join('\n');
}

/** Writes {@link confusionMatrixSvg} as a PNG file (atomically). */
export async function confusionMatrixPng(matrix: ConfusionMatrixInput, classNames: readonly string[], path: string, options: ConfusionMatrixOptions = {}): Promise<void> {
  await svgToPng(confusionMatrixSvg(matrix, classNames, options), path);
}

/**
 * An aligned plain-text table for the terminal: counts, each true class's recall, and the accuracy.
 *
 * @example
 * console.log(confusionMatrixText([[8, 2], [1, 9]], ['monet', 'turner']));
 * // true \ predicted  monet  turner  recall
 * // monet                 8       2   80.0%
 * // turner                1       9   90.0%
 * // accuracy 17/20 = 85.0%
 */
export function confusionMatrixText(matrix: ConfusionMatrixInput, classNames: readonly string[]): string {
  const rows = toMatrix('confusionMatrixText', matrix, classNames);
  const corner = 'true \\ predicted';
  const firstWidth = Math.max(corner.length, ...classNames.map((n) => n.length));
  const widths = classNames.map((name, j) => Math.max(name.length, ...rows.map((r) => String(r[j]).length)));
  const recallOf = (r: number[], i: number): string => {
    const sum = r.reduce((a, b) => a + b, 0);
    return sum > 0 ? `${((100 * r[i]!) / sum).toFixed(1)}%` : '-';
  };
  const recallWidth = Math.max('recall'.length, ...rows.map((r, i) => recallOf(r, i).length));
  const line = (first: string, cells: string[], last: string): string =>
    [first.padEnd(firstWidth), ...cells.map((c, j) => c.padStart(widths[j]!)), last.padStart(recallWidth)].join('  ');
  const out = [line(corner, [...classNames], 'recall')];
  rows.forEach((r, i) => out.push(line(classNames[i]!, r.map(String), recallOf(r, i))));
  const total = rows.flat().reduce((a, b) => a + b, 0);
  const correct = rows.reduce((sum, r, i) => sum + r[i]!, 0);
  out.push(`accuracy ${correct}/${total} = ${total > 0 ? ((100 * correct) / total).toFixed(1) : '0.0'}%`);
  return out.join('\n');
}
