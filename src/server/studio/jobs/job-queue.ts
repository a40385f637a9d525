/**
 * The studio's job queue: jobs run in submission order, at most `concurrency` at a time (one per
 * CPU budget: a training job already uses every core), the others wait and know their place.
 * Every event of a job is kept (up to a bound), so a page that connects late replays it.
 * @module
 */
import { ArgumentError } from '../../../errors.js';
import { FINAL_STATES, type JobEvent, type JobPlan, type JobState, type JobSummary } from './job.js';

/** Runs one plan; rejects when it fails. `signal` aborts on cancel: stop, then settle. */
export type JobExecutor = (plan: JobPlan, context: JobContext) => Promise<void>;

/** What an executor gets besides its plan. */
export interface JobContext {
  /** Aborts when the job is cancelled: stop, then settle. */
  readonly signal: AbortSignal;
  /** Reports an event of the job (a log line, a file written). */
  readonly emit: (event: JobEvent) => void;
}

/** Options of {@link JobQueue}. */
export interface JobQueueOptions {
  /** Runs each job's plan. */
  execute: JobExecutor;
  /** Jobs running at once (default 1). */
  concurrency?: number;
  /** Events kept per job for late subscribers (default 2,000; the oldest log lines go first). */
  maxEvents?: number;
}

/** Called with every event of the jobs subscribed to. */
export type JobListener = (jobId: string, event: JobEvent) => void;

/** A job that an unknown id named, or a job that cannot be submitted: the API answers 404 / 409. */
export class JobNotFoundError extends ArgumentError {}
/** A second job for a run folder that an active job writes. */
export class JobConflictError extends ArgumentError {}

interface JobRecord {
  summary: { -readonly [K in keyof JobSummary]: JobSummary[K] };
  readonly plan: JobPlan;
  readonly events: JobEvent[];
  controller: AbortController | null;
  /** Settles when the job reaches a final state. */
  readonly finished: Promise<void>;
  markFinished(): void;
}

/** See the module comment. */
export class JobQueue {
  private readonly jobs = new Map<string, JobRecord>();
  private readonly waiting: JobRecord[] = [];
  private readonly listeners = new Set<{ jobId: string | null; listener: JobListener }>();
  private readonly execute: JobExecutor;
  private readonly concurrency: number;
  private readonly maxEvents: number;
  private running = 0;
  private nextId = 1;

  constructor(options: JobQueueOptions) {
    this.execute = options.execute;
    this.concurrency = options.concurrency ?? 1;
    this.maxEvents = options.maxEvents ?? 2000;
    if (!(Number.isInteger(this.concurrency) && this.concurrency >= 1)) throw new ArgumentError(`JobQueue: concurrency must be a positive integer, got ${options.concurrency}`);
  }

  /** Queues `plan`; it starts at once when a slot is free. Refuses a run folder that an active job writes. */
  submit(plan: JobPlan): JobSummary {
    const busy = [...this.jobs.values()].find((j) => j.plan.runDir === plan.runDir && !FINAL_STATES.includes(j.summary.state));
    if (busy) throw new JobConflictError(`job ${busy.summary.id} (${busy.summary.state}) is already writing run '${plan.runName}'; wait for it or cancel it`);
    const id = `job-${this.nextId++}`;
    let markFinished = (): void => {};
    const finished = new Promise<void>((resolve) => (markFinished = resolve));
    const record: JobRecord = {
      summary: { id, kind: plan.kind, runName: plan.runName, title: plan.title, state: 'queued', created: Date.now() },
      plan,
      events: [],
      controller: null,
      finished,
      markFinished,
    };
    this.jobs.set(id, record);
    this.waiting.push(record);
    this.emit(record, { type: 'state', state: 'queued', position: this.waiting.length });
    this.startDue();
    return this.describe(record);
  }

