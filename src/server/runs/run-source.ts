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

/** The runs an API serves. Both methods read the folders again, so a run that trains on is seen anew. */
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
  return {
    list: () => Promise.resolve([...byName].map(([name, path]) => describeRun(path, name))),
    find: (name) => {
      const path = byName.get(name);
      return Promise.resolve(path === undefined ? null : describeRun(path, name));
    },
  };
}

/** Every run folder inside `root`, listed again at every call. */
export function runsFolder(root: string): RunSource {
  return {
    list: () => Promise.resolve(listRuns(root)),
    find: (name) => {
      let path: string;
      try {
        path = resolveRunPath(root, name);
      } catch (error) {
        if (!(error instanceof ApiError) || error.statusCode !== 404) return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        return Promise.resolve(null);
      }
      return Promise.resolve(describeRun(path, name));
    },
  };
}
