/**
 * `createStudioServer`: the studio as a fastify app. The page (`dist/web/`) and the engine for the
 * Draw page's worker; the runs and jobs routes under `/api/`; and the HTTP API of `atelier serve`
 * (predict, explain, generate, sample...) mounted as it is under `/api/`.
 * @module
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ArgumentError } from '../../errors.js';
import { ApiError, toApiError } from '../errors.js';
import { registerApiRoutes } from '../api/register.js';
import { runsFolder } from '../runs/run-source.js';
import { resolveRunPath } from '../runs/run-index.js';
import { checkHostPolicy, registerAccess } from './access.js';
import { defaultDistDir, registerStaticFiles } from './static-files.js';
import { registerRunRoutes } from './runs-routes.js';
import { JobConflictError, JobNotFoundError, JobQueue, type JobExecutor } from './jobs/job-queue.js';
import { JobRequestError } from './jobs/job-request.js';
import { cliExecutor } from './jobs/cli-runner.js';
import { registerJobRoutes } from './jobs/jobs-routes.js';
import { planJob, type PlanContext } from './jobs/job-plans.js';
import type { JobSummary } from './jobs/job.js';

/** Options of {@link createStudioServer}. */
export interface StudioOptions {
  /** The runs folder (created when missing): every run in it is listed, and jobs write new ones there. */
  runsDir: string;
  /** Required when the studio will listen on a host other than a loopback address. */
  token?: string;
  /** The host it will listen on, checked against the token rule (default 127.0.0.1). */
  host?: string;
  /** Jobs run at once (default 1: a training job already uses every core). */
  concurrency?: number;
  /** How a job runs (default: each step a child process of the `atelier` CLI); tests pass their own. */
  executor?: JobExecutor;
  /** The build to serve (default: the dist/ this module belongs to). */
  distDir?: string;
  /** fastify's request log (default off). */
  logger?: boolean;
}

/** A studio app, ready to listen. */
export interface StudioServer {
  /** The fastify app (routes registered; `app.inject` works before listening). */
  readonly app: FastifyInstance;
  /** The job queue behind `/api/jobs`. */
  readonly queue: JobQueue;
  /** The absolute runs folder. */
  readonly runsDir: string;
  /** Validates a job form (as `POST /api/jobs` takes it) and queues the job. */
  submitJob(form: unknown): JobSummary;
  /** Starts listening; resolves with the URL to open. */
  listen(port: number, host?: string): Promise<string>;
  /** Cancels the jobs (their run folders keep their last checkpoint) and stops listening. */
  close(): Promise<void>;
}

/**
 * Builds the studio app over `options.runsDir`.
 * @example
 * const studio = await createStudioServer({ runsDir: 'atelier-runs' });
 * console.log(await studio.listen(4747));   // http://127.0.0.1:4747/
 */
export async function createStudioServer(options: StudioOptions): Promise<StudioServer> {
  const host = options.host ?? '127.0.0.1';
  checkHostPolicy(host, options.token);
  const runsDir = resolve(options.runsDir);
  if (existsSync(runsDir) && !statSync(runsDir).isDirectory()) throw new ArgumentError(`studio: --runs ${runsDir} is a file, expected a folder`);
  mkdirSync(runsDir, { recursive: true });
  const context: PlanContext = {
    dataDir: join(runsDir, '.studio', 'data'),
    // A new run's folder does not exist yet; the name's pattern (job-plans.ts) already keeps it a plain name.
    resolveRun: (name) => (existsSync(join(runsDir, name)) ? resolveRunPath(runsDir, name) : join(runsDir, name)),
  };
  const queue = new JobQueue({ execute: options.executor ?? cliExecutor(), concurrency: options.concurrency ?? 1 });
  const app = fastify({ logger: options.logger ?? false });
  app.setErrorHandler((error, request, reply) => sendStudioError(reply, error, request));
  app.setNotFoundHandler((request, reply) => reply.code(404).send(new ApiError(404, 'not_found', `no ${request.method} ${request.url.split('?')[0]} here`).toBody()));
  await registerAccess(app, options.token);
  await registerStaticFiles(app, options.distDir ?? defaultDistDir());
  registerRunRoutes(app, runsDir, queue);
  registerJobRoutes(app, queue, context);
  await app.register(async (api) => registerApiRoutes(api, { runs: runsFolder(runsDir) }), { prefix: '/api' });
  return {
    app,
    queue,
    runsDir,
    submitJob: (form) => queue.submit(planJob(form, context)),
    async listen(port, listenHost = host) {
      checkHostPolicy(listenHost, options.token);
      await app.listen({ port, host: listenHost });
      const address = app.server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      const shown = listenHost.includes(':') ? `[${listenHost}]` : listenHost;
      return `http://${shown}:${bound}/`;
    },
    async close() {
      await queue.close();
      await app.close();
    },
  };
}

/** The studio's own errors as the API's JSON answers (400 bad form, 404 unknown job, 409 busy run). */
function sendStudioError(reply: FastifyReply, error: unknown, request: FastifyRequest): FastifyReply {
  const mapped =
    error instanceof JobRequestError ? new ApiError(400, 'bad_job', error.message)
    : error instanceof JobNotFoundError ? new ApiError(404, 'not_found', error.message)
    : error instanceof JobConflictError ? new ApiError(409, 'run_busy', error.message)
    : (error as NodeJS.ErrnoException)?.code === 'ENOENT' ? new ApiError(404, 'not_found', 'no such file in the run')
    : toApiError(error);
  if (mapped.statusCode >= 500) request.log.error({ err: error }, mapped.message);
  return reply.code(mapped.statusCode).headers(mapped.headers).send(mapped.toBody());
}
