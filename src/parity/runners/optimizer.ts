/**
 * Parity runner for optimizer trajectories.
 * @module
 */
import type { OptimizerCase } from '../fixture.js';
import type { CaseResult } from '../runner.js';

/** Runs `attrs.steps` optimizer steps and compares each with the trajectory. */
export function runOptimizerCase(c: OptimizerCase): CaseResult {
  const name = String(c.attrs.optimizer);
  return { name: c.name, op: c.op, ok: false, maxAbsErr: Infinity, message: `optimizer '${name}' is not supported by the engine` };
}
