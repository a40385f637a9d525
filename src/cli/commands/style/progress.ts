/**
 * The progress line of `atelier texture` and `atelier stylize`: step, bar, loss parts, seconds per
 * step and ETA, redrawn in place on a terminal and printed every tenth of the run otherwise.
 * @module
 */
import type { StepProgress } from '../../../art/style/optimize.js';

/** Where progress goes (stderr or stdout of the CLI, or a test buffer). */
export interface ProgressSink {
  write(s: string): unknown;
  isTTY?: boolean;
}

/** Formats seconds as `1m05s` or `42s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/**
 * A progress reporter for a run of `totalSteps` steps (all scales together); returns the `onStep`
 * callback and `done()` to end the line.
 */
export function styleProgress(sink: ProgressSink, totalSteps: number, label: string): { onStep: (p: StepProgress & { scale: number }) => void; done: () => void } {
  let stepsBefore = 0;
  let lastScale = -1;
  let lastStep = 0;
  let secondsBefore = 0;
  let lastSeconds = 0;
  let printedAt = -1;
  const live = sink.isTTY === true;
  const onStep = (p: StepProgress & { scale: number }): void => {
    if (p.scale !== lastScale) {
      stepsBefore += lastStep;
      secondsBefore += lastSeconds;
      lastScale = p.scale;
    }
    lastStep = p.step;
    lastSeconds = p.seconds;
    const done = stepsBefore + p.step;
    const elapsed = secondsBefore + p.seconds;
    const perStep = elapsed / done;
    const width = 20;
    const filled = Math.min(width, Math.round((done / totalSteps) * width));
    const bar = `[${'='.repeat(filled)}${' '.repeat(width - filled)}]`;
    const parts = `style ${p.parts.style.toExponential(3)}${p.parts.content ? ` content ${p.parts.content.toExponential(3)}` : ''}${p.parts.tv ? ` tv ${p.parts.tv.toExponential(2)}` : ''}`;
    const scale = p.scale === 1 ? '' : ` @${Math.round(p.scale * 100)}%`;
    const line = `${label} ${String(done).padStart(String(totalSteps).length)}/${totalSteps}${scale} ${bar} ${parts} | ${perStep.toFixed(2)} s/step, ETA ${formatDuration(perStep * (totalSteps - done))}`;
    if (live) sink.write(`\r\x1b[2K${line}`);
    else if (Math.floor((done * 10) / totalSteps) > printedAt || done === totalSteps) {
      printedAt = Math.floor((done * 10) / totalSteps);
      sink.write(`${line}\n`);
    }
  };
  return { onStep, done: () => (live ? void sink.write('\n') : undefined) };
}

/** Total steps over coarse-to-fine scales: `steps` at the last, `ceil(steps / 2)` at each earlier one. */
export function totalStepsOver(scales: readonly number[], steps: number): number {
  return steps + (scales.length - 1) * Math.ceil(steps / 2);
}
