/** Test helper: a fresh temporary folder, removed when the test file ends. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after } from 'node:test';

/** Creates `<tmp>/atelier-<label>-XXXX` and schedules its removal after the file's tests. */
export function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `atelier-${label}-`));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The repository root, from the compiled test's location (dist/test/...). */
export function repoRoot(): string {
  return fileURLToPath(new URL('../../../', import.meta.url));
}
