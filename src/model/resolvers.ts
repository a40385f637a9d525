/**
 * Turning compile identifiers (names, saved configs, instances) into losses, metrics and
 * optimizers.
 * @module
 */
import { ArgumentError } from '../errors.js';
import type { Loss } from '../nn/losses/loss.js';
import type { Metric } from '../nn/metrics/metric.js';
import type { LossIdentifier, MetricIdentifier, OptimizerConfig, TrainingOptimizer } from './compile.js';

/** A saved loss: its name and constructor options. */
export interface LossConfig {
  className: string;
  config?: Record<string, unknown>;
}

function describe(x: unknown): string {
  return x === null ? 'null' : typeof x === 'object' ? `an object with keys [${Object.keys(x as object).join(',')}]` : `${typeof x} ${String(x)}`;
}

/** Resolves a loss identifier. */
export function resolveLoss(id: LossIdentifier): Loss {
  if (typeof id === 'object' && id !== null && typeof (id as Loss).perSample === 'function') return id as Loss;
  throw new ArgumentError(`compile: loss ${describe(id)} cannot be resolved: pass a Loss instance`);
}

/** The saved form of a loss. */
export function serializeLoss(loss: Loss): LossConfig {
  return { className: loss.name, config: loss.getConfig() };
}

/** Resolves a metric identifier for an output trained with the loss named `lossName`. */
export function resolveMetric(id: MetricIdentifier, _lossName: string): Metric {
  if (typeof id === 'object' && id !== null && typeof (id as Metric).update === 'function') return id as Metric;
  throw new ArgumentError(`compile: metric ${describe(id)} cannot be resolved: pass a Metric instance`);
}

/** Resolves an optimizer identifier. */
export function resolveOptimizer(id: string | TrainingOptimizer | OptimizerConfig): TrainingOptimizer {
  if (typeof id === 'object' && id !== null && typeof (id as TrainingOptimizer).applyGradients === 'function') return id as TrainingOptimizer;
  throw new ArgumentError(`compile: optimizer ${describe(id)} cannot be resolved: pass an optimizer instance`);
}
