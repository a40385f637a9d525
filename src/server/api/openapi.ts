/**
 * The OpenAPI 3.1 document of the API, made from the same route descriptions that register and
 * validate the routes (see route-spec.ts).
 * @module
 */
import { IMAGE_FIELD } from './image-upload.js';
import type { RouteSpec } from './route-spec.js';

/** The version of the API's contract (not of the package). */
export const API_VERSION = '1.0.0';

/** The OpenAPI document of `routes`; with `bearer`, every operation needs the bearer token. */
export function openApiDocument(routes: readonly RouteSpec[], options: { bearer: boolean }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const operation: Record<string, unknown> = {
      operationId: route.operationId, summary: route.summary,
      ...(route.description ? { description: route.description } : {}),
      parameters: Object.entries(route.query?.properties ?? {}).map(([name, schema]) => {
        const { description, ...rest } = schema as { description?: string };
        return { name, in: 'query', required: route.query?.required?.includes(name) ?? false, schema: rest, ...(description ? { description } : {}) };
      }),
      responses: route.responses,
    };
    if (route.imageBody) {
      operation.requestBody = {
        required: true,
        content: {
          'image/*': { schema: { type: 'string', format: 'binary' } },
          'multipart/form-data': { schema: { type: 'object', required: [IMAGE_FIELD], properties: { [IMAGE_FIELD]: { type: 'string', format: 'binary' } } } },
        },
      };
    } else if (route.jsonBody) {
      operation.requestBody = { required: false, content: { 'application/json': { schema: route.jsonBody } } };
    }
    (paths[route.url] ??= {})[route.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'atelier serve', version: API_VERSION, description: 'Predictions, explanations, generated images and text from atelier run folders. Errors answer {"error": {"code", "message"}}.' },
    paths,
    ...(options.bearer ? { components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } }, security: [{ bearer: [] }] } : {}),
  };
}
