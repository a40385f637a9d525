/**
 * The layer order of docs/architecture.md, checked over the import graph of the sources (type-only
 * imports included). Lower layers never import higher ones; the few deliberate exceptions are listed
 * here and in the doc, each with its reason.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { sourceImports, type SourceImport } from '../helpers/import-graph.js';

/** The sources: dist/test/architecture/ -> the repository root's src/. */
const SRC = resolve(import.meta.dirname, '../../../src');

/**
 * The layers from the bottom up; a module belongs to the first layer with a matching pattern
 * (`dir/` matches a folder, anything else one file). Layers on one rank may import each other.
 */
const LAYERS: { name: string; rank: number; modules: string[] }[] = [
  // The vocabulary every layer speaks: errors, the Node host shims, dtypes and shape arithmetic.
  { name: 'foundation', rank: 0, modules: ['errors.ts', 'host/', 'tensor/dtype.ts', 'tensor/shape.ts'] },
  { name: 'backend', rank: 1, modules: ['backend/'] },
  { name: 'tensor', rank: 2, modules: ['tensor/'] },
  // The tape: ops record their vjp on it, so it sits below the op surface (and must not use it).
  { name: 'tape', rank: 3, modules: ['autograd/tape.ts', 'autograd/node.ts'] },
  { name: 'ops', rank: 4, modules: ['ops/'] },
  // grad / valueAndGrad / checkGradients: written with ops.
  { name: 'autograd', rank: 5, modules: ['autograd/'] },
  { name: 'nn', rank: 6, modules: ['nn/'] },
  { name: 'model', rank: 7, modules: ['model/'] },
  // Beside the stack: images, datasets, pictures. They use the stack; the stack uses only the
  // modules listed in EXCEPTIONS from them.
  { name: 'io', rank: 8, modules: ['io/'] },
  { name: 'data', rank: 8, modules: ['data/'] },
  { name: 'viz', rank: 8, modules: ['viz/'] },
  // The package's root entry point gathers the stack (and the data containers) for users.
  { name: 'index', rank: 9, modules: ['index.ts'] },
  { name: 'art', rank: 10, modules: ['art/'] },
  { name: 'parity', rank: 10, modules: ['parity/'] },
  // The HTTP layer: the API over run folders (serve, the studio) composes the art tasks.
  { name: 'server', rank: 11, modules: ['server/'] },
  { name: 'cli', rank: 12, modules: ['cli/'] },
];

/** Deliberate imports of a higher layer: `from` (a layer name) may import the module `to`. */
const EXCEPTIONS: { from: string; to: string; typeOnly?: true; why: string }[] = [
  { from: 'tensor', to: 'autograd/node.ts', typeOnly: true, why: 'a tensor holds the GradNode that made it' },
  { from: 'model', to: 'data/dataset.ts', why: 'fit/evaluate/predict take a Dataset' },
  { from: 'model', to: 'data/arrays.ts', why: 'fit/evaluate/predict take plain shaped arrays' },
  { from: 'model', to: 'data/structure.ts', why: 'batches are nested structures of tensors, as data sets yield them' },
  { from: 'model', to: 'io/safetensors.ts', why: 'save/load write and read weights.safetensors' },
  { from: 'model', to: 'io/file-format-error.ts', why: 'loading reports malformed model files' },
  { from: 'model', to: 'io/atomic-write.ts', why: 'save and the logging callbacks replace files atomically' },
  { from: 'model', to: 'io/snapshots.ts', why: 'save, loadModel and the checkpoints write and read snapshot folders (docs/run-folders.md)' },
];

function layerOf(module: string): { name: string; rank: number } {
  const layer = LAYERS.find((l) => l.modules.some((m) => (m.endsWith('/') ? module.startsWith(m) : module === m)));
  assert.ok(layer, `src/${module} belongs to no layer: add it to LAYERS here and to docs/architecture.md`);
  return layer;
}

const imports = sourceImports(SRC);
const show = (i: SourceImport): string => `src/${i.from} -> src/${i.to}${i.typeOnly ? ' (type)' : ''}${i.dynamic ? ' (dynamic)' : ''}`;

test('the import graph of src/ is read (sanity: the scan finds the known edges)', () => {
  assert.ok(imports.length > 500, `only ${imports.length} imports found`);
  assert.ok(imports.some((i) => i.from === 'ops/arithmetic.ts' && i.to === 'autograd/tape.ts'));
});

test('(a) no module inside src/ imports the package\'s own index (src/index.ts)', () => {
  const offenders = imports.filter((i) => i.to === 'index.ts').map(show);
  assert.deepEqual(offenders, [], 'import from the defining modules instead (the index is for users)');
});

test('(b) the tape (src/autograd/tape.ts, node.ts) does not import the op surface (src/ops)', () => {
  const offenders = imports.filter((i) => layerOf(i.from).name === 'tape' && i.to.startsWith('ops/')).map(show);
  assert.deepEqual(offenders, []);
});

test('(c) no layer imports a layer above it (docs/architecture.md), except the listed deliberate imports', () => {
  const offenders: string[] = [];
  const used = new Set<(typeof EXCEPTIONS)[number]>();
  for (const i of imports) {
    const from = layerOf(i.from);
    const to = layerOf(i.to);
    if (to.rank <= from.rank) continue;
    const exception = EXCEPTIONS.find((e) => e.from === from.name && e.to === i.to && (!e.typeOnly || i.typeOnly));
    if (exception) used.add(exception);
    else offenders.push(`${show(i)}: ${from.name} imports ${to.name}, which is above it`);
  }
  assert.deepEqual(offenders, []);
  const stale = EXCEPTIONS.filter((e) => !used.has(e)).map((e) => `${e.from} -> ${e.to}`);
  assert.deepEqual(stale, [], 'exceptions no import needs any more: remove them here and in the doc');
});

test('every module of src/ belongs to a layer', () => {
  for (const i of imports) {
    layerOf(i.from);
    layerOf(i.to);
  }
});
