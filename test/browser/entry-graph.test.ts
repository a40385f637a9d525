/**
 * The engine's entry point loads in a browser without a bundler: nothing it imports statically
 * names a `node:` built-in or a package, and the wasm backend's Node host is not among its static
 * imports (default-platform.ts imports it dynamically, on Node only).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { staticImportGraph } from '../helpers/import-graph.js';

const dist = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));

test('the root entry (dist/src/index.js) statically imports only relative ES modules', () => {
  const graph = staticImportGraph(dist('src/index.js'));
  assert.deepEqual(graph.unresolvable, []);
  assert.ok(graph.modules.has(dist('src/backend/registry.js')));
  assert.ok(graph.modules.has(dist('src/backend/wasm/browser-platform.js')));
  assert.ok(!graph.modules.has(dist('src/backend/wasm/node-platform.js')), 'node-platform.js is loaded only on Node');
  assert.ok(graph.modules.size > 100, `${graph.modules.size} modules`);
});

test('the browser worker script of the wasm backend statically imports only relative ES modules', () => {
  assert.deepEqual(staticImportGraph(dist('src/backend/wasm/browser-worker.js')).unresolvable, []);
});

test('the graph walk does report Node built-ins and packages (atelier/io is Node-only)', () => {
  const { unresolvable } = staticImportGraph(dist('src/io/node-image-codec.js'));
  assert.ok(unresolvable.some((line) => line.endsWith('-> sharp')), unresolvable.join('\n'));
  assert.ok(unresolvable.some((line) => line.endsWith('-> node:fs/promises')), unresolvable.join('\n'));
});
