/**
 * The `atelier serve` server: a fastify app with the API routes over a fixed list of run folders,
 * bound to 127.0.0.1 unless a token protects it.
 * @module
 */
import fastify, { type FastifyInstance } from 'fastify';
import { ArgumentError } from '../errors.js';
import { ApiError } from './errors.js';
import { tokenCheck } from './api/auth.js';
import { registerApiRoutes, sendApiError } from './api/register.js';
import type { ApiOptions } from './api/options.js';

/** The hosts that only this machine can reach. */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', '::1', 'localhost']);

/** Options of {@link createServeApp} and {@link startServer}. */
export interface ServeOptions extends ApiOptions {
  /** Address to bind (default 127.0.0.1). Any other needs `token`. */
  host?: string;
  /** Port (default 8080; 0 picks a free one). */
  port?: number;
  /** Log requests as JSON lines on stdout (default false). */
  logger?: boolean;
}

/**
 * Refuses to bind anything but a loopback address without a token: the API runs models on whatever
 * is sent to it, so a server other machines can reach must know who asks.
 */
export function checkBinding(host: string, token: string | undefined): void {
  if (!LOOPBACK_HOSTS.has(host) && (token === undefined || token === '')) {
    throw new ArgumentError(`serve: binding ${host} makes the API reachable from other machines; give --token <secret> (clients send Authorization: Bearer <secret>), or bind 127.0.0.1`);
  }
}

/** A fastify app with the API's routes and JSON 404s (not yet listening). */
export async function createServeApp(options: ServeOptions): Promise<FastifyInstance> {
  checkBinding(options.host ?? '127.0.0.1', options.token);
  const app = fastify({ logger: options.logger ?? false });
  await registerApiRoutes(app, options);
  const check = options.token !== undefined ? tokenCheck(options.token) : null;
  app.setNotFoundHandler({ ...(check ? { preHandler: check } : {}) }, (request, reply) => {
    void sendApiError(reply, new ApiError(404, 'no_route', `no route ${request.method} ${request.url.split('?')[0]}; GET /openapi.json lists them`), request);
  });
  app.setErrorHandler((error, request, reply) => sendApiError(reply, error, request));
  return app;
}

/** Creates the app and listens; resolves with the app and the address clients use. */
export async function startServer(options: ServeOptions): Promise<{ app: FastifyInstance; url: string }> {
  const app = await createServeApp(options);
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8080;
  if (!(Number.isInteger(port) && port >= 0 && port <= 65535)) throw new ArgumentError(`serve: --port must be an integer in 0..65535, got ${port}`);
  await app.listen({ host, port });
  const address = app.server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return { app, url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}` };
}
