/**
 * Line charts as hand-written SVG: training curves (loss, accuracy per epoch) and the like.
 * @module
 */
import { ArgumentError } from '../errors.js';
import { FONT_FAMILY, approximateTextWidth, escapeXml } from './svg.js';

/** One line: a name for the legend and its y values. */
export interface LineSeries {
  readonly name: string;
  readonly values: readonly number[];
}

/** Options of {@link lineChartSvg}. */
export interface LineChartOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** x value of each index (default 1, 2, 3, ...: epochs). */
  x?: readonly number[];
  /** Picture size in pixels (default 640 × 400). */
  width?: number;
  height?: number;
}

/** matplotlib's tab10 palette: distinct, colour-blind-tolerant line colours. */
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

/**
 * "Nice" tick positions (steps of 1, 2 or 5 × 10^k) covering [min, max] with about `count` ticks.
 * Returns the ticks and the step.
 */
export function niceTicks(min: number, max: number, count = 5): { ticks: number[]; step: number } {
  if (!(max > min)) return { ticks: [min], step: 1 };
  const rough = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const residual = rough / magnitude;
  const step = (residual <= 1 + 1e-9 ? 1 : residual <= 2 + 1e-9 ? 2 : residual <= 5 + 1e-9 ? 5 : 10) * magnitude;
  const ticks: number[] = [];
  // Integer multiples of the step, cleaned of float noise (3 × 0.2 = 0.6000000000000001).
  for (let k = Math.ceil(min / step - 1e-9); k * step <= max + step * 1e-9; k++) ticks.push(k === 0 ? 0 : Number.parseFloat((k * step).toPrecision(12)));
  return { ticks, step };
}

function formatTick(value: number, step: number): string {
  const decimals = Math.max(0, Math.min(10, -Math.floor(Math.log10(step) + 1e-9)));
  return value.toFixed(decimals);
}

/**
 * Draws series as lines on shared axes, with gridlines, ticks, axis labels, a title and a legend.
 * Non-finite values break the line.
 *
 * @example
 * const svg = lineChartSvg([{ name: 'train loss', values: history.loss }, { name: 'val loss', values: history.valLoss }],
 *   { title: 'Loss', xLabel: 'epoch', yLabel: 'cross-entropy' });
 * await svgToPng(svg, 'loss.png');
 */
