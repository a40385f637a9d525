/**
 * Watches a run folder while a job writes it: reports each top-level file that appears or changes
 * (history.json, curves, sample grids, style previews, samples.txt) and each new snapshot folder
 * (`model-000003`), by looking every few hundred milliseconds. Looking, not `fs.watch`: the CLI writes by atomic
 * rename, which `fs.watch` reports unevenly across platforms, and a few stats per second cost nothing.
 * @module
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** A file or snapshot folder of a run folder, as a `file` event reports it. */
export interface RunFileChange {
  /** Name relative to the run folder (`history.json`, `samples/step-000500.png`, `model-000003`). */
  readonly name: string;
  readonly size: number;
  /** Modification time, milliseconds since the epoch. */
  readonly modified: number;
}

/** A running watcher. */
export interface RunWatcher {
  /** Takes one last look (so the final files are reported) and stops. */
  stop(): Promise<void>;
}

/** Folders whose files are reported too (GAN sample grids live in `samples/`, style previews in `previews/`). */
const NESTED = new Set(['samples', 'previews']);

/** Starts watching `runDir` (which may not exist yet); `onChange` gets every new or changed entry. */
export function watchRunFolder(runDir: string, onChange: (change: RunFileChange) => void, intervalMs: number): RunWatcher {
  const seen = new Map<string, string>();
  let looking: Promise<void> = Promise.resolve();
  const look = async (): Promise<void> => {
    for (const change of await listRunEntries(runDir)) {
      const key = `${change.size}:${change.modified}`;
      if (seen.get(change.name) === key) continue;
      seen.set(change.name, key);
      onChange(change);
    }
  };
  const timer = setInterval(() => {
    looking = looking.then(look);
  }, intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      looking = looking.then(look);
      await looking;
    },
  };
}

/** The entries of a run folder worth reporting; an absent or unreadable folder has none. */
async function listRunEntries(runDir: string): Promise<RunFileChange[]> {
  const out: RunFileChange[] = [];
  const visit = async (relative: string): Promise<void> => {
    const entries = await readdir(join(runDir, relative), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const name = relative ? `${relative}/${entry.name}` : entry.name;
      const info = await stat(join(runDir, name)).catch(() => null);
      if (!info) continue;
      if (entry.isDirectory() && NESTED.has(name)) await visit(name);
      else if (entry.isFile() || /^[a-z]+-\d+$/.test(entry.name)) out.push({ name, size: info.isFile() ? info.size : 0, modified: Math.round(info.mtimeMs) });
    }
  };
  await visit('');
  return out;
}
