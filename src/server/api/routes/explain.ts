/**
 * `POST /explain`: why a classifier run gives an image its class, as a heat map over the image
 * (`src/art/explain`), with the image's top classes.
 * @module
 */
import { classifierReadOptions } from '../../../art/classify/predict.js';
import { EXPLANATION_METHODS, explain } from '../../../art/explain/explain.js';
import type { ExplanationMethod } from '../../../art/explain/common.js';
import { encodeImage } from '../../../io/image.js';
import { heatmapOverlay } from '../../../viz/heatmap.js';
import { ApiError } from '../../errors.js';
import { decodeUpload, readUploadedImage } from '../image-upload.js';
import { pickRun } from '../pick-run.js';
import { IMAGE_ERRORS, MODEL_PARAMETER, jsonResponse, type RouteSpec } from '../route-spec.js';
import { DEFAULT_TOP, TOP_SCHEMA, checkRoom, classProbabilities, topList } from './predict.js';

/** The shorter side the overlay is drawn at, at least (a 64×64 model input would be a thumbnail). */
const DISPLAY_SIDE = 256;

/** `POST /explain?model=&method=&class=&alpha=&top=` with an image body → `{ top, method, className, width, height, heatmap }`. */
export const explainRoute: RouteSpec = {
  method: 'POST', url: '/explain', operationId: 'explain',
  summary: 'a heat map of what made a classifier run give an image a class, over the image, and its top classes',
  description: 'The image is sent as for /predict. heatmap is a base64 PNG of the map in the jet colours over the image as the model saw it ' +
    '(the centre crop), enlarged to at least 256 px; alpha=1 gives the colours alone, to lay over the image yourself.',
  query: {
    type: 'object',
    properties: {
      model: MODEL_PARAMETER,
      method: { enum: EXPLANATION_METHODS, default: 'gradcam', description: 'the explanation method' },
      class: { type: 'string', description: 'the class to explain (default: the predicted one)' },
      alpha: { type: 'number', minimum: 0, maximum: 1, default: 0.5, description: 'weight of the heat map colours over the image' },
      top: { type: 'integer', minimum: 1, maximum: 1000, default: DEFAULT_TOP, description: 'classes listed' },
    },
  },
  imageBody: true,
  responses: {
    200: jsonResponse('the explanation', {
      type: 'object',
      properties: {
        model: { type: 'string' }, top: TOP_SCHEMA, method: { type: 'string' }, className: { type: 'string' }, classIndex: { type: 'integer' },
        score: { type: 'number' }, scoreKind: { enum: ['probability', 'logit', 'output'] },
        width: { type: 'integer', description: 'of the heat map picture' }, height: { type: 'integer' },
        heatmap: { type: 'string', contentEncoding: 'base64', contentMediaType: 'image/png' },
      },
    }),
    ...IMAGE_ERRORS,
  },
  async handler(request, _reply, { runs, models, limits }) {
    const query = request.query as { model?: string; method?: ExplanationMethod; class?: string; alpha?: number; top?: number };
    const run = await pickRun(runs, query.model, 'classify', '/explain');
    const bytes = await readUploadedImage(request);
    const classifier = await models.classifier(run, 'explain');
    const { classNames, info } = classifier.run;
    let classIndex: number | undefined;
    if (query.class !== undefined) {
      classIndex = classNames.indexOf(query.class);
      if (classIndex < 0) throw new ApiError(400, 'unknown_class', `unknown class '${query.class}'; the classes of ${run.name} are ${classNames.join(', ')}`);
    }
    checkRoom(classifier);
    const input = await decodeUpload(bytes, classifierReadOptions(classifier.run), limits);
    const [h, w] = info.imageSize;
    const scale = Math.max(1, Math.ceil(DISPLAY_SIDE / Math.min(h, w)));
    const display = await decodeUpload(bytes, { size: [h * scale, w * scale], fit: info.fit, channels: 3 }, limits);
    try {
      const probabilities = await classProbabilities(classifier, input);
      const method = query.method ?? 'gradcam';
      const e = explain(classifier.run.model, input, { method, ...(classIndex !== undefined ? { classIndex } : {}) });
      const overlay = heatmapOverlay(display, e.map, { colormap: 'jet', alpha: query.alpha ?? 0.5 });
      const png = Buffer.from(await encodeImage(overlay));
      return {
        model: run.name, top: topList(classifier, probabilities, query.top ?? DEFAULT_TOP), method, className: classNames[e.classIndex]!, classIndex: e.classIndex,
        score: e.score, scoreKind: e.scoreKind, width: overlay.shape[1]!, height: overlay.shape[0]!, heatmap: png.toString('base64'),
      };
    } finally {
      input.dispose();
      display.dispose();
    }
  },
};
