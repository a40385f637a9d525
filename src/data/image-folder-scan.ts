/**
 * Scanning an image-folder tree: class folders, their files, and the up-front checks.
 * @module
 */
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ArgumentError } from '../errors.js';
import { getImageCodec } from '../io/image-codec.js';
import { ImageDecodeError } from '../io/image-errors.js';
import { describeFsError } from '../io/fs-errors.js';
import { mapLimited } from '../io/map-limited.js';
import { byName, isIgnoredName } from './image-files.js';
import type { ImageLoader } from './image-loader.js';

/** The class folders under `root`: every non-hidden sub-folder sorted by name, or `wanted` in its order. */
export async function findClassFolders(op: string, root: string, wanted: readonly string[] | undefined, warn: (m: string) => void): Promise<string[]> {
  let info;
  try {
    info = await stat(root);
  } catch (error) {
    throw new ArgumentError(`${op}: root folder '${root}' ${describeFsError(error)}`);
  }
  if (!info.isDirectory()) throw new ArgumentError(`${op}: root '${root}' is a file, expected a folder with one sub-folder per class`);
  const folders = (await readFolder(op, root))
    .filter((e) => e.isDirectory() && !isIgnoredName(e.name))
    .map((e) => e.name)
    .sort(byName);
  if (folders.length === 0) {
    throw new ArgumentError(`${op}: '${root}' has no class sub-folders; expected ${join(root, '<class name>', '<image files>')} (one folder per class)`);
  }
  if (!wanted) return folders;
  const missing = wanted.filter((name) => !folders.includes(name));
  if (missing.length > 0) throw new ArgumentError(`${op}: classNames ${missing.map((n) => `'${n}'`).join(', ')} have no folder under '${root}' (found ${folders.join(', ')})`);
  if (new Set(wanted).size !== wanted.length) throw new ArgumentError(`${op}: classNames has duplicates: ${wanted.join(', ')}`);
  const unused = folders.filter((name) => !wanted.includes(name));
  if (unused.length > 0) warn(`ImageFolderDataset: ignoring folder(s) not in classNames: ${unused.join(', ')}`);
  return [...wanted];
}

/** The entries of `folder`; an {@link ArgumentError} naming the folder and the cause when it cannot be listed. */
async function readFolder(op: string, folder: string): Promise<Dirent[]> {
  try {
    return await readdir(folder, { withFileTypes: true });
  } catch (error) {
    throw new ArgumentError(`${op}: folder '${folder}' ${describeFsError(error)}`);
  }
}

/** Every non-hidden file under `dir`, sorted by relative path. */
export async function listFilesRecursively(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    const entries = (await readFolder('ImageFolderDataset.create', folder)).filter((e) => !isIgnoredName(e.name));
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() || entry.isSymbolicLink()) out.push(path);
    }
  };
  await walk(dir);
  return out.sort((a, b) => byName(relative(dir, a), relative(dir, b)));
}

/** Checks every file's header (or decodes it), skipping or throwing on failures as the loader says. */
export async function validateFiles(files: string[], mode: 'header' | 'decode' | 'none', loader: ImageLoader): Promise<void> {
  if (mode === 'none') return;
  if (mode !== 'header' && mode !== 'decode') throw new ArgumentError(`ImageFolderDataset.create: validate must be 'header', 'decode' or 'none', got '${String(mode)}'`);
  const codec = await getImageCodec();
  await mapLimited(files, loader.concurrency, async (file) => {
    try {
      if (mode === 'decode') await loader.load(file);
      else await codec.probe(file, loader.request);
    } catch (error) {
      if (!(error instanceof ImageDecodeError) || !loader.skipBadFiles) throw error;
      loader.skip(file, error.reason);
    }
  });
}
