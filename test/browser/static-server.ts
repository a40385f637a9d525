/**
 * A static file server for the browser end-to-end test: serves the repository's dist/ under /dist/
 * and an empty page, optionally with the headers that make a page cross-origin isolated.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
  '.html': 'text/html; charset=utf-8',
};

/** A running server and its origin (`http://127.0.0.1:port`). */
export interface StaticServer {
  origin: string;
  close(): Promise<void>;
}

/**
 * Serves `distDir` at /dist/ and an empty HTML page at /page.html (with an import map naming
 * /dist/src/index.js `atelier`). With `isolated`, every response
 * carries `Cross-Origin-Opener-Policy: same-origin` and `Cross-Origin-Embedder-Policy: require-corp`.
 */
export async function serveDist(distDir: string, isolated: boolean): Promise<StaticServer> {
  const root = resolve(distDir);
  // A rejection (decodeURIComponent throws on a malformed path) answers 400 instead of going unhandled.
  const server: Server = createServer((request, response) => void (async () => {
    const headers: Record<string, string> = { 'Cache-Control': 'no-store' };
    if (isolated) {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin';
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
    }
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    if (path === '/page.html') {
      response.writeHead(200, { ...headers, 'Content-Type': TYPES['.html']! });
      // The import map lets pages write `import ... from 'atelier'`, as docs/browser.md shows.
      response.end('<!doctype html><meta charset="utf-8"><title>atelier e2e</title>' +
        '<script type="importmap">{"imports":{"atelier":"/dist/src/index.js"}}</script>');
      return;
    }
    if (path === '/favicon.ico') {
      response.writeHead(204, headers).end();
      return;
    }
    const file = path.startsWith('/dist/') ? resolve(root, `.${path.slice('/dist'.length)}`) : null;
    if (!file || !file.startsWith(root + sep)) {
      response.writeHead(404, headers).end();
      return;
    }
    try {
      const body = await readFile(file);
      response.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404, headers).end();
    }
  })().catch(() => {
    if (!response.headersSent) response.writeHead(400);
    response.end();
  }));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
