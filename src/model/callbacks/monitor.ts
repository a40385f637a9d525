/**
 * Watching one logged quantity for improvement: shared by EarlyStopping, ReduceLROnPlateau and
 * ModelCheckpoint.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import type { Logs } from './callback.js';

/** Whether a monitored value should go down (`min`), up (`max`), or be guessed from its name (`auto`). */
export type MonitorMode = 'auto' | 'min' | 'max';

/**
 * The direction for `monitor`: in `auto` mode, accuracy-like names (`accuracy`, `val_acc`, `auc`,
 * `precision`, `recall`...) go up, everything else (losses, errors) goes down.
 */
export function resolveMode(mode: MonitorMode, monitor: string, owner: string): 'min' | 'max' {
  if (mode === 'min' || mode === 'max') return mode;
  if (mode !== 'auto') throw new ArgumentError(`${owner}: mode must be 'auto', 'min' or 'max', got '${String(mode)}'`);
  return /acc|auc|precision|recall|f1|iou/i.test(monitor) && !/loss|error/i.test(monitor) ? 'max' : 'min';
}

/** True when `current` beats `reference` by more than `minDelta` in direction `mode`. */
export function isImprovement(current: number, reference: number, mode: 'min' | 'max', minDelta: number): boolean {
  return mode === 'min' ? current < reference - minDelta : current > reference + minDelta;
}

/** The worst possible value in direction `mode` (anything improves on it). */
export function worstValue(mode: 'min' | 'max'): number {
  return mode === 'min' ? Infinity : -Infinity;
}

/** The monitored value from `logs`; throws naming the available keys when it is absent. */
export function readMonitor(logs: Logs, monitor: string, owner: string): number {
  const value = logs[monitor];
  if (value === undefined) {
    const hint = monitor.startsWith('val_') ? ' (validation values need validationData or validationSplit in fit)' : '';
    throw new ArgumentError(`${owner}: monitored '${monitor}' is not in the logs${hint}; available: ${Object.keys(logs).join(', ') || 'none'}`);
  }
  return value;
}
