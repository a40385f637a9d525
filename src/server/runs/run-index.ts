/**
 * The runs a server can see: listing a runs folder, telling each run's kind from the files its
 * trainer wrote (docs/run-folders.md), and turning a run name from a request into a path that never
 * leaves the runs folder.
 *
 * Kinds, from the newest complete snapshots:
 * - `classify`: a `model-*` snapshot holding `classes.json` (`atelier classify train`);
 * - `text`: a `model-*` snapshot holding `text.json`, or, before its first model, a `checkpoint-*`
 *   holding it (`atelier text train`);
 * - `style`: a `checkpoint-*` snapshot holding `style-network.json` (`atelier style train`);
 * - `gan`: a `checkpoint-*` snapshot holding `gan.json` (`atelier gan train`);
 * - `unknown`: anything else (a folder of pictures, a run that has saved nothing yet).
 * @module
 */
import { existsSync, readFileSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { latestSnapshot, type Snapshot } from '../../io/snapshots.js';
import { CLASSES_FILE, CLASSIFIER_FILE, type ClassifierInfo } from '../../art/classify/run-folder.js';
import { GAN_STATE_FILE, type GanState } from '../../art/gan/run-folder.js';
import { TEXT_SETTINGS_FILE, type TextRunSettings } from '../../art/text/run-folder.js';
import { STYLE_STATE_FILE, type StyleNetworkState } from '../../art/style/fast/run-folder.js';
import { ApiError } from '../errors.js';

import type { RunKind, RunSummary, RunInfo } from './run-types.js';

export type { RunKind, RunSummary, RunInfo };

/** Reads what kind of run `path` holds and a summary of it. `name` defaults to the folder's name. */
export function describeRun(path: string, name = basename(path)): RunInfo {
  const absolute = resolve(path);
  const model = latestSnapshot(absolute, 'model');
  const checkpoint = latestSnapshot(absolute, 'checkpoint');
  const has = (s: Snapshot | null, file: string): s is Snapshot => s !== null && existsSync(join(s.path, file));
  let kind: RunKind = 'unknown';
  let snapshot: Snapshot | null = null;
  if (has(model, CLASSES_FILE)) [kind, snapshot] = ['classify', model];
  else if (has(model, TEXT_SETTINGS_FILE)) [kind, snapshot] = ['text', model];
  else if (has(checkpoint, GAN_STATE_FILE)) [kind, snapshot] = ['gan', checkpoint];
  else if (has(checkpoint, TEXT_SETTINGS_FILE)) [kind, snapshot] = ['text', checkpoint];
  else if (has(checkpoint, STYLE_STATE_FILE)) [kind, snapshot] = ['style', checkpoint];
  return { name, kind, path: absolute, snapshot: snapshot?.name ?? null, modified: modifiedTime(absolute, snapshot), summary: summarize(kind, snapshot) };
}

/**
 * Every run folder directly inside `root`, by name. Hidden entries (staging and trash folders start
 * with a dot) and plain files are skipped, and so are symbolic links that point outside `root`.
 * @param describe reads one run (default {@link describeRun}; a caller may answer from a cache).
 */
export function listRuns(root: string, describe: (path: string, name: string) => RunInfo = describeRun): RunInfo[] {
  const base = realRoot(root);
  const runs: RunInfo[] = [];
  for (const entry of readdirSync(base, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    let real: string;
    try {
      real = realpathSync(join(base, entry.name));
    } catch {
      continue; // a dangling link
    }
    if (!isInside(base, real) || !statSync(real).isDirectory()) continue;
    runs.push(describe(real, entry.name));
  }
  return runs.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The path of `name` (a run folder inside `root`), and of `parts` inside it, as a real path that is
 * inside `root`. Refuses with a 400 {@link ApiError} names and parts that are empty, absolute, `.` or
 * `..`, or hold a path separator or NUL (whether they came encoded as `%2F`/`%5C` or not), and with
 * a 404 a path that does not exist or that a symbolic link leads out of `root`.
 */
export function resolveRunPath(root: string, name: string, ...parts: string[]): string {
  const base = realRoot(root);
  checkSegment('run name', name);
  const segments = parts.flatMap((p) => p.split('/'));
  segments.forEach((s) => checkSegment('path', s));
  const wanted = join(base, name, ...segments);
  let real: string;
  try {
    real = realpathSync(wanted);
  } catch {
    throw new ApiError(404, 'not_found', `no ${segments.length > 0 ? `file ${segments.join('/')} in run '${name}'` : `run named '${name}'`} in the runs folder`);
  }
  if (!isInside(base, real)) throw new ApiError(404, 'not_found', `'${[name, ...segments].join('/')}' leads outside the runs folder`);
  return real;
}

function checkSegment(what: string, segment: string): void {
  const bad = segment === '' ? 'is empty' : segment === '.' || segment === '..' ? 'is a relative step'
    : /[/\\\0]/.test(segment) ? 'holds a path separator or NUL' : isAbsolute(segment) ? 'is an absolute path' : null;
  if (bad) throw new ApiError(400, 'bad_run_name', `${what} '${segment}' ${bad}; give a run folder's plain name`);
}

function realRoot(root: string): string {
  try {
    return realpathSync(root);
  } catch {
    throw new ApiError(500, 'no_runs_folder', `the runs folder ${root} does not exist`);
  }
}

function isInside(base: string, path: string): boolean {
  const rel = relative(base, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

function modifiedTime(path: string, snapshot: Snapshot | null): string {
  const times = [snapshot?.path, join(path, 'history.json'), path].flatMap((p) => {
    if (p === undefined) return [];
    try {
      return [statSync(p).mtimeMs];
    } catch {
      return [];
    }
  });
  return new Date(Math.max(...times)).toISOString();
}

function readJson<T>(folder: string, file: string): T {
  return JSON.parse(readFileSync(join(folder, file), 'utf8')) as T;
}

function summarize(kind: RunKind, snapshot: Snapshot | null): RunSummary {
  if (!snapshot) return {};
  try {
    switch (kind) {
      case 'classify': {
        const info = readJson<ClassifierInfo>(snapshot.path, CLASSIFIER_FILE);
        const classNames = readJson<string[]>(snapshot.path, CLASSES_FILE);
        return { data: info.dataFolder, classNames, imageSize: [info.imageSize[0], info.imageSize[1]], channels: info.channels, bestEpoch: info.bestEpoch };
      }
      case 'gan': {
        const state = readJson<GanState>(snapshot.path, GAN_STATE_FILE);
        const arch = state.settings.architecture;
        return { data: state.settings.data, classNames: state.settings.classNames, imageSize: [arch.size, arch.size], channels: arch.channels, step: state.step };
      }
      case 'text': {
        const s = readJson<TextRunSettings>(snapshot.path, TEXT_SETTINGS_FILE);
        return { data: s.corpus, arch: `${s.arch} ${s.layers}×${s.units}` };
      }
      case 'style': {
        const { settings, step } = readJson<StyleNetworkState>(snapshot.path, STYLE_STATE_FILE);
        const { width, residualBlocks } = settings.network;
        return { data: settings.content, style: settings.style, step, arch: `style network, width ${width}, ${residualBlocks} residual blocks` };
      }
      default:
        return {};
    }
  } catch (error) {
    return { error: `cannot read ${snapshot.path}: ${(error as Error).message}` };
  }
}
