/**
 * `atelier example mnist [--epochs N] [--batch-size N] [--seed N] [--out dir] [--json]`.
 * @module
 */
import type { Command } from 'commander';
import { runMnistExample } from '../examples/mnist.js';
import type { CliCommand } from './command.js';
import { integerOption } from './options.js';

/** Runnable examples, by name. */
const examples = ['mnist'] as const;

export const exampleCommand: CliCommand = {
  name: 'example',
  register(program: Command): void {
    const example = program.command('example').description(`run a worked example (${examples.join(', ')})`);
    example
      .command('mnist')
      .description('train the classic convnet (Conv2D 32 3x3 relu, Flatten, Dense 10 softmax) on MNIST, print test accuracy, save the model')
      .option('--epochs <n>', 'training epochs', integerOption(1), 3)
      .option('--batch-size <n>', 'samples per batch', integerOption(1), 32)
      .option('--seed <n>', 'seed of the split, the initial weights and the shuffling', integerOption(0), 0)
      .option('--train-size <n>', 'training digits', integerOption(1), 8000)
      .option('--test-size <n>', 'test digits', integerOption(1), 2000)
      .option('--out <dir>', 'output folder (default ./atelier-runs/mnist-<timestamp>)')
      .option('--json', 'print one JSON object with the results instead of text')
      .option('--resume', 'continue the run in --out from its last complete checkpoint (its seed and sizes are kept; --epochs may be raised)')
      .action(async (options: { epochs: number; batchSize: number; seed: number; trainSize: number; testSize: number; out?: string; json?: boolean; resume?: boolean }) => {
        await runMnistExample(options);
      });
  },
};