  /** Cancels a queued job (it never starts) or a running one (its executor is aborted). */
  cancel(id: string): JobSummary {
    const record = this.record(id);
    if (record.summary.state === 'queued') {
      this.waiting.splice(this.waiting.indexOf(record), 1);
      this.finish(record, 'cancelled');
      this.announcePositions();
    } else if (record.summary.state === 'running') record.controller?.abort();
    return this.describe(record);
  }

  /** One job, as the API shows it. */
  get(id: string): JobSummary {
    return this.describe(this.record(id));
  }

  /** Every job, newest first. */
  list(): JobSummary[] {
    return [...this.jobs.values()].reverse().map((r) => this.describe(r));
  }

  /** The events of job `id` so far (what a late subscriber replays). */
  events(id: string): readonly JobEvent[] {
    return [...this.record(id).events];
  }

  /** Listens to job `jobId`'s events, or every job's with `null`; returns the unsubscribe function. */
  subscribe(jobId: string | null, listener: JobListener): () => void {
    if (jobId !== null) this.record(jobId);
    const entry = { jobId, listener };
    this.listeners.add(entry);
    return () => void this.listeners.delete(entry);
  }

  /** Resolves when job `id` has reached a final state. */
  async settled(id: string): Promise<JobSummary> {
    const record = this.record(id);
    await record.finished;
    return this.describe(record);
  }

  /** Cancels every job and waits for the running ones to stop. */
  async close(): Promise<void> {
    for (const record of [...this.waiting]) this.cancel(record.summary.id);
    const active = [...this.jobs.values()].filter((r) => r.summary.state === 'running');
    for (const record of active) record.controller?.abort();
    await Promise.all(active.map((r) => r.finished));
  }

  private record(id: string): JobRecord {
    const record = this.jobs.get(id);
    if (!record) throw new JobNotFoundError(`no job '${id}'`);
    return record;
  }

  private describe(record: JobRecord): JobSummary {
    const position = record.summary.state === 'queued' ? this.waiting.indexOf(record) + 1 : undefined;
    return { ...record.summary, ...(position ? { position } : {}) };
  }

  private startDue(): void {
    while (this.running < this.concurrency && this.waiting.length > 0) {
      void this.run(this.waiting.shift()!);
    }
    this.announcePositions();
  }

  private async run(record: JobRecord): Promise<void> {
    this.running++;
    const controller = new AbortController();
    record.controller = controller;
    record.summary.state = 'running';
    record.summary.started = Date.now();
    this.emit(record, { type: 'state', state: 'running' });
    try {
      await this.execute(record.plan, { signal: controller.signal, emit: (event) => this.emit(record, event) });
      this.finish(record, controller.signal.aborted ? 'cancelled' : 'succeeded');
    } catch (error) {
      if (controller.signal.aborted) this.finish(record, 'cancelled');
      else this.finish(record, 'failed', error instanceof Error ? error.message : String(error));
    } finally {
      record.controller = null;
      this.running--;
      this.startDue();
    }
  }

  private finish(record: JobRecord, state: JobState, error?: string): void {
    record.summary.state = state;
    record.summary.ended = Date.now();
    if (error !== undefined) record.summary.error = error;
    this.emit(record, { type: 'state', state, ...(error === undefined ? {} : { error }) });
    record.markFinished();
  }

  private announcePositions(): void {
    this.waiting.forEach((record, i) => {
      const last = [...record.events].reverse().find((e) => e.type === 'state');
      if (last?.type === 'state' && last.position !== i + 1) this.emit(record, { type: 'state', state: 'queued', position: i + 1 });
    });
  }

  private emit(record: JobRecord, event: JobEvent): void {
    if (event.type === 'log') record.summary.lastLine = event.line;
    record.events.push(event);
    if (record.events.length > this.maxEvents) {
      // Drop the oldest log line; state, step and file events are few and the page needs them.
      const oldestLog = record.events.findIndex((e) => e.type === 'log');
      record.events.splice(oldestLog >= 0 ? oldestLog : 0, 1);
    }
    for (const { jobId, listener } of this.listeners) if (jobId === null || jobId === record.summary.id) listener(record.summary.id, event);
  }
}
