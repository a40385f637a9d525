/**
 * `atelier gan sample <run-dir> -n N -o <out.png|out.npy|folder> [--class name] [--seed s] [--truncation x]`.
 * @module
 */
import type { Command } from 'commander';
import { sampleGan, writeSamples } from '../../../art/gan/index.js';
import { integerOption, numberOption } from '../options.js';

/** The flags of `gan sample`. */
export interface GanSampleFlags {
  count: number;
  out: string;
  class?: string;
  seed?: number;
  truncation?: number;
  raw?: boolean;
}

/** Draws samples from a run and writes them; returns the description printed. */
export async function runGanSample(runDir: string, flags: GanSampleFlags, stdout: { write(s: string): unknown } = process.stdout): Promise<string> {
  const samples = sampleGan(runDir, { count: flags.count, className: flags.class, seed: flags.seed, truncation: flags.truncation, raw: flags.raw, op: 'gan sample' });
  const written = await writeSamples(samples, flags.out);
  stdout.write(`Wrote ${written}\n`);
  return written;
}

/** Adds `sample` to the `gan` command. */
export function registerGanSample(gan: Command): void {
  gan
    .command('sample')
    .description('draw images from a trained run: a .png grid, a .npy array (float32 NHWC in [0, 1]) or a folder of PNGs')
    .argument('<run-dir>', "a run folder written by 'atelier gan train'")
    .option('-n, --count <n>', 'images to draw', integerOption(1), 64)
    .requiredOption('-o, --out <out>', 'grid.png, samples.npy or a folder')
    .option('--class <name>', 'only this class (conditional runs)')
    .option('--seed <n>', 'seed of the noise (default: 0)', integerOption(0))
    .option('--truncation <x>', 'redraw noise components beyond ±x (less varied, more typical images)', numberOption(0.01, 100))
    .option('--raw', "use the generator's own weights instead of their moving average")
    .action(async (runDir: string, flags: GanSampleFlags) => {
      await runGanSample(runDir, flags);
    });
}
