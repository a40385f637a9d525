/**
 * Who may use the studio. On a loopback address (the default, 127.0.0.1) anyone on this machine
 * may, as with any local app. On any other host a token is required (the rule of `atelier serve`):
 * a request carries it as `Authorization: Bearer <token>`, or as the studio's cookie, which opening
 * the printed URL `http://host:port/?token=<token>` sets (the page's images, downloads and event
 * streams cannot send headers, so a cookie is what the browser needs).
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import { ArgumentError } from '../../errors.js';

/** The cookie that carries the token. */
export const TOKEN_COOKIE = 'atelier_studio_token';

/** True for host names and addresses that only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** Refuses to bind a non-loopback `host` without a token (the message says how to give one). */
export function checkHostPolicy(host: string, token: string | undefined): void {
  if (!isLoopbackHost(host) && !token) {
    throw new ArgumentError(`studio: --host ${host} makes the studio reachable from other machines; give --token <secret> too (every request must then carry it)`);
  }
  if (token !== undefined && token.length < 8) throw new ArgumentError('studio: --token must be at least 8 characters');
}

function sameSecret(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Adds the token check to every route of `app` (nothing when `token` is undefined). */
export async function registerAccess(app: FastifyInstance, token: string | undefined): Promise<void> {
  if (token === undefined) return;
  await app.register(fastifyCookie);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const query = request.query as Record<string, unknown> | undefined;
    if (request.method === 'GET' && typeof query?.token === 'string' && sameSecret(query.token, token)) {
      reply.setCookie(TOKEN_COOKIE, token, { httpOnly: true, sameSite: 'strict', path: '/' });
      return reply.redirect(request.url.split('?')[0] ?? '/');
    }
    const header = request.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
    if (sameSecret(bearer, token) || sameSecret(request.cookies[TOKEN_COOKIE], token)) return;
    return reply
      .code(401)
      .header('WWW-Authenticate', 'Bearer')
      .send({ error: { code: 'unauthorized', message: 'this studio needs its token: open the URL it printed (with ?token=...) or send Authorization: Bearer <token>' } });
  });
}
