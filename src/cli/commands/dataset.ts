/**
 * `atelier dataset patches [images-dir] <out-dir>`: labelled painting patches with a leakage-free
 * train/validation split (wraps `cutPatches`).
 * @module
 */
import type { Command } from 'commander';
import { ArgumentError } from '../../errors.js';
import { cutPatches, type PatchManifest } from '../../data/index.js';
import { exportMnistFolder } from './dataset-mnist.js';
import { shippedPaintingsDir } from '../../art/assets.js';
import { requireFolder } from '../../art/classify/data.js';
import type { CliCommand } from './command.js';
import { integerOption } from './options.js';

/** Options of {@link runDatasetPatches} (the CLI flags). */
export interface DatasetPatchesOptions {
  size?: number;
  perImage?: number;
  valPerImage?: number;
  labels?: string;
  seed?: number;
  overwrite?: boolean;
  json?: boolean;
}

/** Output of the dataset commands. */
export interface TextStream {
  write(text: string): unknown;
}

/**
 * Cuts patches from `imagesDir` (default: the shipped paintings) into `outDir/train` and
 * `outDir/val` and prints a per-class summary.
 */
export async function runDatasetPatches(imagesDir: string | undefined, outDir: string, options: DatasetPatchesOptions = {}, stdout: TextStream = process.stdout): Promise<PatchManifest> {
  const source = imagesDir ?? shippedPaintingsDir();
  await requireFolder('dataset patches', source, 'images folder');
  const manifest = await cutPatches(source, outDir, {
    size: options.size ?? 64, perImage: options.perImage ?? 300, valPerImage: options.valPerImage ?? 100,
    ...(options.labels === undefined ? {} : { labels: options.labels }), seed: options.seed ?? 0, overwrite: options.overwrite ?? false,
  });
  const count = (label: string, split: 'train' | 'val') => manifest.patches.filter((p) => p.label === label && p.split === split).length;
  if (options.json) {
    stdout.write(`${JSON.stringify({ outDir, classes: manifest.classes, train: manifest.patches.filter((p) => p.split === 'train').length, val: manifest.patches.filter((p) => p.split === 'val').length })}\n`);
    return manifest;
  }
  const width = Math.max(5, ...manifest.classes.map((c) => c.length));
  stdout.write(`Cut ${manifest.patches.length} patches of ${manifest.size}×${manifest.size} from ${manifest.sources.length} images in ${source}\n`);
  stdout.write(`${'class'.padEnd(width)}  ${'train'.padStart(6)}  ${'val'.padStart(6)}  split\n`);
  for (const label of manifest.classes) {
    const roles = manifest.sources.filter((s) => s.label === label);
    const how = roles.length > 1 ? `last of ${roles.length} paintings held out` : 'one painting: left 75% train, right 25% val';
    stdout.write(`${label.padEnd(width)}  ${String(count(label, 'train')).padStart(6)}  ${String(count(label, 'val')).padStart(6)}  ${how}\n`);
  }
  stdout.write(`Wrote ${outDir}/train, ${outDir}/val and ${outDir}/manifest.json; train with: atelier classify train ${outDir} -o <run-dir>\n`);
  return manifest;
}

export const datasetCommand: CliCommand = {
  name: 'dataset',
  register(program: Command): void {
    const dataset = program.command('dataset').description('build training data (painting patches, MNIST as image files)');
    dataset
      .command('patches')
      .description('cut labelled square patches from paintings, with a split where no region of a painting is in both train and val (default images: the shipped assets/paintings)')
      .argument('<dirs...>', '[images-dir] <out-dir>: the paintings (default: the shipped ones) and the folder to write')
      .option('--size <n>', 'patch side in pixels', integerOption(1), 64)
      .option('--per-image <n>', 'patches per training painting', integerOption(1), 300)
      .option('--val-per-image <n>', 'patches per validation painting or region', integerOption(1), 100)
      .option('--labels <source>', "'prefix' (artist from the file name), a CSV of file,label rows or a JSON object file -> label (default: the images folder's labels.json if it has one, else 'prefix')")
      .option('--seed <n>', 'seed of the patch positions', integerOption(0), 0)
      .option('--overwrite', 'replace train/, val/ and manifest.json in the output folder')
      .option('--json', 'print one JSON summary')
      .action(async (dirs: string[], options: DatasetPatchesOptions) => {
        if (dirs.length > 2) throw new ArgumentError(`dataset patches: expected [images-dir] <out-dir>, got ${dirs.length} paths`);
        const [imagesDir, outDir] = dirs.length === 2 ? [dirs[0], dirs[1]!] : [undefined, dirs[0]!];
        await runDatasetPatches(imagesDir, outDir, options);
      });
    dataset
      .command('mnist')
      .description("write the MNIST digits shipped with the 'mnist' package as PNGs, one sub-folder per digit, for 'classify train' (the folder appears whole, in one rename)")
      .argument('<out-dir>', 'the folder to write (must not exist)')
      .option('--count <n>', 'digits to write, picked at random by --seed (default: all 10,000)', integerOption(1))
      .option('--seed <n>', 'seed of the pick', integerOption(0), 0)
      .option('--json', 'print one JSON summary')
      .action(async (outDir: string, options: { count?: number; seed: number; json?: boolean }) => {
        await exportMnistFolder(outDir, options);
      });
  },
};
