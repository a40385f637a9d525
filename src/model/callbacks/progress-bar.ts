/**
 * Keras-style training progress: a live bar on terminals, one line per epoch elsewhere.
 * @module
 */
import type CliProgress from 'cli-progress';
import { cliProgress } from '../../host/cli-progress.js';
import { standardOutput } from '../../host/console.js';
import { Callback, type Logs } from './callback.js';

/** Where progress is written: a terminal (`isTTY`) gets a live bar, anything else plain lines. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Options of {@link ProgressBar}. */
export interface ProgressBarOptions {
  /** 1: live bar on a terminal (one line per epoch otherwise); 2: one line per epoch. Default: `fit`'s verbose. */
  verbose?: 1 | 2;
  /** Default `process.stdout` on Node, the console (one line per epoch) in browsers. */
  stream?: ProgressStream;
  /** Clock in milliseconds (default `performance.now`); tests inject a fake one. */
  now?: () => number;
}

/** Formats a log value as Keras does: 4 decimals, or scientific notation for tiny values. */
export function formatLogValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return value !== 0 && Math.abs(value) < 1e-3 ? value.toExponential(4) : value.toFixed(4);
}

/** ` - loss: 0.2345 - accuracy: 0.9312` */
export function formatLogs(logs: Logs): string {
  return Object.entries(logs)
    .map(([k, v]) => ` - ${k}: ${formatLogValue(v)}`)
    .join('');
}

/** Seconds as `12s`, `1:05` or `1:02:03`, as Keras prints an ETA. */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  if (s >= 60) return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  return `${s}s`;
}

/** Time per step as `12ms/step`, `2s/step` or `450us/step`. */
export function formatPerStep(ms: number): string {
  if (ms >= 1000) return `${Math.round(ms / 1000)}s/step`;
  if (ms >= 1) return `${Math.round(ms)}ms/step`;
  return `${Math.round(ms * 1000)}us/step`;
}

/** `[==========>...................]`: 30 characters of progress, as Keras draws it. */
export function formatBar(done: number, total: number, width = 30): string {
  const filled = Math.min(width, Math.floor((width * done) / Math.max(total, 1)));
  if (filled >= width) return `[${'='.repeat(width)}]`;
  return `[${'='.repeat(Math.max(0, filled - 1))}${filled > 0 ? '>' : ''}${'.'.repeat(width - filled)}]`;
}

/**
 * Prints training progress like Keras' verbose=1:
 * ```
 * Epoch 1/10
 * 250/250 [==============================] - 3s 12ms/step - loss: 0.2345 - accuracy: 0.9312
 * ```
 * with ETA and steps per second while an epoch runs. To a stream that is not a terminal (a log
 * file, CI) and at verbose 2 it prints one line per epoch instead. `fit` adds one unless
 * `verbose: 0` or the callbacks already include one.
 */
export class ProgressBar extends Callback {
  private readonly stream: ProgressStream;
  private readonly now: () => number;
  private bar: CliProgress.SingleBar | null = null;
  private text = '';
  private epochStart = 0;
  private steps = 0;
  private knownSteps: number | null = null;
  private live = false;
  private mode: 0 | 1 | 2 = 1;

  constructor(private readonly options: ProgressBarOptions = {}) {
    super();
    this.stream = options.stream ?? standardOutput();
    this.now = options.now ?? (() => performance.now());
  }

  override onTrainBegin(): void {
    this.mode = this.options.verbose ?? this.params.verbose;
    // cli-progress exists only on Node; elsewhere even a terminal-like stream gets plain lines.
    this.live = this.mode === 1 && this.stream.isTTY === true && cliProgress !== undefined;
    this.knownSteps = this.params.steps;
  }

  override onEpochBegin(epoch: number): void {
    if (this.mode === 0) return;
    this.epochStart = this.now();
    this.steps = 0;
    if (!this.live) return;
    this.stream.write(`Epoch ${epoch + 1}/${this.params.epochs}\n`);
    this.text = this.runningLine({});
    this.bar = new cliProgress!.SingleBar({
      stream: this.stream as NodeJS.WritableStream,
      format: () => this.fitWidth(this.text),
      hideCursor: false,
      linewrap: false,
      fps: 10,
      clearOnComplete: false,
    });
    this.bar.start(this.knownSteps ?? 0, 0);
  }

  override onBatchEnd(batch: number, logs: Logs): void {
    if (this.mode === 0) return;
    this.steps = batch + 1;
    if (!this.bar) return;
    this.text = this.runningLine(logs);
    this.bar.update(this.steps);
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    if (this.mode === 0) return;
    this.knownSteps ??= this.steps;
    const line = this.finalLine(logs);
    if (this.bar) {
      this.text = line;
      this.bar.update(this.steps);
      this.bar.stop();
      this.bar = null;
    } else {
      this.stream.write(`Epoch ${epoch + 1}/${this.params.epochs} - ${line}\n`);
    }
  }

  override onTrainEnd(): void {
    this.bar?.stop();
    this.bar = null;
  }

  /** Stops the live bar (its redraw timer would keep the process alive) and ends its line. */
  override onTrainError(): void {
    this.onTrainEnd();
  }

  private counter(): string {
    const total = this.knownSteps === null ? 'Unknown' : String(this.knownSteps);
    return `${String(this.steps).padStart(total.length)}/${total}`;
  }

  private runningLine(logs: Logs): string {
    const elapsed = (this.now() - this.epochStart) / 1000;
    const rate = this.steps > 0 && elapsed > 0 ? this.steps / elapsed : 0;
    const bar = this.knownSteps !== null ? ` ${formatBar(this.steps, this.knownSteps)}` : '';
    const eta = this.knownSteps !== null && rate > 0 ? ` - ETA: ${formatEta((this.knownSteps - this.steps) / rate)}` : '';
    const speed = rate > 0 ? ` - ${rate.toFixed(rate >= 100 ? 0 : 1)} steps/s` : '';
    return `${this.counter()}${bar}${eta}${speed}${formatLogs(logs)}`;
  }

  private finalLine(logs: Logs): string {
    const elapsedMs = this.now() - this.epochStart;
    const bar = this.live && this.knownSteps !== null ? ` ${formatBar(this.steps, this.knownSteps)}` : '';
    return `${this.counter()}${bar} - ${Math.round(elapsedMs / 1000)}s ${formatPerStep(elapsedMs / Math.max(this.steps, 1))}${formatLogs(logs)}`;
  }

  /** Long log lists are cut at the terminal's width rather than wrapping and breaking the redraw. */
  private fitWidth(text: string): string {
    const width = this.stream.columns;
    // A terminal that reports no width (0, as some pseudo-terminals do) gets the whole line.
    return width && text.length > width - 1 ? text.slice(0, width - 1) : text;
  }
}
