/**
 * The job routes of the studio:
 *
 * | route | what |
 * | --- | --- |
 * | `GET /api/jobs` | every job, newest first |
 * | `POST /api/jobs` | a job form (see job-plans.ts) → 201 and the job (queued or running) |
 * | `GET /api/jobs/:id` | one job |
 * | `DELETE /api/jobs/:id` | cancels it (a queued job never starts; a running one is stopped) |
 * | `GET /api/jobs/:id/events` | server-sent events: the job's events so far, then as they come; ends after the final state |
 * | `GET /api/events` | server-sent events of every job (`{ jobId, event }`), for pages that list runs |
 * | `GET /api/paintings` | the shipped paintings a style job may name (`{ paintings: [file names] }`) |
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { openEventStream } from '../event-stream.js';
import { FINAL_STATES, type JobEvent } from './job.js';
import type { JobQueue } from './job-queue.js';
import { planJob, type PlanContext } from './job-plans.js';
import { shippedPaintings } from './shipped-paintings.js';

/** Adds the job routes to `app`. */
export function registerJobRoutes(app: FastifyInstance, queue: JobQueue, context: PlanContext): void {
  app.get('/api/jobs', async () => ({ jobs: queue.list() }));

  app.post('/api/jobs', async (request, reply) => {
    const job = queue.submit(planJob(request.body, context));
    return reply.code(201).send(job);
  });

  app.get<{ Params: { id: string } }>('/api/jobs/:id', async (request) => queue.get(request.params.id));

  app.delete<{ Params: { id: string } }>('/api/jobs/:id', async (request) => queue.cancel(request.params.id));

  app.get<{ Params: { id: string } }>('/api/jobs/:id/events', async (request, reply) => {
    const { id } = request.params;
    const past = queue.events(id);
    const stream = openEventStream(request, reply);
    const isFinal = (e: JobEvent) => e.type === 'state' && FINAL_STATES.includes(e.state);
    stream.send('job', queue.get(id));
    for (const event of past) stream.send(event.type, event);
    if (past.some(isFinal)) return stream.end();
    const unsubscribe = queue.subscribe(id, (_jobId, event) => {
      stream.send(event.type, event);
      if (isFinal(event)) stream.end();
    });
    stream.onClose(unsubscribe);
  });

  app.get('/api/paintings', async () => ({ paintings: shippedPaintings() }));

  app.get('/api/events', async (request, reply) => {
    const stream = openEventStream(request, reply);
    stream.send('jobs', queue.list());
    const unsubscribe = queue.subscribe(null, (jobId, event) => {
      // Log lines are many and only the job's own page shows them; the runs page needs the rest.
      if (event.type !== 'log') stream.send('job-event', { jobId, job: queue.get(jobId), event });
    });
    stream.onClose(unsubscribe);
  });
}
