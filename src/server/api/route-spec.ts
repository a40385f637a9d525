/**
 * One route of the API described once: what fastify needs to register and validate it, and what
 * the OpenAPI document says about it, from the same object, so the document cannot drift.
 * @module
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ModelCache } from '../runs/model-cache.js';
import type { RunSource } from '../runs/run-source.js';
import type { ResolvedLimits } from './options.js';

/** A JSON Schema object (the subset fastify validates with and OpenAPI 3.1 documents with). */
export interface ObjectSchema {
  readonly type: 'object';
  readonly properties: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly required?: readonly string[];
}

/** What every handler may use. */
export interface ApiContext {
  readonly runs: RunSource;
  readonly models: ModelCache;
  readonly limits: ResolvedLimits;
}

/** One documented answer. */
export interface ResponseSpec {
  readonly description: string;
  /** Media type → schema (absent: no body described). */
  readonly content?: Readonly<Record<string, { readonly schema: Readonly<Record<string, unknown>> }>>;
}

/** A route: its method and path, its inputs, its answers and its handler. */
export interface RouteSpec {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  /** The query parameters; names not listed are refused (400). */
  readonly query?: ObjectSchema;
  /** A JSON body; fields not listed are refused (400). */
  readonly jsonBody?: ObjectSchema;
  /** The body is an image: raw `image/*` or the multipart field `image`. */
  readonly imageBody?: boolean;
  readonly responses: Readonly<Record<string, ResponseSpec>>;
  /** Answers the request: a value to send as JSON, or the reply after sending something else. */
  handler(request: FastifyRequest, reply: FastifyReply, context: ApiContext): Promise<unknown>;
}

/** The `?model=` parameter every model route takes. */
export const MODEL_PARAMETER = {
  type: 'string', minLength: 1, maxLength: 255,
  description: 'the run to use, by folder name; may be left out when only one run of the kind the route needs is served',
} as const;

/** The JSON schema of an error answer. */
export const ERROR_SCHEMA = {
  type: 'object', required: ['error'],
  properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } },
} as const;

/** An error answer described for the OpenAPI document. */
export function errorResponse(description: string): ResponseSpec {
  return { description, content: { 'application/json': { schema: ERROR_SCHEMA } } };
}

/** A JSON answer described for the OpenAPI document. */
export function jsonResponse(description: string, schema: Readonly<Record<string, unknown>>): ResponseSpec {
  return { description, content: { 'application/json': { schema } } };
}

/** The errors every model route may answer with. */
export const MODEL_ERRORS: Readonly<Record<string, ResponseSpec>> = {
  400: errorResponse('bad input: an unknown parameter or field, a value out of range, several runs and no ?model=, a run of another kind'),
  401: errorResponse('the server needs a token and the request carried none or a wrong one'),
  404: errorResponse('no run of that name, or no run of the needed kind, is served'),
  500: errorResponse('the run folder could not be read'),
  503: errorResponse('the queue is full; retry after the seconds in Retry-After'),
};

/** The errors of routes that take an image. */
export const IMAGE_ERRORS: Readonly<Record<string, ResponseSpec>> = {
  ...MODEL_ERRORS,
  400: errorResponse('bad input: not an image, a truncated or corrupt image, no multipart field image, bad parameters'),
  413: errorResponse('the image has more bytes or pixels than the server accepts'),
  415: errorResponse('the body is neither image/* nor multipart/form-data'),
};
