/** Test helpers: reading fixture files from the repository (never from outside it). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tensor, type Tensor } from '../../src/index.js';

/** The repository root: the nearest folder above this compiled file that holds package.json. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('fixtures: package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

/** A tensor in the parity format: shape plus row-major data. */
export interface FixtureTensor {
  shape: number[];
  data: number[];
}

/** One case of a parity file (see test/fixtures/parity/FORMAT in the shared parity folder). */
export interface ParityCase {
  name: string;
  op: string;
  attrs: Record<string, unknown>;
  inputs: Record<string, FixtureTensor>;
  output?: FixtureTensor;
  grads?: Record<string, FixtureTensor>;
  labels?: FixtureTensor;
  trajectory?: FixtureTensor[];
}

/** Reads `test/fixtures/parity/<file>` and returns its cases. */
export function parityCases(file = 'sample.json'): ParityCase[] {
  const text = readFileSync(join(repoRoot(), 'test', 'fixtures', 'parity', file), 'utf8');
  return (JSON.parse(text) as { cases: ParityCase[] }).cases;
}

/** The parity case called `name`; throws when absent so a renamed fixture cannot silently skip a test. */
export function parityCase(name: string, file = 'sample.json'): ParityCase {
  const found = parityCases(file).find((c) => c.name === name);
  if (!found) throw new Error(`fixtures: no case '${name}' in ${file}`);
  return found;
}

/** A float32 tensor from a fixture tensor. */
export function fromFixture(t: FixtureTensor): Tensor {
  return tensor(t.data, t.shape);
}
