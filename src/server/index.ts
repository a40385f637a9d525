/**
 * The HTTP layer: the JSON API over run folders (`registerApiRoutes`), the `atelier serve` server,
 * the run index and the dynamic batcher (docs/serve.md); the studio app and its job queue (docs/studio.md).
 * @module
 */
export { registerApiRoutes, API_ROUTES, sendApiError } from './api/register.js';
export { resolveLimits, type ApiOptions, type ApiLimits, type ResolvedLimits } from './api/options.js';
export { openApiDocument, API_VERSION } from './api/openapi.js';
export { tokenCheck } from './api/auth.js';
export { createServeApp, startServer, checkBinding, type ServeOptions } from './serve-app.js';
export { ApiError, toApiError, type ApiErrorBody } from './errors.js';
export { listRuns, describeRun, resolveRunPath, type RunInfo, type RunKind, type RunSummary } from './runs/run-index.js';
export { fixedRuns, runsFolder, type RunSource } from './runs/run-source.js';
export { ModelCache, type ServedClassifier, type ServedGan } from './runs/model-cache.js';
export { DynamicBatcher, QueueFullError, type BatcherOptions } from './batching/batcher.js';
export { type RouteSpec, type ApiContext, type ObjectSchema, type ResponseSpec } from './api/route-spec.js';
export { createStudioServer, type StudioOptions, type StudioServer } from './studio/create-studio-server.js';
export { JobQueue, JobConflictError, JobNotFoundError, type JobQueueOptions, type JobExecutor, type JobContext, type JobListener } from './studio/jobs/job-queue.js';
export { cliExecutor, type CliExecutorOptions } from './studio/jobs/cli-runner.js';
export { FINAL_STATES, type JobPlan, type JobStep, type JobKind, type JobState, type JobEvent, type JobSummary } from './studio/jobs/job.js';
