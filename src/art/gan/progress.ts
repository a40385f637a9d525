/**
 * The GAN training progress line: step, epoch (with a bar on a terminal), rate, both losses and
 * the discriminator's mean outputs. Rewritten in place on a terminal; one line every few seconds
 * otherwise (logs, pipes).
 * @module
 */
import type { ProgressStream } from '../../model/callbacks/progress-bar.js';
import type { GanStepResult } from './step.js';

export type { ProgressStream };

/** One update of {@link GanProgress}. */
export interface GanProgressUpdate {
  readonly step: number;
  readonly epoch: number;
  readonly stepInEpoch: number;
  readonly result: GanStepResult;
  /** Seconds since this session started. */
  readonly seconds: number;
}

/** Writes the progress line (see the module comment). */
export class GanProgress {
  private lastWrite = -Infinity;
  private firstStep: number | null = null;
  private open = false;
  private smoothed: number[] | null = null;

  constructor(private readonly stream: ProgressStream, private readonly stepsPerEpoch: number, private readonly everySeconds = 5) {}

  /** Takes one step's figures; writes when due. */
  update(u: GanProgressUpdate): void {
    this.firstStep ??= u.step - 1;
    const r = u.result;
    const now = [r.discriminatorLoss, r.generatorLoss, r.dReal, r.dFake];
    // Exponential smoothing over ~20 steps: single-batch GAN losses jump around.
    this.smoothed = this.smoothed ? this.smoothed.map((s, i) => 0.95 * s + 0.05 * now[i]!) : now;
    const tty = this.stream.isTTY === true;
    if (!tty && u.seconds - this.lastWrite < this.everySeconds) return;
    if (tty && u.seconds - this.lastWrite < 0.2) return;
    this.lastWrite = u.seconds;
    const rate = (u.step - this.firstStep) / Math.max(u.seconds, 1e-9);
    const [dl, gl, dx, dgz] = this.smoothed;
    const done = Math.round((u.stepInEpoch / this.stepsPerEpoch) * 20);
    const bar = tty ? ` ${'='.repeat(done)}${' '.repeat(20 - done)}` : '';
    const line = `step ${u.step} · epoch ${u.epoch + 1} [${u.stepInEpoch}/${this.stepsPerEpoch}${bar}] · ${rate.toFixed(2)} steps/s · ${formatTime(u.seconds)}` +
      ` · D loss ${dl!.toFixed(3)} · G loss ${gl!.toFixed(3)} · D(x) ${dx!.toFixed(3)} · D(G(z)) ${dgz!.toFixed(3)}`;
    if (tty) {
      this.stream.write(`\r${line}\x1b[K`);
      this.open = true;
    } else this.stream.write(`${line}\n`);
  }

  /** Ends the line in place before another message is printed. */
  interrupt(): void {
    if (this.open) this.stream.write('\n');
    this.open = false;
  }

  /** Ends the progress display. */
  end(): void {
    this.interrupt();
  }
}

function formatTime(seconds: number): string {
  const s = Math.floor(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
