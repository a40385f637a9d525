/**
 * `registerApiRoutes`: the JSON API over run folders, added to any fastify app (`atelier serve`
 * makes its own; the studio mounts it beside its pages). Everything it adds (routes, body parsers,
 * the token check, the error handler) stays inside its own plugin scope, so it composes with the
 * host app's own routes and prefixes.
 * @module
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import { ApiError, toApiError } from '../errors.js';
import { ModelCache } from '../runs/model-cache.js';
import { tokenCheck } from './auth.js';
import { openApiDocument } from './openapi.js';
import { resolveLimits, type ApiOptions } from './options.js';
import { errorResponse, type ApiContext, type ObjectSchema, type RouteSpec } from './route-spec.js';
import { healthRoute, modelsRoute } from './routes/health.js';
import { predictRoute } from './routes/predict.js';
import { explainRoute } from './routes/explain.js';
import { generateRoute, interpolateRoute } from './routes/generate.js';
import { sampleRoute } from './routes/sample.js';

/** The routes of the API, in the order the OpenAPI document lists them (`/openapi.json` is added to them). */
export const API_ROUTES: readonly RouteSpec[] = [healthRoute, modelsRoute, predictRoute, explainRoute, generateRoute, interpolateRoute, sampleRoute];

/**
 * Adds the API's routes to `app`: `GET /health`, `/openapi.json`, `/models`, `POST /predict` and the
 * rest of {@link API_ROUTES}. Errors answer `{ error: { code, message } }` with a 4xx for the
 * client's mistakes.
 * @example
 * const app = fastify();
 * await registerApiRoutes(app, { runs: fixedRuns(['runs/artists']) });
 * await app.listen({ port: 8080 });
 */
export async function registerApiRoutes(app: FastifyInstance, options: ApiOptions): Promise<void> {
  const limits = resolveLimits(options.limits);
  const context: ApiContext = { runs: options.runs, models: new ModelCache(options.cacheSize ?? 4, options.batching), limits };
  const bearer = options.token !== undefined;
  const check = bearer ? tokenCheck(options.token!) : null;
  await app.register(async (api) => {
    if (check) api.addHook('onRequest', check);
    await api.register(multipart, { limits: { fileSize: limits.maxBytes, files: 4, parts: 16, fields: 8, fieldSize: 1024 } });
    api.addContentTypeParser(/^image\/[\w.+-]+$/i, { parseAs: 'buffer', bodyLimit: limits.maxBytes }, (_request, body, done) => done(null, body));
    api.setErrorHandler((error, request, reply) => sendApiError(reply, error, request));
    const openApiRoute: RouteSpec = {
      method: 'GET', url: '/openapi.json', operationId: 'openapi', summary: 'this document',
      responses: { 200: { description: 'the OpenAPI 3.1 document' }, 401: errorResponse('a token is needed') },
      handler: () => Promise.resolve(openApiDocument(routes, { bearer })),
    };
    const routes = [...API_ROUTES.slice(0, 1), openApiRoute, ...API_ROUTES.slice(1)];
    for (const route of routes) addRoute(api, route, context);
  });
}

/** Sends `error` as the API's JSON error answer; logs server errors. */
export function sendApiError(reply: FastifyReply, error: unknown, request: FastifyRequest): FastifyReply {
  const answer = toApiError(error);
  if (answer.statusCode >= 500) request.log.error({ err: error }, answer.message);
  return reply.code(answer.statusCode).headers(answer.headers).send(answer.toBody());
}

function addRoute(api: FastifyInstance, route: RouteSpec, context: ApiContext): void {
  api.route({
    method: route.method,
    url: route.url,
    bodyLimit: route.imageBody ? context.limits.maxBytes : context.limits.maxJsonBytes,
    schema: { ...(route.query ? { querystring: route.query } : {}), ...(route.jsonBody ? { body: route.jsonBody } : {}) },
    preValidation: (request, _reply, done) => {
      try {
        refuseUnknown('query parameter', request.query, route.query);
        if (route.jsonBody) refuseUnknown('field of the JSON body', request.body ?? {}, route.jsonBody);
        done();
      } catch (error) {
        done(error as Error);
      }
    },
    handler: async (request, reply) => route.handler(request, reply, context),
  });
}

/** A typo in a parameter name would otherwise be ignored silently; name it and list the known ones. */
function refuseUnknown(what: string, values: unknown, schema: ObjectSchema | undefined): void {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) {
    if (what.startsWith('field')) throw new ApiError(400, 'bad_request', 'the JSON body must be an object');
    return;
  }
  const known = Object.keys(schema?.properties ?? {});
  const unknown = Object.keys(values).filter((k) => !known.includes(k));
  if (unknown.length > 0) {
    throw new ApiError(400, 'unknown_parameter', `unknown ${what} '${unknown[0]}'; ${known.length > 0 ? `known: ${known.join(', ')}` : 'this route takes none'}`);
  }
}
