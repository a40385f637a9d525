/**
 * `POST /sample`: text from a text run, with the options of `atelier text sample`.
 * @module
 */
import { sampleTextRun } from '../../../art/text/sample-run.js';
import { ApiError } from '../../errors.js';
import { pickRun } from '../pick-run.js';
import { MODEL_ERRORS, MODEL_PARAMETER, jsonResponse, type RouteSpec } from '../route-spec.js';

/** The JSON body of `/sample`. */
interface SampleBody {
  n?: number;
  prime?: string;
  form?: string;
  acrostic?: string;
  rhyme?: boolean;
  temperature?: number;
  topK?: number;
  topP?: number;
  greedy?: boolean;
  seed?: number;
  length?: number;
}

/** `POST /sample?model=` with `{ n, prime, form, acrostic, rhyme, temperature, topK, topP, greedy, seed, length }` → `{ samples, warnings }`. */
export const sampleRoute: RouteSpec = {
  method: 'POST', url: '/sample', operationId: 'sample',
  summary: 'text from a text run: free, primed, or Chinese verse with a form, an acrostic and rhyme',
  description: 'Options as `atelier text sample`; options the library refuses (a temperature <= 0, an acrostic that fits no form) answer 400 with its message.',
  query: { type: 'object', properties: { model: MODEL_PARAMETER } },
  jsonBody: {
    type: 'object',
    properties: {
      n: { type: 'integer', minimum: 1, maximum: 16, default: 1, description: 'samples' },
      prime: { type: 'string', maxLength: 200, description: 'text every sample starts with' },
      form: { enum: ['5x4', '5x8', '7x4', '7x8'], description: 'Chinese regulated verse: characters per line x lines' },
      acrostic: { type: 'string', maxLength: 8, description: 'line i starts with the i-th character (implies 5x4 or 5x8 without form)' },
      rhyme: { type: 'boolean', description: 'with a form: the even lines rhyme' },
      temperature: { type: 'number', description: 'sampling temperature > 0 (default 0.8)' },
      topK: { type: 'integer', minimum: 1, description: 'sample among the k most likely characters' },
      topP: { type: 'number', description: 'sample among the most likely characters whose probability reaches p, in (0, 1]' },
      greedy: { type: 'boolean', description: 'always take the most likely character (no temperature)' },
      seed: { type: 'integer', minimum: 0, default: 0 },
      length: { type: 'integer', minimum: 1, maximum: 2000, default: 200, description: 'most characters after the prime' },
    },
  },
  responses: {
    200: jsonResponse('the samples', {
      type: 'object',
      properties: { model: { type: 'string' }, samples: { type: 'array', items: { type: 'string' } }, warnings: { type: 'array', items: { type: 'string' } } },
    }),
    ...MODEL_ERRORS,
  },
  async handler(request, _reply, { runs, models }) {
    const query = request.query as { model?: string };
    const body = (request.body ?? {}) as SampleBody;
    if (body.greedy && body.temperature !== undefined) throw new ApiError(400, 'bad_request', 'greedy takes the most likely character; it cannot be combined with temperature');
    const run = await pickRun(runs, query.model, 'text', '/sample');
    const text = await models.text(run, 'sample');
    const warnings: string[] = [];
    const samples = sampleTextRun(text, {
      count: body.n ?? 1, length: body.length ?? 200, seed: body.seed ?? 0, greedy: body.greedy ?? false,
      temperature: body.greedy ? undefined : body.temperature ?? 0.8, topK: body.topK, topP: body.topP,
      prime: body.prime, acrostic: body.acrostic, form: body.form, rhyme: body.rhyme ?? false, onWarning: (m) => warnings.push(m),
    });
    return { model: run.name, samples, warnings };
  },
};
