/**
 * Bearer-token authentication: with a token, every request must carry `Authorization: Bearer <token>`.
 * @module
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ArgumentError } from '../../errors.js';
import { ApiError } from '../errors.js';

/** A hook that refuses (401) requests without the right token; compares in constant time. */
export function tokenCheck(token: string): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  if (typeof token !== 'string' || token.length < 1) throw new ArgumentError('token must be a non-empty string');
  const expected = digest(token);
  return (request) => {
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) return Promise.reject(new ApiError(401, 'unauthorized', 'this server needs a token: send Authorization: Bearer <token>', { 'www-authenticate': 'Bearer' }));
    if (!timingSafeEqual(digest(match[1]!), expected)) return Promise.reject(new ApiError(401, 'unauthorized', 'wrong token', { 'www-authenticate': 'Bearer error="invalid_token"' }));
    return Promise.resolve();
  };
}

/** Hashing first gives both sides the same length, as `timingSafeEqual` needs. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
