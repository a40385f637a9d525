/**
 * The studio's JSON API as the page uses it: typed fetch helpers, and the shapes of the answers.
 * @module
 */
import type { JobEvent, JobSummary } from '../../src/server/studio/jobs/job.js';
import type { RunInfo } from '../../src/server/runs/run-types.js';

export type { JobEvent, JobSummary };

/** A run as `GET /api/runs` lists it: the server's {@link RunInfo} and the run's studio job, if any. */
export interface RunListing extends RunInfo {
  readonly job: JobSummary | null;
}

/** A run as `GET /api/runs/:name` shows it. */
export interface RunDetail extends RunListing {
  readonly files: readonly { readonly name: string; readonly size: number; readonly modified: number }[];
  readonly history: unknown;
  readonly samplesText: string | null;
  readonly modelSnapshot: string | null;
}

/** An error answer's message, or the status line. */
async function failure(response: Response): Promise<Error> {
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return new Error(body?.error?.message ?? `${response.status} ${response.statusText}`);
}

/** GETs JSON. */
export async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

/** Sends JSON (POST by default) and reads JSON back. */
export async function sendJson<T>(url: string, body: unknown, method = 'POST'): Promise<T> {
  const init: RequestInit = body === undefined ? { method } : { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
  const response = await fetch(url, init);
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

/** Sends a request with any body (an image, a form) and reads JSON back. */
export async function sendBody<T>(url: string, body: BodyInit, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers, body });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

/** POSTs `body` and returns the answer (an image) as an object URL. */
export async function sendForImage(url: string, body: BodyInit, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(url, { method: 'POST', headers, body });
  if (!response.ok) throw await failure(response);
  return URL.createObjectURL(await response.blob());
}

/** The URL of a file of a run; `version` (a modification time) makes the browser fetch it anew. */
export function runFileUrl(run: string, file: string, version?: number): string {
  const path = file.split('/').map(encodeURIComponent).join('/');
  return `/api/runs/${encodeURIComponent(run)}/files/${path}${version === undefined ? '' : `?v=${version}`}`;
}

/** Every run, by name. */
export function listRuns(): Promise<RunListing[]> {
  return getJson<{ runs: RunListing[] }>('/api/runs').then((r) => r.runs);
}
