/**
 * `GET /health` and `GET /models`: is the server up, and what does it serve.
 * @module
 */
import type { RouteSpec } from '../route-spec.js';
import { errorResponse, jsonResponse } from '../route-spec.js';

/** `GET /health` → `{ status: 'ok', models: [names] }`. */
export const healthRoute: RouteSpec = {
  method: 'GET', url: '/health', operationId: 'health',
  summary: 'the server is up; the names of the runs it serves',
  responses: {
    200: jsonResponse('up', { type: 'object', properties: { status: { const: 'ok' }, models: { type: 'array', items: { type: 'string' } } } }),
    401: errorResponse('a token is needed'),
  },
  async handler(_request, _reply, { runs }) {
    return { status: 'ok', models: (await runs.list()).map((r) => r.name) };
  },
};

const RUN_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    kind: { enum: ['classify', 'gan', 'text', 'style', 'unknown'] },
    snapshot: { type: ['string', 'null'], description: 'the snapshot served (model-000012, checkpoint-000040)' },
    modified: { type: 'string', format: 'date-time' },
    classes: { type: 'array', items: { type: 'string' }, description: 'class names (classifiers, conditional GANs)' },
    summary: { type: 'object', description: 'data, style (style runs: the painting), imageSize, channels, step, bestEpoch, arch, error (when the run cannot be read)' },
  },
} as const;

/** `GET /models` → `{ models: [{ name, kind, snapshot, modified, classes, summary }] }`. */
export const modelsRoute: RouteSpec = {
  method: 'GET', url: '/models', operationId: 'listModels',
  summary: 'the runs served, with their kind and classes',
  responses: {
    200: jsonResponse('the runs', { type: 'object', properties: { models: { type: 'array', items: RUN_SCHEMA } } }),
    401: errorResponse('a token is needed'),
  },
  async handler(_request, _reply, { runs }) {
    const models = (await runs.list()).map((r) => ({ name: r.name, kind: r.kind, snapshot: r.snapshot, modified: r.modified, classes: r.summary.classNames ?? [], summary: r.summary }));
    return { models };
  },
};
