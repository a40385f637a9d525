/**
 * Where the served runs come from: a fixed list of run folders (`atelier serve <run-dir...>`) or a
 * runs folder read again at every look (the studio, where runs appear while it is open).
 * @module
 */
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { ArgumentError } from '../../errors.js';
import { ApiError } from '../errors.js';
import { describeRun, listRuns, resolveRunPath, type RunInfo } from './run-index.js';

/**
 * The runs an API serves. Both methods read the folders again (at most once a second per run), so
 * a run that trains on is seen anew.
 */
export interface RunSource {
  /** Every run served, by name. */
  list(): Promise<RunInfo[]>;
  /** The run called `name`, or null when none is. Names that try to leave the runs folder are refused (400). */
  find(name: string): Promise<RunInfo | null>;
}

/**
 * A fixed list of run folders, each called by its folder's name. Throws an `ArgumentError` when a
 * folder does not exist or two share a name.
 * @example const runs = fixedRuns(['runs/artists', 'runs/digits-gan']);
 */
export function fixedRuns(folders: readonly string[]): RunSource {
  if (folders.length === 0) throw new ArgumentError('serve: give at least one run folder');
  const byName = new Map<string, string>();
  for (const folder of folders) {
    const path = resolve(folder);
    if (!existsSync(path) || !statSync(path).isDirectory()) throw new ArgumentError(`serve: run folder ${folder} does not exist or is not a folder`);
    const name = basename(path);
    const other = byName.get(name);
    if (other !== undefined) throw new ArgumentError(`serve: ${other} and ${path} are both called '${name}'; requests pick runs by folder name, so rename one`);
    byName.set(name, path);
  }
  const describe = recentDescriptions();
  return {
    list: () => Promise.resolve([...byName].map(([name, path]) => describe(path, name))),
    find: (name) => {
      const path = byName.get(name);
      return Promise.resolve(path === undefined ? null : describe(path, name));
    },
  };
}

/** Every run folder inside `root`, listed again at every call. */
export function runsFolder(root: string): RunSource {
  const describe = recentDescriptions();
  return {
    list: () => Promise.resolve(listRuns(root, describe)),
    find: (name) => {
      let path: string;
      try {
        path = resolveRunPath(root, name);
      } catch (error) {
        if (!(error instanceof ApiError) || error.statusCode !== 404) return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        return Promise.resolve(null);
      }
      return Promise.resolve(describe(path, name));
    },
  };
}

/** How long a run's description is reused: every request looks its run up, and a look reads several files. */
const DESCRIPTION_TTL_MS = 1000;

/** `describeRun`, answered from memory for the same folder and name within {@link DESCRIPTION_TTL_MS}. */
function recentDescriptions(): (path: string, name: string) => RunInfo {
  const held = new Map<string, { at: number; info: RunInfo }>();
  return (path, name) => {
    const key = `${name}\0${path}`;
    const now = Date.now();
    const entry = held.get(key);
    if (entry && now - entry.at < DESCRIPTION_TTL_MS) return entry.info;
    const info = describeRun(path, name);
    held.set(key, { at: now, info });
    return info;
  };
}
