/**
 * Which run a request is for: `?model=<run name>`, or, when it is left out, the only served run of
 * the kind the route needs.
 * @module
 */
import { ApiError } from '../errors.js';
import type { RunInfo, RunKind } from '../runs/run-index.js';
import type { RunSource } from '../runs/run-source.js';

/**
 * The run named `name` (404 when none is, 400 when it is of another kind than `kind`), or without a
 * name the only run of `kind` (404 when none is served, 400 naming them when there are several).
 * @param route the route, for messages (`/predict`).
 */
export async function pickRun(runs: RunSource, name: string | undefined, kind: RunKind, route: string): Promise<RunInfo> {
  if (name !== undefined) {
    const run = await runs.find(name);
    if (!run) throw new ApiError(404, 'unknown_model', `no run named '${name}' is served; GET /models lists them`);
    if (run.kind !== kind) {
      throw new ApiError(400, 'wrong_model_kind', `run '${name}' is ${run.kind === 'unknown' ? 'not a run atelier can serve (yet)' : `a ${run.kind} run`}; ${route} needs a ${kind} run`);
    }
    return run;
  }
  const candidates = (await runs.list()).filter((r) => r.kind === kind);
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) throw new ApiError(404, 'no_model', `no ${kind} run is served, so ${route} has nothing to answer with`);
  throw new ApiError(400, 'model_required', `${candidates.length} ${kind} runs are served (${candidates.map((r) => r.name).join(', ')}); pick one with ?model=<name>`);
}
