/**
 * `atelier gan interpolate <run-dir> -o walk.png|walk.gif --steps K [--points P] [--class name] [--seed s]`.
 * @module
 */
import type { Command } from 'commander';
import { latentWalk, writeWalk } from '../../../art/gan/index.js';
import { integerOption, numberOption } from '../options.js';

/** The flags of `gan interpolate`. */
export interface GanInterpolateFlags {
  out: string;
  steps: number;
  points: number;
  class?: string;
  seed?: number;
  truncation?: number;
}

/** Generates a latent walk and writes it; returns the description printed. */
export async function runGanInterpolate(runDir: string, flags: GanInterpolateFlags, stdout: { write(s: string): unknown } = process.stdout): Promise<string> {
  const walk = latentWalk(runDir, { steps: flags.steps, points: flags.points, className: flags.class, seed: flags.seed, truncation: flags.truncation, op: 'gan interpolate' });
  const written = await writeWalk(walk, flags.out);
  stdout.write(`Wrote ${written}${walk.className !== null ? `, class ${walk.className}` : ''}\n`);
  return written;
}

/** Adds `interpolate` to the `gan` command. */
export function registerGanInterpolate(gan: Command): void {
  gan
    .command('interpolate')
    .description('walk the latent space by spherical interpolation between random points: a .png strip or a looping .gif')
    .argument('<run-dir>', "a run folder written by 'atelier gan train'")
    .requiredOption('-o, --out <walk.png|walk.gif>', 'the strip or animation to write')
    .option('--steps <k>', 'frames between two key points, both included', integerOption(2), 8)
    .option('--points <p>', 'latent key points to visit', integerOption(2), 2)
    .option('--class <name>', 'class of every frame (conditional runs; default the first class)')
    .option('--seed <n>', 'seed of the key points (default: 0)', integerOption(0))
    .option('--truncation <x>', 'redraw noise components beyond ±x', numberOption(0.01, 100))
    .action(async (runDir: string, flags: GanInterpolateFlags) => {
      await runGanInterpolate(runDir, flags);
    });
}
