/**
 * `atelier gan train <folder|mnist> -o <run-dir> [...]`.
 * @module
 */
import type { Command } from 'commander';
import { trainGan, type TrainGanResult } from '../../../art/gan/index.js';
import type { ProgressStream } from '../../../art/gan/progress.js';
import { choiceOption, integerOption, numberOption } from '../options.js';

/** The flags of `gan train`. */
export interface GanTrainFlags {
  out: string;
  size?: number;
  conditional?: boolean;
  epochs?: number;
  minutes?: number;
  batchSize?: number;
  loss?: 'nsgan' | 'hinge';
  labelSmoothing?: number;
  augment?: string;
  ema?: number;
  learningRate?: number;
  width?: number;
  spectralNorm?: boolean;
  grey?: boolean;
  seed?: number;
  sampleEvery?: number;
  checkpointEvery?: number;
  resume?: boolean;
  overwrite?: boolean;
  json?: boolean;
}

/** Trains a GAN on `source` into `flags.out` (progress, or one JSON object with `--json`). */
export async function runGanTrain(source: string, flags: GanTrainFlags, stdout: ProgressStream = process.stdout): Promise<TrainGanResult> {
  const result = await trainGan(source, {
    outDir: flags.out, size: flags.size, conditional: flags.conditional, epochs: flags.epochs, minutes: flags.minutes, batchSize: flags.batchSize,
    loss: flags.loss, labelSmoothing: flags.labelSmoothing, augment: flags.augment, emaDecay: flags.ema, learningRate: flags.learningRate,
    width: flags.width, spectralNorm: flags.spectralNorm, channels: flags.grey ? 1 : undefined, seed: flags.seed, sampleEvery: flags.sampleEvery, checkpointEvery: flags.checkpointEvery,
    resume: flags.resume ?? false, overwrite: flags.overwrite ?? false, verbose: flags.json ? 0 : 1, stream: stdout, op: 'gan train',
  });
  if (flags.json) {
    const { runDir, steps, seconds, stoppedBy, state } = result;
    stdout.write(`${JSON.stringify({ runDir, steps, seconds, stoppedBy, step: state.step, epoch: state.epoch, settings: state.settings, warnings: state.warnings })}\n`);
  }
  return result;
}

/** Adds `train` to the `gan` command. */
export function registerGanTrain(gan: Command): void {
  gan
    .command('train')
    .description('train a DCGAN on the built-in digits (mnist), an image folder (sub-folders are classes) or painting patches (train/ and val/)')
    .argument('<folder|mnist>', 'the training images')
    .requiredOption('-o, --out <run-dir>', 'run folder to write (checkpoints, sample grids, curves)')
    .option('--size <n>', 'image side: 28, 32 or 64 (default: 28 for mnist, 64 for folders)', integerOption(1))
    .option('--conditional', 'condition on the classes (sub-folders, digits): sample a chosen class later')
    .option('--epochs <n>', 'epochs to train (default: 20; unbounded with --minutes)', integerOption(1))
    .option('--minutes <m>', 'time budget: stop at the end of the step that crosses it, and save', numberOption(0.001, 1e6))
    .option('--batch-size <n>', 'images per batch (default: 64)', integerOption(1))
    .option('--loss <kind>', 'nsgan (non-saturating, default) or hinge', choiceOption(['nsgan', 'hinge'] as const))
    .option('--label-smoothing <x>', "real images' target is 1 - x (nsgan; default: 0.1)", numberOption(0, 0.49))
    .option('--augment <policy>', 'DiffAugment: color,translation,cutout (any subset) or none (default: all three under 5,000 images, else none)')
    .option('--ema <decay>', "decay of the generator's weight average used for sampling (default: 0.999; 0 turns it off)", numberOption(0, 0.999999))
    .option('--learning-rate <x>', "Adam's learning rate for both networks (default: 0.0002; the one setting --resume may change)", numberOption(1e-8, 1))
    .option('--width <n>', "filters of the discriminator's first layer; the generator mirrors it (default: 64)", integerOption(1))
    .option('--spectral-norm', "spectrally normalise the discriminator's layers instead of batch-normalising them")
    .option('--grey', 'train on one grey channel (folders; mnist is always grey)')
    .option('--seed <n>', 'seed of the weights, data order, noise and augmentation (default: 0)', integerOption(0))
    .option('--sample-every <n>', 'steps between fixed-noise sample grids (default: 500)', integerOption(1))
    .option('--checkpoint-every <n>', 'steps between checkpoints (default: 500)', integerOption(1))
    .option('--resume', 'continue the run in the run folder exactly from its last complete checkpoint')
    .option('--overwrite', 'replace the run already in the run folder')
    .option('--json', 'print one JSON object with the results instead of progress')
    .action(async (source: string, flags: GanTrainFlags) => {
      await runGanTrain(source, flags);
    });
}
