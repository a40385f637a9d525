/**
 * The runs routes of the studio, over the runs folder:
 *
 * | route | what |
 * | --- | --- |
 * | `GET /api/runs` | every run folder (kind, date, data, summary), and the job writing it if any |
 * | `GET /api/runs/:name` | one run: its files, history.json, samples.txt, the model snapshot a browser can load |
 * | `GET /api/runs/:name/files/*` | a file of the run (curves, sample grids, a snapshot's model.json) |
 *
 * Names and paths from requests go through `resolveRunPath`, so none leads out of the runs folder
 * (`..`, separators, absolute paths and symbolic links out are refused).
 * @module
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { describeRun, listRuns, resolveRunPath, type RunInfo } from '../runs/run-index.js';
import { latestSnapshot } from '../../io/snapshots.js';
import type { JobQueue } from './jobs/job-queue.js';
import type { JobSummary } from './jobs/job.js';

/** A file of a run folder. */
export interface RunFile {
  /** Path relative to the run folder, `/`-separated. */
  readonly name: string;
  readonly size: number;
  /** Milliseconds since the epoch. */
  readonly modified: number;
}

/** What `GET /api/runs/:name` answers. */
export interface RunDetail extends RunInfo {
  /** The job writing this run, when one is queued or running. */
  readonly job: JobSummary | null;
  /** Top-level files, `samples/` and `previews/` pictures (snapshots are not listed file by file). */
  readonly files: readonly RunFile[];
  /** history.json, parsed, when the run has one. */
  readonly history: unknown;
  /** samples.txt (text runs), when the run has one. */
  readonly samplesText: string | null;
  /** The newest `model-*` snapshot holding model.json and weights.safetensors: what a browser loads. */
  readonly modelSnapshot: string | null;
}

/** Adds the runs routes to `app`, over `root`. */
export function registerRunRoutes(app: FastifyInstance, root: string, queue: JobQueue): void {
  const activeJob = (name: string): JobSummary | null => queue.list().find((j) => j.runName === name && (j.state === 'running' || j.state === 'queued')) ?? null;

  app.get('/api/runs', async () => ({ runs: listRuns(root).map((run) => ({ ...run, job: activeJob(run.name) })) }));

  app.get<{ Params: { name: string } }>('/api/runs/:name', async (request): Promise<RunDetail> => {
    const { name } = request.params;
    const path = resolveRunPath(root, name);
    const run = describeRun(path, name);
    const model = latestSnapshot(path, 'model');
    const loadable = model && (await Promise.all(['model.json', 'weights.safetensors'].map((f) => stat(join(model.path, f)).then(() => true, () => false)))).every(Boolean);
    return {
      ...run,
      job: activeJob(name),
      files: await listRunFiles(path),
      history: await readFile(join(path, 'history.json'), 'utf8').then((t) => JSON.parse(t) as unknown, () => null),
      samplesText: await readFile(join(path, 'samples.txt'), 'utf8').catch(() => null),
      modelSnapshot: loadable ? model.name : null,
    };
  });

  app.get<{ Params: { name: string; '*': string } }>('/api/runs/:name/files/*', async (request, reply) => {
    const runDir = resolveRunPath(root, request.params.name);
    const file = resolveRunPath(root, request.params.name, ...request.params['*'].split('/'));
    const info = await stat(file);
    if (!info.isFile()) return reply.code(404).send({ error: { code: 'not_found', message: `'${request.params['*']}' in run '${request.params.name}' is a folder, not a file` } });
    return reply.header('Cache-Control', 'no-cache').sendFile(relative(runDir, file), runDir);
  });
}

/** The files of a run folder worth listing: top-level files, `samples/` (GAN) and `previews/` (style) pictures. */
async function listRunFiles(runDir: string): Promise<RunFile[]> {
  const out: RunFile[] = [];
  for (const folder of ['', 'samples', 'previews']) {
    const entries = await readdir(join(runDir, folder), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile() || entry.name.startsWith('.') || entry.name.endsWith('.tmp')) continue;
      const name = folder ? `${folder}/${entry.name}` : entry.name;
      const info = await stat(join(runDir, name)).catch(() => null);
      if (info) out.push({ name, size: info.size, modified: Math.round(info.mtimeMs) });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
