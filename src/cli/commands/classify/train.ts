/**
 * `atelier classify train <folder> -o <run-dir> [...]`.
 * @module
 */
import type { Command } from 'commander';
import { trainClassifier, type TrainClassifierResult } from '../../../art/classify/index.js';
import type * as callbacks from '../../../model/callbacks/index.js';
import { choiceOption, integerOption, numberOption } from '../options.js';

/** The flags of `classify train`. */
export interface ClassifyTrainFlags {
  out: string;
  epochs?: number;
  batchSize?: number;
  imageSize?: number;
  model?: string;
  seed?: number;
  patience?: number;
  learningRate?: number;
  validationSplit?: number;
  monitor?: 'val_loss' | 'val_accuracy';
  augment?: boolean;
  classWeights?: boolean;
  grey?: boolean;
  overwrite?: boolean;
  resume?: boolean;
  json?: boolean;
}

/** Trains a classifier on `folder` into `flags.out`, with a progress bar (or one JSON object with `--json`). */
export async function runClassifyTrain(folder: string, flags: ClassifyTrainFlags, stdout: callbacks.ProgressStream = process.stdout): Promise<TrainClassifierResult> {
  const result = await trainClassifier(folder, {
    outDir: flags.out, epochs: flags.epochs, batchSize: flags.batchSize, imageSize: flags.imageSize, model: flags.model, seed: flags.seed,
    patience: flags.patience, learningRate: flags.learningRate, validationSplit: flags.validationSplit, monitor: flags.monitor,
    augment: flags.augment ?? true, classWeights: flags.classWeights === false ? 'none' : 'balanced', channels: flags.grey ? 1 : 3,
    overwrite: flags.overwrite ?? false, resume: flags.resume ?? false, verbose: flags.json ? 0 : 1, stream: stdout, op: 'classify train',
  });
  if (flags.json) {
    const { runDir, classNames, bestEpoch, validationAccuracy, trainCount, validationCount, history } = result;
    stdout.write(`${JSON.stringify({ runDir, classNames, bestEpoch, validationAccuracy, trainCount, validationCount, epochSeconds: history.epochSeconds, history: history.history })}\n`);
  }
  return result;
}

/** Adds `train` to the `classify` command. */
export function registerClassifyTrain(classify: Command): void {
  classify
    .command('train')
    .description('train an image classifier on <folder> (one sub-folder per class, or train/ and val/ as `atelier dataset patches` writes); validation every epoch, early stopping, best checkpoint')
    .argument('<folder>', 'the training images')
    .requiredOption('-o, --out <run-dir>', 'run folder to write (model, classes.json, history.json, curves)')
    .option('--epochs <n>', 'maximum epochs (default: 20)', integerOption(1))
    .option('--batch-size <n>', 'images per batch (default: 32)', integerOption(1))
    .option('--image-size <n>', 'images are resized to n×n (default: 64)', integerOption(1))
    .option('--model <config.json>', 'custom architecture: a JSON list of layer configs (as in model.json)')
    .option('--seed <n>', 'seed of the split, weights, shuffling and augmentation (default: 0)', integerOption(0))
    .option('--patience <n>', 'epochs without improvement before stopping (default: 5)', integerOption(0))
    .option('--learning-rate <x>', "Adam's learning rate (default: 0.001)", numberOption(1e-8, 10))
    .option('--validation-split <x>', 'fraction held out per class when there is no val/ folder (default: 0.2)', numberOption(0.01, 0.9))
    .option('--monitor <key>', 'what "best" means: val_loss or val_accuracy (default: val_loss)', choiceOption(['val_loss', 'val_accuracy'] as const))
    .option('--no-augment', 'train without random crops and flips')
    .option('--no-class-weights', 'do not weigh the loss by inverse class frequency')
    .option('--grey', 'train on one grey channel instead of RGB')
    .option('--overwrite', 'replace the run already in the run folder (its model stays usable until the new one is saved)')
    .option('--resume', 'continue the run in the run folder from its last complete checkpoint, exactly (--epochs may be raised)')
    .option('--json', 'print one JSON object with the results instead of progress')
    .action(async (folder: string, flags: ClassifyTrainFlags) => {
      await runClassifyTrain(folder, flags);
    });
}
