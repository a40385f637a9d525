/**
 * What a studio job is: a plan (CLI steps to run one after the other into one run folder), its
 * state, and the events the page sees while it runs.
 * @module
 */

/** The kinds of training a job can run. */
export type JobKind = 'classify' | 'gan' | 'text' | 'style';

/** One `atelier` CLI invocation of a plan. */
export interface JobStep {
  /** What the page shows while the step runs (`exporting MNIST digits`). */
  readonly label: string;
  /** Arguments after `atelier` (`['classify', 'train', ...]`). */
  readonly argv: readonly string[];
  /** Checked when the step is due: true skips it (a data set another job already wrote). */
  readonly skipWhen?: () => boolean;
}

/** A validated job: what to run and where its results go. */
export interface JobPlan {
  /** What is trained. */
  readonly kind: JobKind;
  /** The run folder's name under the runs root. */
  readonly runName: string;
  /** The run folder's absolute path. */
  readonly runDir: string;
  /** One line for the page: `classifier on mnist (2,000 digits), 3 epochs`. */
  readonly title: string;
  /** The CLI invocations, run one after the other; the first that fails fails the job. */
  readonly steps: readonly JobStep[];
}

/** Where a job is in its life. */
export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** States a job never leaves. */
export const FINAL_STATES: readonly JobState[] = ['succeeded', 'failed', 'cancelled'];

/** An event of a job, as sent to the page (server-sent events carry `type` as the event name). */
export type JobEvent =
  | { readonly type: 'state'; readonly state: JobState; readonly error?: string; readonly position?: number }
  | { readonly type: 'step'; readonly index: number; readonly count: number; readonly label: string; readonly skipped: boolean }
  | { readonly type: 'log'; readonly stream: 'stdout' | 'stderr'; readonly line: string }
  | { readonly type: 'file'; readonly name: string; readonly size: number; readonly modified: number };

/** A job as the API lists it. */
export interface JobSummary {
  /** `job-1`, `job-2`, ... in submission order. */
  readonly id: string;
  /** What is trained. */
  readonly kind: JobKind;
  /** The run folder's name under the runs root. */
  readonly runName: string;
  /** One line for the page (the plan's title). */
  readonly title: string;
  /** Where the job is in its life. */
  readonly state: JobState;
  /** 1 for the next queued job, 2 for the one after; absent unless queued. */
  readonly position?: number;
  /** Why the job failed (the CLI's `atelier: ...` message), when it did. */
  readonly error?: string;
  /** Milliseconds since the epoch. */
  readonly created: number;
  /** When it started running (ms since the epoch). */
  readonly started?: number;
  /** When it reached its final state (ms since the epoch). */
  readonly ended?: number;
  /** The last progress line the job printed. */
  readonly lastLine?: string;
}
