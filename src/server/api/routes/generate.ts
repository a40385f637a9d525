/**
 * `POST /generate` and `POST /interpolate`: pictures from a GAN run, as `atelier gan sample` and
 * `atelier gan interpolate` make them.
 * @module
 */
import { gridPng } from '../../../art/gan/pictures.js';
import { sampleFrom } from '../../../art/gan/sample.js';
import { encodeGif, walkFrames } from '../../../art/gan/interpolate.js';
import { tensor } from '../../../tensor/creation.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { encodeImage } from '../../../io/image.js';
import { pickRun } from '../pick-run.js';
import { MODEL_ERRORS, MODEL_PARAMETER, type RouteSpec } from '../route-spec.js';

const PNG = { 'image/png': { schema: { type: 'string', format: 'binary' } } } as const;

/** Each image of `[N, H, W, C]` as PNG bytes. */
async function eachPng(images: Tensor): Promise<Buffer[]> {
  const n = images.shape[0]!;
  const per = images.size / n;
  const values = images.values as Float32Array;
  const out: Buffer[] = [];
  for (let i = 0; i < n; i++) out.push(Buffer.from(await encodeImage(tensor(values.slice(i * per, (i + 1) * per), images.shape.slice(1)))));
  return out;
}

/** The JSON body of `/generate`. */
interface GenerateBody {
  n?: number;
  seed?: number;
  class?: string;
  truncation?: number;
}

/** `POST /generate?model=&format=png|json` with `{ n, seed, class, truncation }` → a PNG grid, or `{ images: [base64 PNG], classes }`. */
export const generateRoute: RouteSpec = {
  method: 'POST', url: '/generate', operationId: 'generate',
  summary: 'images from a GAN run, as one PNG grid or a JSON list of PNGs',
  query: { type: 'object', properties: { model: MODEL_PARAMETER, format: { enum: ['png', 'json'], default: 'png', description: 'one PNG grid, or JSON with one base64 PNG per image' } } },
  jsonBody: {
    type: 'object',
    properties: {
      n: { type: 'integer', minimum: 1, maximum: 256, default: 16, description: 'images' },
      seed: { type: 'integer', minimum: 0, default: 0, description: 'seeds the noise' },
      class: { type: 'string', description: 'conditional runs: every image of this class (default: classes in turn)' },
      truncation: { type: 'number', exclusiveMinimum: 0, description: 'redraw noise components beyond ±truncation (more typical, less varied)' },
    },
  },
  responses: {
    200: {
      description: 'the images',
      content: {
        ...PNG,
        'application/json': { schema: { type: 'object', properties: { model: { type: 'string' }, images: { type: 'array', items: { type: 'string', contentEncoding: 'base64' } }, classes: { type: ['array', 'null'], items: { type: 'string' } } } } },
      },
    },
    ...MODEL_ERRORS,
  },
  async handler(request, reply, { runs, models }) {
    const query = request.query as { model?: string; format?: 'png' | 'json' };
    const body = (request.body ?? {}) as GenerateBody;
    const run = await pickRun(runs, query.model, 'gan', '/generate');
    const { generator, state } = await models.gan(run, 'generate');
    const samples = sampleFrom(generator, state, { count: body.n ?? 16, seed: body.seed ?? 0, className: body.class, truncation: body.truncation, op: 'generate' });
    const classes = samples.labels ? Array.from(samples.labels, (l) => samples.classNames[l]!) : null;
    if ((query.format ?? 'png') === 'json') {
      return { model: run.name, images: (await eachPng(samples.images)).map((b) => b.toString('base64')), classes };
    }
    const captions = classes && classes.length <= 256 ? { labels: classes } : {};
    return reply.type('image/png').send(Buffer.from(await gridPng(samples.images, captions)));
  },
};

/** The JSON body of `/interpolate`. */
interface InterpolateBody {
  steps?: number;
  points?: number;
  seed?: number;
  class?: string;
  truncation?: number;
  format?: 'gif' | 'png';
}

/** `POST /interpolate?model=` with `{ steps, points, seed, class, truncation, format }` → an animated GIF or a PNG strip. */
export const interpolateRoute: RouteSpec = {
  method: 'POST', url: '/interpolate', operationId: 'interpolate',
  summary: 'a walk through a GAN run\'s latent space (spherical interpolation), as an animated GIF or a PNG strip',
  query: { type: 'object', properties: { model: MODEL_PARAMETER } },
  jsonBody: {
    type: 'object',
    properties: {
      steps: { type: 'integer', minimum: 2, maximum: 64, default: 8, description: 'frames per segment, both ends included' },
      points: { type: 'integer', minimum: 2, maximum: 8, default: 2, description: 'latent key points visited' },
      seed: { type: 'integer', minimum: 0, default: 0 },
      class: { type: 'string', description: 'conditional runs: the class of every frame (default the first)' },
      truncation: { type: 'number', exclusiveMinimum: 0 },
      format: { enum: ['gif', 'png'], default: 'gif' },
    },
  },
  responses: {
    200: { description: 'the walk', content: { 'image/gif': { schema: { type: 'string', format: 'binary' } }, ...PNG } },
    ...MODEL_ERRORS,
  },
  async handler(request, reply, { runs, models }) {
    const query = request.query as { model?: string };
    const body = (request.body ?? {}) as InterpolateBody;
    const run = await pickRun(runs, query.model, 'gan', '/interpolate');
    const { generator, state } = await models.gan(run, 'interpolate');
    const walk = walkFrames(generator, state, { steps: body.steps ?? 8, points: body.points ?? 2, seed: body.seed ?? 0, className: body.class, truncation: body.truncation, op: 'interpolate' });
    if ((body.format ?? 'gif') === 'gif') return reply.type('image/gif').send(Buffer.from(encodeGif(walk.frames)));
    return reply.type('image/png').send(Buffer.from(await gridPng(walk.frames, { columns: walk.steps })));
  },
};

