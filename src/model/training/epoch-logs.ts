/**
 * Accumulating an epoch's loss and metrics into the logs callbacks and History see.
 * @module
 */
import type { CompiledModel } from '../compile.js';
import type { Logs } from '../callbacks/callback.js';

/** A mean weighted by batch size, so a short last batch counts for what it holds. */
class RunningMean {
  private total = 0;
  private count = 0;
  add(value: number, weight: number): void {
    this.total += value * weight;
    this.count += weight;
  }
  get value(): number {
    return this.count > 0 ? this.total / this.count : NaN;
  }
  get empty(): boolean {
    return this.count === 0;
  }
}

/**
 * The loss (and, for several outputs, each output's loss) averaged over the batches seen since
 * {@link reset}, plus every metric's result. Log keys follow Keras: `loss`, `accuracy`; with several
 * outputs `<output>_loss` and `<output>_<metric>`.
 */
export class EpochLogs {
  private loss = new RunningMean();
  private perOutput: RunningMean[] = [];

  constructor(private readonly compiled: CompiledModel) {
    this.reset();
  }

  /** Starts a new epoch: clears the means and resets every metric. */
  reset(): void {
    this.loss = new RunningMean();
    this.perOutput = this.compiled.outputs.map(() => new RunningMean());
    for (const out of this.compiled.outputs) for (const m of out.metrics) m.reset();
  }

  /** Adds one batch's total loss and per-output losses (metrics are updated by the step itself). */
  record(loss: number, outputLosses: readonly number[], size: number): void {
    this.loss.add(loss, size);
    outputLosses.forEach((l, i) => this.perOutput[i]!.add(l, size));
  }

  /** True before any batch was recorded. */
  get empty(): boolean {
    return this.loss.empty;
  }

  /** The logs so far, keys prefixed with `prefix` (`val_` for validation). */
  logs(prefix = ''): Logs {
    const logs: Logs = { [`${prefix}loss`]: this.loss.value };
    const several = this.compiled.outputs.length > 1;
    this.compiled.outputs.forEach((out, i) => {
      if (several) logs[`${prefix}${out.name}_loss`] = this.perOutput[i]!.value;
      for (const m of out.metrics) logs[`${prefix}${several ? `${out.name}_` : ''}${m.name}`] = m.result();
    });
    return logs;
  }
}
