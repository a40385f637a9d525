/**
 * `POST /predict`: an image's top classes under a classifier run, batched with other requests for
 * the same model. The image is read exactly as `atelier classify predict` reads a file.
 * @module
 */
import { classifierReadOptions, topClasses } from '../../../art/classify/predict.js';
import { ApiError } from '../../errors.js';
import { QueueFullError } from '../../batching/batcher.js';
import { decodeUpload, readUploadedImage } from '../image-upload.js';
import { pickRun } from '../pick-run.js';
import { IMAGE_ERRORS, MODEL_PARAMETER, jsonResponse, type RouteSpec } from '../route-spec.js';
import type { ServedClassifier } from '../../runs/model-cache.js';
import type { Tensor } from '../../../tensor/tensor.js';

/** The classes listed by default. */
export const DEFAULT_TOP = 5;

/** The schema of a list of classes and probabilities. */
export const TOP_SCHEMA = {
  type: 'array', description: 'the most probable classes, most probable first',
  items: { type: 'object', properties: { className: { type: 'string' }, probability: { type: 'number' } } },
} as const;

/** Seconds a client is asked to wait when the queue is full. */
const RETRY_AFTER_SECONDS = 1;

/** Refuses (503, Retry-After) before any decoding when the classifier's queue is already full. */
export function checkRoom(classifier: ServedClassifier): void {
  const { waiting, maxQueue } = classifier.batcher;
  if (waiting >= maxQueue) throw new ApiError(503, 'queue_full', new QueueFullError(waiting).message, { 'retry-after': String(RETRY_AFTER_SECONDS) });
}

/** Class probabilities of one image through the classifier's batcher; a full queue answers 503 with Retry-After. */
export async function classProbabilities(classifier: ServedClassifier, image: Tensor): Promise<Float32Array> {
  try {
    return await classifier.batcher.submit(image);
  } catch (error) {
    if (error instanceof QueueFullError) throw new ApiError(503, 'queue_full', error.message, { 'retry-after': String(RETRY_AFTER_SECONDS) });
    throw error;
  }
}

/** The top `k` classes of `probabilities` as the API answers them. */
export function topList(classifier: ServedClassifier, probabilities: Float32Array, k: number): { className: string; probability: number }[] {
  return topClasses(probabilities, classifier.run.classNames, Math.min(k, classifier.run.classNames.length))[0]!.map((c) => ({ className: c.className, probability: c.probability }));
}

/** `POST /predict?model=&top=` with an image body → `{ top: [{ className, probability }] }`. */
export const predictRoute: RouteSpec = {
  method: 'POST', url: '/predict', operationId: 'predict',
  summary: 'the top classes of an image under a classifier run',
  description: 'Send the image as the raw body (Content-Type image/png, image/jpeg, ...) or as the multipart/form-data field image. ' +
    'It is resized as `atelier classify predict` resizes files, so both give the same probabilities. Requests for the same model are batched.',
  query: {
    type: 'object',
    properties: { model: MODEL_PARAMETER, top: { type: 'integer', minimum: 1, maximum: 1000, default: DEFAULT_TOP, description: 'classes listed' } },
  },
  imageBody: true,
  responses: { 200: jsonResponse('the top classes', { type: 'object', properties: { model: { type: 'string' }, top: TOP_SCHEMA } }), ...IMAGE_ERRORS },
  async handler(request, _reply, { runs, models, limits }) {
    const query = request.query as { model?: string; top?: number };
    const run = await pickRun(runs, query.model, 'classify', '/predict');
    const bytes = await readUploadedImage(request);
    const classifier = await models.classifier(run, 'predict');
    checkRoom(classifier);
    const image = await decodeUpload(bytes, classifierReadOptions(classifier.run), limits);
    try {
      const probabilities = await classProbabilities(classifier, image);
      return { model: run.name, top: topList(classifier, probabilities, query.top ?? DEFAULT_TOP) };
    } finally {
      image.dispose();
    }
  },
};
