/**
 * Live state from the server's event streams: the job list (`/api/events`) and one job's events
 * (`/api/jobs/:id/events`). Both are hooks, so a page re-renders when something happens.
 * @module
 */
import { useEffect, useState } from 'preact/hooks';
import type { JobEvent, JobSummary } from './api.js';

type JobEventMessage = { jobId: string; job: JobSummary; event: JobEvent };

/** Listeners to every job event, for pages that react to files being written (the Runs page). */
const jobEventListeners = new Set<(message: JobEventMessage) => void>();
let sharedSource: EventSource | null = null;
let latestJobs: JobSummary[] = [];
const jobListListeners = new Set<(jobs: JobSummary[]) => void>();

function connect(): void {
  if (sharedSource) return;
  sharedSource = new EventSource('/api/events');
  sharedSource.addEventListener('jobs', (e) => {
    latestJobs = JSON.parse((e as MessageEvent<string>).data) as JobSummary[];
    jobListListeners.forEach((l) => l(latestJobs));
  });
  sharedSource.addEventListener('job-event', (e) => {
    const message = JSON.parse((e as MessageEvent<string>).data) as JobEventMessage;
    const others = latestJobs.filter((j) => j.id !== message.jobId);
    latestJobs = [message.job, ...others].sort((a, b) => b.created - a.created);
    jobListListeners.forEach((l) => l(latestJobs));
    jobEventListeners.forEach((l) => l(message));
  });
}

/** Every job, newest first, kept up to date. */
export function useJobs(): JobSummary[] {
  const [jobs, setJobs] = useState(latestJobs);
  useEffect(() => {
    connect();
    jobListListeners.add(setJobs);
    setJobs(latestJobs);
    return () => void jobListListeners.delete(setJobs);
  }, []);
  return jobs;
}

/** Calls `listener` with every job event but log lines (state changes, steps, files written). */
export function useJobEvents(listener: (message: JobEventMessage) => void, deps: unknown[]): void {
  useEffect(() => {
    connect();
    jobEventListeners.add(listener);
    return () => void jobEventListeners.delete(listener);
  }, deps);
}

/** One job's state as its event stream tells it. */
export interface JobView {
  readonly job: JobSummary | null;
  readonly state: JobSummary['state'] | null;
  readonly error: string | null;
  readonly position: number | null;
  readonly step: string | null;
  readonly lines: readonly string[];
  /** Newest modification time of each file the job wrote, by name. */
  readonly files: Readonly<Record<string, number>>;
}

const EMPTY: JobView = { job: null, state: null, error: null, position: null, step: null, lines: [], files: {} };

/** Follows job `id`'s events (replayed from its start); null follows nothing. */
export function useJobStream(id: string | null): JobView {
  const [view, setView] = useState<JobView>(EMPTY);
  useEffect(() => {
    setView(EMPTY);
    if (!id) return;
    const source = new EventSource(`/api/jobs/${encodeURIComponent(id)}/events`);
    const on = (type: string, update: (v: JobView, data: never) => JobView) =>
      source.addEventListener(type, (e) => setView((v) => update(v, JSON.parse((e as MessageEvent<string>).data) as never)));
    on('job', (v, job: JobSummary) => ({ ...v, job, state: job.state }));
    on('state', (v, e: Extract<JobEvent, { type: 'state' }>) => {
      if (e.state === 'succeeded' || e.state === 'failed' || e.state === 'cancelled') source.close();
      return { ...v, state: e.state, error: e.error ?? v.error, position: e.position ?? null };
    });
    on('step', (v, e: Extract<JobEvent, { type: 'step' }>) => ({ ...v, step: `step ${e.index + 1}/${e.count}: ${e.label}${e.skipped ? ' (already done, skipped)' : ''}` }));
    on('log', (v, e: Extract<JobEvent, { type: 'log' }>) => ({ ...v, lines: [...v.lines.slice(-199), e.line] }));
    on('file', (v, e: Extract<JobEvent, { type: 'file' }>) => ({ ...v, files: { ...v.files, [e.name]: e.modified } }));
    return () => source.close();
  }, [id]);
  return view;
}
