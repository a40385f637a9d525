/**
 * Learning-rate schedules: functions of the optimizer's step count that carry a config for saving.
 * @module
 */
import { ArgumentError } from '../../errors.js';

/**
 * A learning rate as a function of the step (the optimizer's `iterations` before the update, from 0),
 * with a serialisable description. Build one with {@link piecewiseConstantDecay}, {@link stepDecay},
 * {@link exponentialDecay}, {@link cosineDecay} or {@link warmup}; restore a saved one with {@link getSchedule}.
 */
export interface LearningRateSchedule {
  (step: number): number;
  /** Registered name, e.g. `ExponentialDecay`. */
  readonly className: string;
  /** Options that recreate the schedule with {@link getSchedule}. */
  getConfig(): Record<string, unknown>;
}

/** A saved schedule. */
export interface ScheduleConfig {
  className: string;
  config: Record<string, unknown>;
}

function makeSchedule(className: string, config: Record<string, unknown>, fn: (step: number) => number): LearningRateSchedule {
  const schedule = (step: number): number => fn(step);
  return Object.assign(schedule, { className, getConfig: () => ({ ...config }) });
}

function positive(op: string, name: string, v: number): number {
  if (!(v > 0) || !Number.isFinite(v)) throw new ArgumentError(`${op}: ${name} must be a positive number, got ${v}`);
  return v;
}

function nonNegative(op: string, name: string, v: number): number {
  if (!(v >= 0) || !Number.isFinite(v)) throw new ArgumentError(`${op}: ${name} must be a non-negative number, got ${v}`);
  return v;
}

/**
 * Constant pieces: `values[0]` while `step <= boundaries[0]`, `values[i]` while
 * `boundaries[i-1] < step <= boundaries[i]`, and the last value after the last boundary (as Keras'
 * `PiecewiseConstantDecay`). Needs one more value than boundaries.
 * @example piecewiseConstantDecay({ boundaries: [1000, 2000], values: [0.1, 0.01, 0.001] })
 */
export function piecewiseConstantDecay(options: { boundaries: readonly number[]; values: readonly number[] }): LearningRateSchedule {
  const op = 'piecewiseConstantDecay';
  const boundaries = [...options.boundaries];
  const values = [...options.values];
  if (values.length !== boundaries.length + 1) {
    throw new ArgumentError(`${op}: values must hold one more entry than boundaries, got ${values.length} values for ${boundaries.length} boundaries`);
  }
  if (boundaries.some((b, i) => i > 0 && !(b > boundaries[i - 1]!))) throw new ArgumentError(`${op}: boundaries must increase, got [${boundaries.join(',')}]`);
  values.forEach((v) => nonNegative(op, 'values', v));
  return makeSchedule('PiecewiseConstantDecay', { boundaries, values }, (step) => {
    const piece = boundaries.findIndex((b) => step <= b);
    return values[piece === -1 ? boundaries.length : piece]!;
  });
}

/**
 * Multiplies the rate by `factor` every `stepSize` steps: `initialLearningRate · factor^floor(step / stepSize)`
 * (PyTorch's `StepLR`, counted in optimizer steps).
 * @example stepDecay({ initialLearningRate: 0.1, stepSize: 30, factor: 0.1 })
 */
export function stepDecay(options: { initialLearningRate: number; stepSize: number; factor?: number }): LearningRateSchedule {
  const op = 'stepDecay';
  const initial = nonNegative(op, 'initialLearningRate', options.initialLearningRate);
  const stepSize = positive(op, 'stepSize', options.stepSize);
  const factor = nonNegative(op, 'factor', options.factor ?? 0.5);
  return makeSchedule('StepDecay', { initialLearningRate: initial, stepSize, factor }, (step) => initial * factor ** Math.floor(step / stepSize));
}

/**
 * `initialLearningRate · decayRate^(step / decaySteps)`, with the exponent floored when `staircase`
 * (Keras' `ExponentialDecay`).
 * @example exponentialDecay({ initialLearningRate: 0.01, decaySteps: 1000, decayRate: 0.96, staircase: true })
 */
