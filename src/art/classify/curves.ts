/**
 * Training records of a run: `history.json` and the loss and accuracy curves (train against
 * validation) as SVG and PNG.
 * @module
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/index.js';
import { lineChartSvg, svgToPng, type LineSeries } from '../../viz/index.js';

/** The contents of `history.json`. */
export interface HistoryRecord {
  /** Zero-based epoch indices. */
  readonly epoch: readonly number[];
  /** Per-epoch values by log key: `loss`, `accuracy`, `val_loss`, `val_accuracy`. */
  readonly history: Readonly<Record<string, readonly number[]>>;
  /** Wall-clock seconds of each epoch (training and validation). */
  readonly epochSeconds: readonly number[];
  /** Zero-based epoch whose model was kept. */
  readonly bestEpoch: number;
}

/** The picture files {@link writeCurves} writes, relative to the run folder. */
export const CURVE_FILES = ['curves-loss.svg', 'curves-loss.png', 'curves-accuracy.svg', 'curves-accuracy.png'] as const;

/** Writes `history.json` and the curves into `runDir`. */
export async function writeHistory(runDir: string, record: HistoryRecord): Promise<void> {
  await writeFileAtomic(join(runDir, 'history.json'), `${JSON.stringify(record, null, 1)}\n`);
  await writeCurves(runDir, record.history);
}

/** One chart per quantity (loss, accuracy), each with its training and validation curve. */
export async function writeCurves(runDir: string, history: Readonly<Record<string, readonly number[]>>): Promise<void> {
  for (const [key, title] of [['loss', 'Loss'], ['accuracy', 'Accuracy']] as const) {
    const series: LineSeries[] = [];
    if (history[key]) series.push({ name: `train ${key}`, values: history[key] });
    if (history[`val_${key}`]) series.push({ name: `validation ${key}`, values: history[`val_${key}`]! });
    if (series.length === 0) continue;
    const svg = lineChartSvg(series, { title: `${title} per epoch`, xLabel: 'epoch', yLabel: key });
    await writeFileAtomic(join(runDir, `curves-${key}.svg`), svg);
    await svgToPng(svg, join(runDir, `curves-${key}.png`));
  }
}
