#!/usr/bin/env node
// Builds the studio's web app (web/) into dist/web/ with esbuild: the page's bundle, the Draw page's
// worker (which imports the engine unbundled from /engine/src/index.js, as the studio serves it),
// index.html and the style sheet. No CDN: everything the page loads comes from the studio.
// Usage: node scripts/build-web.mjs
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';

const out = 'dist/web';
mkdirSync(out, { recursive: true });
const common = { bundle: true, format: 'esm', target: 'es2022', sourcemap: true, minify: true, logLevel: 'warning', legalComments: 'none' };
await Promise.all([
  build({ ...common, entryPoints: { app: 'web/src/main.tsx' }, outdir: out, jsx: 'automatic', jsxImportSource: 'preact' }),
  build({ ...common, entryPoints: { 'draw-worker': 'web/src/draw/worker.ts' }, outdir: out, external: ['/engine/*'] }),
]);
for (const file of ['index.html', 'styles.css']) copyFileSync(`web/${file}`, `${out}/${file}`);
