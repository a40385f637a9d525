/**
 * What "the studio on the built-in data" means on a first start: when the runs folder holds no
 * classifier, a job trains one on the MNIST digits shipped with the package, so the Draw and
 * Classify pages have a model a minute or two later. The URL is printed first; the job runs beside.
 * @module
 */
import { listRuns } from '../runs/run-index.js';
import type { JobSummary } from './jobs/job.js';
import type { StudioServer } from './create-studio-server.js';

/** The run the starter job writes. */
export const STARTER_RUN = 'mnist-digits';

/** The starter job's form: 10,000 digits, 3 epochs of the default classifier at 28×28, grey. */
export const STARTER_FORM = { kind: 'classify', run: STARTER_RUN, data: 'mnist', digits: 10000, epochs: 3 } as const;

/** Queues the starter job unless the runs folder already has a classifier (or the starter run); returns it, or null. */
export function startStarterJob(studio: StudioServer, form: Readonly<Record<string, unknown>> = STARTER_FORM): JobSummary | null {
  const runs = listRuns(studio.runsDir);
  if (runs.some((r) => r.kind === 'classify' || r.name === form.run)) return null;
  return studio.submitJob(form);
}
