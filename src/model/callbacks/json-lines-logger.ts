/**
 * Logging epoch results as JSON lines.
 * @module
 */
import { mkdirSync } from '../../host/node-fs.js';
import { dirname } from '../../host/node-path.js';
import { appendLineAtomic, writeFileAtomicSync } from '../../io/atomic-write.js';
import { Callback, type Logs } from './callback.js';

/**
 * Appends one JSON object per epoch (`{"epoch":0,"loss":0.31,...}`) to a `.jsonl` file, each in a
 * single write so the file never holds a partial line. Non-finite values are written as null.
 *
 * @example new JsonLinesLogger('runs/mnist/log.jsonl')
 */
export class JsonLinesLogger extends Callback {
  constructor(
    readonly filename: string,
    private readonly options: { append?: boolean } = {},
  ) {
    super();
  }

  override onTrainBegin(): void {
    mkdirSync(dirname(this.filename), { recursive: true });
    if (!this.options.append) writeFileAtomicSync(this.filename, '');
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    appendLineAtomic(this.filename, JSON.stringify({ epoch, ...logs }));
  }
}
