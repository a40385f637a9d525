/**
 * What "the studio on the built-in data" means on a first start: when the runs folder holds no
 * classifier, a job trains one on the MNIST digits shipped with the package, so the Draw and
 * Classify pages have a model a minute or two later. The URL is printed first; the job runs beside.
 * A starter run that was stopped before its first model (the studio closed mid-training) is resumed
 * from its last checkpoint at the next start, or started over when it has none.
 * @module
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { latestSnapshot } from '../../io/snapshots.js';
import { listRuns } from '../runs/run-index.js';
import type { JobSummary } from './jobs/job.js';
import type { StudioServer } from './create-studio-server.js';

/** The run the starter job writes. */
export const STARTER_RUN = 'mnist-digits';

/** The starter job's form: 10,000 digits, 3 epochs of the default classifier at 28×28, grey. */
export const STARTER_FORM = { kind: 'classify', run: STARTER_RUN, data: 'mnist', digits: 10000, epochs: 3 } as const;

/** Queues the starter job unless the runs folder already has a classifier; returns it, or null. */
export function startStarterJob(studio: StudioServer): JobSummary | null {
  if (listRuns(studio.runsDir).some((r) => r.kind === 'classify')) return null;
  const runDir = join(studio.runsDir, STARTER_RUN);
  const started = existsSync(runDir) && readdirSync(runDir).length > 0;
  const how = !started ? {} : latestSnapshot(runDir, 'checkpoint') ? { resume: true } : { overwrite: true };
  return studio.submitJob({ ...STARTER_FORM, ...how });
}
