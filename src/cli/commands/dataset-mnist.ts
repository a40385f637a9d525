/**
 * `atelier dataset mnist <out-dir>`: the built-in digits as an image folder, written whole or not at all.
 * @module
 */
import { existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { ArgumentError } from '../../errors.js';
import { exportMnistPngs, type MnistExportResult } from '../../data/index.js';
import type { TextStream } from './dataset.js';

/** Options of {@link exportMnistFolder} (the CLI flags). */
export interface DatasetMnistOptions {
  count?: number;
  seed?: number;
  json?: boolean;
}

/**
 * Writes MNIST PNGs into a staging folder beside `outDir` and renames it to `outDir` once every
 * file is written, so a reader (or a training job queued behind this one) never sees half a data
 * set; an interrupted export leaves only the staging folder, which the next export replaces.
 */
export async function exportMnistFolder(outDir: string, options: DatasetMnistOptions = {}, stdout: TextStream = process.stdout): Promise<MnistExportResult> {
  if (existsSync(outDir)) throw new ArgumentError(`dataset mnist: ${outDir} already exists; choose another folder or remove it`);
  const staging = join(dirname(outDir), `.staging-${basename(outDir)}`);
  await rm(staging, { recursive: true, force: true });
  const result = await exportMnistPngs(staging, { count: options.count, seed: options.seed ?? 0 });
  await rename(staging, outDir);
  if (options.json) stdout.write(`${JSON.stringify({ outDir, count: result.count, perClass: result.perClass })}\n`);
  else stdout.write(`Wrote ${result.count} digits (${result.perClass.join(', ')} per class 0-9) to ${outDir}; train with: atelier classify train ${outDir} --grey --image-size 28 -o <run-dir>\n`);
  return result;
}
