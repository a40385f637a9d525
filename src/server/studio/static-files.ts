/**
 * The files the browser loads: the single-page app (`dist/web/`, built by esbuild) at `/`, and the
 * engine itself, unbundled, at `/engine/src/` and `/engine/wasm/` (the Draw page's worker imports
 * `dist/src/index.js` and the wasm backend fetches its kernels relative to it; docs/browser.md).
 * Every response carries the cross-origin isolation headers, which the wasm backend's shared
 * memory needs.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import { ArgumentError } from '../../errors.js';

/** The headers that make the page cross-origin isolated (SharedArrayBuffer, so the wasm backend). */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/** dist/ of this build: this module is dist/src/server/studio/static-files.js. */
export function defaultDistDir(): string {
  return fileURLToPath(new URL('../../../', import.meta.url));
}

/** Serves the app and the engine from `distDir`; throws when the web bundle was not built. */
export async function registerStaticFiles(app: FastifyInstance, distDir: string): Promise<void> {
  const webDir = join(distDir, 'web');
  if (!existsSync(join(webDir, 'index.html'))) {
    throw new ArgumentError(`studio: the web app is not built (${webDir}/index.html is missing); run 'npm run build'`);
  }
  app.addHook('onSend', async (_request, reply) => {
    reply.headers(ISOLATION_HEADERS);
  });
  await app.register(fastifyStatic, { root: webDir, prefix: '/', index: 'index.html', cacheControl: false, setHeaders: noStore });
  await app.register(fastifyStatic, {
    root: join(distDir, 'src'),
    prefix: '/engine/src/',
    decorateReply: false,
    allowedPath: (path) => path.endsWith('.js') || path.endsWith('.js.map'),
    cacheControl: false,
    setHeaders: noStore,
  });
  await app.register(fastifyStatic, {
    root: join(distDir, 'wasm'),
    prefix: '/engine/wasm/',
    decorateReply: false,
    allowedPath: (path) => path.endsWith('.wasm'),
    cacheControl: false,
    setHeaders: noStore,
  });
}

/** Files change with every build; the browser asks again each time (it is a local server). */
function noStore(reply: FastifyReply): void {
  reply.header('Cache-Control', 'no-cache');
}
