/**
 * The check every resumable art task makes: a resumed run keeps the settings it was started with.
 * @module
 */
import { ArgumentError } from '../errors.js';

/** A setting a resumed run must keep: its name, what the caller asked for (undefined: nothing) and what the run was trained with. */
export type ResumeSetting = readonly [name: string, asked: string | number | boolean | undefined, saved: string | number | boolean | undefined];

/**
 * Refuses a resume that asks for a setting other than the run's, naming the setting and both values
 * (`trainGan: cannot resume runs/x with batchSize 32: the run was trained with 64`).
 */
export function checkResumeSettings(op: string, runDir: string, settings: readonly ResumeSetting[]): void {
  for (const [name, asked, saved] of settings) {
    if (asked !== undefined && asked !== saved) throw new ArgumentError(`${op}: cannot resume ${runDir} with ${name} ${String(asked)}: the run was trained with ${String(saved)}`);
  }
}
