/**
 * `POST /stylize`: an image repainted by a fast style network (`atelier style train`), one forward
 * pass, answered as a PNG of the same size (or of `maxSide` on its longer side).
 * @module
 */
import { applyStyle } from '../../../art/style/fast/apply.js';
import { encodeImage } from '../../../io/image.js';
import { decodeUpload, readUploadedImage } from '../image-upload.js';
import { pickRun } from '../pick-run.js';
import { IMAGE_ERRORS, MODEL_PARAMETER, PNG_CONTENT, type RouteSpec } from '../route-spec.js';

/** The longer side an image is brought down to unless `?maxSide=` says otherwise. */
export const DEFAULT_STYLIZE_SIDE = 1024;

/** `POST /stylize?model=&maxSide=` with an image body → the stylized image as PNG. */
export const stylizeRoute: RouteSpec = {
  method: 'POST', url: '/stylize', operationId: 'stylize',
  summary: 'an image repainted by a fast style network run',
  description: 'Send the image as the raw body (Content-Type image/*) or as the multipart/form-data field image. Grey and transparent ' +
    'images are read as RGB (transparency flattened onto white). Images larger than maxSide on their longer side are scaled down first.',
  query: {
    type: 'object',
    properties: {
      model: MODEL_PARAMETER,
      maxSide: { type: 'integer', minimum: 16, maximum: 4096, default: DEFAULT_STYLIZE_SIDE, description: 'longest side of the result, in pixels (never enlarged)' },
    },
  },
  imageBody: true,
  responses: { 200: { description: 'the stylized image', content: PNG_CONTENT }, ...IMAGE_ERRORS },
  async handler(request, reply, { runs, models, limits }) {
    const query = request.query as { model?: string; maxSide?: number };
    const run = await pickRun(runs, query.model, 'style', '/stylize');
    const bytes = await readUploadedImage(request);
    const network = await models.style(run, 'stylize');
    const image = await decodeUpload(bytes, { maxSide: query.maxSide ?? DEFAULT_STYLIZE_SIDE, channels: 3 }, limits);
    try {
      const styled = applyStyle(network, image);
      try {
        return await reply.type('image/png').send(Buffer.from(await encodeImage(styled)));
      } finally {
        styled.dispose();
      }
    } finally {
      image.dispose();
    }
  },
};
