/**
 * Logging epoch results to a CSV file.
 * @module
 */
import { existsSync, mkdirSync, readFileSync, statSync } from '../../host/node-fs.js';
import { dirname } from '../../host/node-path.js';
import { appendLineAtomic, writeFileAtomicSync } from '../../io/atomic-write.js';
import { Callback, type Logs } from './callback.js';

/** Options of {@link CSVLogger}. */
export interface CSVLoggerOptions {
  /** Column separator (default `,`). */
  separator?: string;
  /** Append to an existing file instead of starting it over (default false). */
  append?: boolean;
}

/**
 * Writes one CSV row per epoch (`epoch` then the log keys of the first epoch, sorted). Each row is
 * appended in a single write, so the file never holds a partial row.
 *
 * @example new CSVLogger('runs/mnist/log.csv')
 */
export class CSVLogger extends Callback {
  private keys: string[] | null = null;
  private readonly separator: string;
  private readonly append: boolean;

  constructor(
    readonly filename: string,
    options: CSVLoggerOptions = {},
  ) {
    super();
    this.separator = options.separator ?? ',';
    this.append = options.append ?? false;
  }

  override onTrainBegin(): void {
    mkdirSync(dirname(this.filename), { recursive: true });
    this.keys = null;
    const hasRows = existsSync(this.filename) && statSync(this.filename).size > 0;
    if (!this.append || !hasRows) writeFileAtomicSync(this.filename, '');
    else this.keys = readHeader(this.filename, this.separator);
  }

  override onEpochEnd(epoch: number, logs: Logs): void {
    if (this.keys === null) {
      this.keys = Object.keys(logs).sort();
      appendLineAtomic(this.filename, ['epoch', ...this.keys].join(this.separator));
    }
    const cells = this.keys.map((k) => (logs[k] === undefined ? '' : String(logs[k])));
    appendLineAtomic(this.filename, [String(epoch), ...cells].join(this.separator));
  }
}

/** Column names of an existing log, to keep appending in the same order. */
function readHeader(path: string, separator: string): string[] {
  const first = readFileSync(path, 'utf8').split('\n', 1)[0] ?? '';
  return first.split(separator).slice(1);
}