export function lineChartSvg(series: readonly LineSeries[], options: LineChartOptions = {}): string {
  if (series.length === 0) throw new ArgumentError('lineChartSvg: no series to draw');
  const width = options.width ?? 640;
  const height = options.height ?? 400;
  const length = Math.max(...series.map((s) => s.values.length));
  const xs = options.x ?? Array.from({ length }, (_, i) => i + 1);
  if (xs.length < length) throw new ArgumentError(`lineChartSvg: x has ${xs.length} values but a series has ${length}`);
  const finite = series.flatMap((s) => s.values.filter((v) => Number.isFinite(v)));
  if (finite.length === 0) throw new ArgumentError('lineChartSvg: the series have no finite values');

  let yMin = Math.min(...finite);
  let yMax = Math.max(...finite);
  if (yMax === yMin) {
    const pad = Math.abs(yMin) > 0 ? Math.abs(yMin) * 0.1 : 1;
    yMin -= pad;
    yMax += pad;
  }
  // A little headroom so that extreme points do not sit on the frame, as matplotlib's margins.
  const headroom = (yMax - yMin) * 0.04;
  yMin -= headroom;
  yMax += headroom;
  const yTicks = niceTicks(yMin, yMax, 5);
  const usedX = xs.slice(0, length);
  let xMin = Math.min(...usedX);
  let xMax = Math.max(...usedX);
  if (xMax === xMin) {
    xMin -= 1;
    xMax += 1;
  }
  const integerX = usedX.every((v) => Number.isInteger(v));
  const xTicksRaw = niceTicks(xMin, xMax, Math.min(8, Math.max(2, length)));
  const xTicks = integerX && xTicksRaw.step < 1 ? { ticks: xTicksRaw.ticks.filter((t) => Number.isInteger(t)), step: 1 } : xTicksRaw;

  const yLabelWidth = Math.max(...yTicks.ticks.map((t) => approximateTextWidth(formatTick(t, yTicks.step), 12)));
  const left = 24 + yLabelWidth + (options.yLabel ? 20 : 0);
  const right = 20;
  const top = options.title ? 44 : 20;
  const bottom = options.xLabel ? 56 : 36;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const px = (x: number): number => left + ((x - xMin) / (xMax - xMin)) * plotW;
  const py = (y: number): number => top + (1 - (y - yMin) / (yMax - yMin)) * plotH;
  const n = (v: number): string => v.toFixed(2);

  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  if (options.title) parts.push(`<text x="${n(left + plotW / 2)}" y="26" font-size="16" font-weight="bold" text-anchor="middle" fill="#222">${escapeXml(options.title)}</text>`);
  for (const t of yTicks.ticks) {
    const y = py(t);
    parts.push(`<line x1="${n(left)}" y1="${n(y)}" x2="${n(left + plotW)}" y2="${n(y)}" stroke="#e6e6e6"/>`);
    parts.push(`<line x1="${n(left - 5)}" y1="${n(y)}" x2="${n(left)}" y2="${n(y)}" stroke="#333"/>`);
    parts.push(`<text x="${n(left - 8)}" y="${n(y + 4)}" font-size="12" text-anchor="end" fill="#333">${formatTick(t, yTicks.step)}</text>`);
  }
  for (const t of xTicks.ticks) {
    const x = px(t);
    parts.push(`<line x1="${n(x)}" y1="${n(top)}" x2="${n(x)}" y2="${n(top + plotH)}" stroke="#f0f0f0"/>`);
    parts.push(`<line x1="${n(x)}" y1="${n(top + plotH)}" x2="${n(x)}" y2="${n(top + plotH + 5)}" stroke="#333"/>`);
    parts.push(`<text x="${n(x)}" y="${n(top + plotH + 19)}" font-size="12" text-anchor="middle" fill="#333">${formatTick(t, xTicks.step)}</text>`);
  }
  parts.push(`<rect x="${n(left)}" y="${n(top)}" width="${n(plotW)}" height="${n(plotH)}" fill="none" stroke="#333"/>`);
  if (options.xLabel) parts.push(`<text x="${n(left + plotW / 2)}" y="${height - 14}" font-size="13" text-anchor="middle" fill="#222">${escapeXml(options.xLabel)}</text>`);
  if (options.yLabel) {
    parts.push(`<text transform="translate(16 ${n(top + plotH / 2)}) rotate(-90)" font-size="13" text-anchor="middle" fill="#222">${escapeXml(options.yLabel)}</text>`);
  }

  series.forEach((s, i) => {
    const colour = PALETTE[i % PALETTE.length]!;
    const runs: string[][] = [[]];
    s.values.forEach((v, k) => {
      if (Number.isFinite(v)) runs.at(-1)!.push(`${n(px(xs[k]!))},${n(py(v))}`);
      else if (runs.at(-1)!.length > 0) runs.push([]);
    });
    parts.push(`<g class="series" data-name="${escapeXml(s.name)}" stroke="${colour}" fill="${colour}">`);
    for (const run of runs.filter((r) => r.length > 0)) {
      if (run.length > 1) parts.push(`<polyline points="${run.join(' ')}" fill="none" stroke-width="2" stroke-linejoin="round"/>`);
      if (s.values.length <= 50 || run.length === 1) for (const point of run) {
        const [cx, cy] = point.split(',');
        parts.push(`<circle cx="${cx}" cy="${cy}" r="2.5" stroke="none"/>`);
      }
    }
    parts.push('</g>');
  });

  const legendWidth = 34 + Math.max(...series.map((s) => approximateTextWidth(s.name, 12)));
  const legendX = left + plotW - legendWidth - 8;
  const legendY = top + 8;
  parts.push(`<g class="legend"><rect x="${n(legendX)}" y="${n(legendY)}" width="${n(legendWidth)}" height="${series.length * 18 + 8}" fill="#ffffff" fill-opacity="0.85" stroke="#ccc"/>`);
  series.forEach((s, i) => {
    const y = legendY + 15 + i * 18;
    const colour = PALETTE[i % PALETTE.length]!;
    parts.push(`<line x1="${n(legendX + 8)}" y1="${n(y - 4)}" x2="${n(legendX + 26)}" y2="${n(y - 4)}" stroke="${colour}" stroke-width="2.5"/>`);
    parts.push(`<text x="${n(legendX + 30)}" y="${n(y)}" font-size="12" fill="#222">${escapeXml(s.name)}</text>`);
  });
  parts.push('</g></svg>');
  return parts.join('\n');
}
