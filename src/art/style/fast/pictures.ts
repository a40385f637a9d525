/**
 * Pictures of a style-network run: the preview photo stylised, and loss curves.
 * @module
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../../../io/atomic-write.js';
import { encodeImage } from '../../../io/image.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { lineChartSvg } from '../../../viz/line-chart.js';
import { svgToPng } from '../../../viz/svg.js';
import type { StyleNetworkHistory, StyleNetworkSettings } from './run-folder.js';

/** Writes `previews/step-<step>.png` and `previews/latest.png` (each atomically). */
export async function writePreview(runDir: string, step: number, image: Tensor): Promise<void> {
  const png = await encodeImage(image, { format: 'png' });
  await writeFileAtomic(join(runDir, 'previews', `step-${String(step).padStart(6, '0')}.png`), png);
  await writeFileAtomic(join(runDir, 'previews', 'latest.png'), png);
}

/**
 * Writes `curves-loss.svg|png`: log10 of the weighted loss and of its weighted parts (the parts span
 * orders of magnitude, so a linear axis would show only the largest).
 */
export async function writeStyleCurves(runDir: string, history: StyleNetworkHistory, settings: StyleNetworkSettings): Promise<void> {
  if (history.step.length < 2) return;
  const log = (values: readonly number[], weight: number) => values.map((v) => Math.log10(Math.max(v * weight, 1e-12)));
  const series = [
    { name: 'total', values: log(history.loss, 1) },
    { name: `style x ${settings.styleWeight}`, values: log(history.style, settings.styleWeight) },
    { name: `content x ${settings.contentWeight}`, values: log(history.content, settings.contentWeight) },
  ];
  if (settings.tvWeight > 0) series.push({ name: `tv x ${settings.tvWeight}`, values: log(history.tv, settings.tvWeight) });
  const svg = lineChartSvg(series, { title: 'Style network training loss', xLabel: 'step', yLabel: 'log10 weighted loss', x: history.step });
  await writeFileAtomic(join(runDir, 'curves-loss.svg'), svg);
  await svgToPng(svg, join(runDir, 'curves-loss.png'));
}
