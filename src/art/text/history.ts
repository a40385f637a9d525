/**
 * The derived records of a text run, rewritten after every validation: `history.json`, the loss
 * curves (training and validation nats per character) and `samples.txt`.
 * @module
 */
import { join } from 'node:path';
import { writeFileAtomic } from '../../io/atomic-write.js';
import { lineChartSvg, svgToPng, type LineSeries } from '../../viz/index.js';
import type { TextHistory } from './checkpoint.js';

/** Writes `history.json`, `curves-loss.svg|png` and `samples.txt` into `runDir`. */
export async function writeTextHistory(runDir: string, history: TextHistory, samples: readonly string[]): Promise<void> {
  const safe = (v: number[]) => v.map((x) => (Number.isFinite(x) ? x : null));
  await writeFileAtomic(join(runDir, 'history.json'), `${JSON.stringify({ epoch: history.epoch, loss: safe(history.loss), val_loss: safe(history.val_loss), seconds: history.seconds }, null, 1)}\n`);
  const series: LineSeries[] = [{ name: 'training (nats/char)', values: history.loss }];
  if (history.val_loss.some(Number.isFinite)) series.push({ name: 'validation (nats/char)', values: history.val_loss });
  const svg = lineChartSvg(series, { title: 'Cross-entropy per character', xLabel: 'epoch', yLabel: 'nats per character', x: history.epoch });
  await writeFileAtomic(join(runDir, 'curves-loss.svg'), svg);
  await svgToPng(svg, join(runDir, 'curves-loss.png'));
  await writeFileAtomic(join(runDir, 'samples.txt'), samples.map((s) => `${s.trim()}\n`).join('\n'));
}
