/**
 * The Keras-style model summary table.
 * @module
 */
import type { Layer } from '../nn/layer.js';

/** One line of the summary. */
export interface SummaryRow {
  layer: Layer;
  /** Formatted output shape(s), `multiple` for a layer called several times, `?` before the model is built. */
  outputShape: string;
  /** Names of the layers (or inputs) feeding this one; shown for functional models. */
  connectedTo: string[];
}

/** Options of `model.summary()`. */
export interface SummaryOptions {
  /** Total width of the table in characters (default 80, or 100 with the "Connected to" column). */
  lineLength?: number;
  /** Where to print: a function receiving the text, or `false` to only return it (default `console.log`). */
  print?: ((text: string) => void) | false;
}

/** The model fields the table needs. */
interface Summarised {
  name: string;
  className: string;
  weights: { size: number }[];
  trainableWeights: { size: number }[];
}

/** Formats `1234567` as `1,234,567`. */
function thousands(n: number): string {
  return n.toLocaleString('en-US');
}

/** Formats a byte count the way Keras does: `879.04 KB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(2)} ${units[unit]}`;
}

function fit(text: string, width: number): string {
  return text.length >= width ? `${text.slice(0, width - 2)}… ` : text.padEnd(width);
}

/**
 * Renders the summary: one row per layer (`name (Type)`, output shape, parameter count, and for
 * functional models the layers it is connected to), then total, trainable and non-trainable
 * parameter counts with their size as float32.
 */
export function formatSummary(model: Summarised, rows: SummaryRow[], options: SummaryOptions = {}): string {
  const withConnections = rows.some((r) => r.connectedTo.length > 0);
  const lineLength = options.lineLength ?? (withConnections ? 100 : 80);
  const fractions = withConnections ? [0.3, 0.25, 0.12, 0.33] : [0.45, 0.35, 0.2];
  const widths = fractions.map((f) => Math.max(8, Math.floor(f * lineLength)));
  const headers = ['Layer (type)', 'Output Shape', 'Param #', 'Connected to'].slice(0, widths.length);
  const line = (cells: string[]) => cells.map((c, i) => fit(c, widths[i]!)).join('').trimEnd();
  const total = widths.reduce((a, b) => a + b, 0);
  const out: string[] = [`Model: "${model.name}"`, '_'.repeat(total), line(headers), '='.repeat(total)];
  rows.forEach((row, i) => {
    const connections = row.connectedTo.length > 0 ? row.connectedTo : [''];
    out.push(line([`${row.layer.name} (${row.layer.className})`, row.outputShape, thousands(row.layer.countParams()), connections[0]!].slice(0, widths.length)));
    for (const extra of connections.slice(1)) out.push(line(['', '', '', extra]));
    out.push((i === rows.length - 1 ? '=' : '_').repeat(total));
  });
  if (rows.length === 0) out.push('='.repeat(total));
  const all = model.weights.reduce((n, w) => n + w.size, 0);
  const trainable = model.trainableWeights.reduce((n, w) => n + w.size, 0);
  const bytes = (n: number) => formatBytes(n * 4);
  out.push(`Total params: ${thousands(all)} (${bytes(all)})`);
  out.push(`Trainable params: ${thousands(trainable)} (${bytes(trainable)})`);
  out.push(`Non-trainable params: ${thousands(all - trainable)} (${bytes(all - trainable)})`);
  out.push('_'.repeat(total));
  return out.join('\n');
}