export function exponentialDecay(options: { initialLearningRate: number; decaySteps: number; decayRate: number; staircase?: boolean }): LearningRateSchedule {
  const op = 'exponentialDecay';
  const initial = nonNegative(op, 'initialLearningRate', options.initialLearningRate);
  const decaySteps = positive(op, 'decaySteps', options.decaySteps);
  const decayRate = nonNegative(op, 'decayRate', options.decayRate);
  const staircase = options.staircase ?? false;
  return makeSchedule('ExponentialDecay', { initialLearningRate: initial, decaySteps, decayRate, staircase }, (step) => {
    const p = step / decaySteps;
    return initial * decayRate ** (staircase ? Math.floor(p) : p);
  });
}

/**
 * Half a cosine from `initialLearningRate` down to `alpha · initialLearningRate` over `decaySteps`,
 * then constant (Keras' `CosineDecay` without warmup; wrap it in {@link warmup} for one).
 * @example cosineDecay({ initialLearningRate: 1e-3, decaySteps: 10_000, alpha: 0.01 })
 */
export function cosineDecay(options: { initialLearningRate: number; decaySteps: number; alpha?: number }): LearningRateSchedule {
  const op = 'cosineDecay';
  const initial = nonNegative(op, 'initialLearningRate', options.initialLearningRate);
  const decaySteps = positive(op, 'decaySteps', options.decaySteps);
  const alpha = nonNegative(op, 'alpha', options.alpha ?? 0);
  return makeSchedule('CosineDecay', { initialLearningRate: initial, decaySteps, alpha }, (step) => {
    const progress = Math.min(step, decaySteps) / decaySteps;
    const cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
    return initial * ((1 - alpha) * cosine + alpha);
  });
}

/**
 * Linear warmup in front of `schedule`: the rate rises from `startValue` (default 0) at step 0 to
 * `schedule(0)` at step `warmupSteps`; after that it is `schedule(step − warmupSteps)`, so the
 * wrapped decay starts when warmup ends.
 * @example warmup(cosineDecay({ initialLearningRate: 3e-4, decaySteps: 9000 }), 1000)
 */
export function warmup(schedule: LearningRateSchedule, warmupSteps: number, options: { startValue?: number } = {}): LearningRateSchedule {
  const op = 'warmup';
  if (typeof schedule !== 'function' || typeof schedule.getConfig !== 'function') {
    throw new ArgumentError(`${op}: schedule must be a LearningRateSchedule (e.g. cosineDecay({...})), got ${typeof schedule}`);
  }
  if (!Number.isInteger(warmupSteps) || warmupSteps < 0) throw new ArgumentError(`${op}: warmupSteps must be a non-negative integer, got ${warmupSteps}`);
  const startValue = nonNegative(op, 'startValue', options.startValue ?? 0);
  const config = { schedule: serializeSchedule(schedule), warmupSteps, startValue };
  return makeSchedule('Warmup', config, (step) => {
    if (step >= warmupSteps) return schedule(step - warmupSteps);
    const target = schedule(0);
    return startValue + (target - startValue) * (step / warmupSteps);
  });
}

/** The saved form `{ className, config }` of a schedule. */
export function serializeSchedule(schedule: LearningRateSchedule): ScheduleConfig {
  return { className: schedule.className, config: schedule.getConfig() };
}

/** Recreates a schedule saved with {@link serializeSchedule}. */
export function getSchedule(saved: ScheduleConfig): LearningRateSchedule {
  // Each factory validates its own options, so a malformed config fails there with a named error.
  const c = (saved.config ?? {}) as never;
  const w = (saved.config ?? {}) as { schedule: ScheduleConfig; warmupSteps: number; startValue?: number };
  switch (saved.className) {
    case 'PiecewiseConstantDecay': return piecewiseConstantDecay(c);
    case 'StepDecay': return stepDecay(c);
    case 'ExponentialDecay': return exponentialDecay(c);
    case 'CosineDecay': return cosineDecay(c);
    case 'Warmup': return warmup(getSchedule(w.schedule), w.warmupSteps, w.startValue === undefined ? {} : { startValue: w.startValue });
    default:
      throw new ArgumentError(`getSchedule: unknown schedule '${String(saved.className)}'; known: PiecewiseConstantDecay, StepDecay, ExponentialDecay, CosineDecay, Warmup`);
  }
}

/** True when `x` is a {@link LearningRateSchedule} (a function with a config), not a bare function. */
export function isSchedule(x: unknown): x is LearningRateSchedule {
  return typeof x === 'function' && typeof (x as Partial<LearningRateSchedule>).getConfig === 'function' && typeof (x as Partial<LearningRateSchedule>).className === 'string';
}
