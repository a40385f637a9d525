/**
 * `atelier gan evaluate <run-dir> [-n 2000] [--classifier <run-dir>] [--json]`.
 * @module
 */
import type { Command } from 'commander';
import { evaluateGan, formatGanEvaluation, type GanEvaluation } from '../../../art/gan/index.js';
import { integerOption } from '../options.js';

/** The flags of `gan evaluate`. */
export interface GanEvaluateFlags {
  count: number;
  seed?: number;
  classifier?: string;
  raw?: boolean;
  json?: boolean;
}

/** Evaluates a run and prints the figures (or one JSON object). */
export async function runGanEvaluate(runDir: string, flags: GanEvaluateFlags, stdout: { write(s: string): unknown } = process.stdout): Promise<GanEvaluation> {
  const result = await evaluateGan(runDir, {
    count: flags.count, seed: flags.seed, classifier: flags.classifier, raw: flags.raw, op: 'gan evaluate',
    onMessage: flags.json ? undefined : (m) => stdout.write(`${m}\n`),
  });
  stdout.write(flags.json ? `${JSON.stringify(result)}\n` : `${formatGanEvaluation(result)}\n`);
  return result;
}

/** Adds `evaluate` to the `gan` command. */
export function registerGanEvaluate(gan: Command): void {
  gan
    .command('evaluate')
    .description('measure a run: the MNIST judge (confident share, class histogram, FID-MNIST) or an artist classifier and the memorisation check')
    .argument('<run-dir>', "a run folder written by 'atelier gan train'")
    .option('-n, --count <n>', 'samples to draw', integerOption(2), 2000)
    .option('--seed <n>', 'seed of the samples (default: 1)', integerOption(0))
    .option('--classifier <run-dir>', "a 'classify train' run whose classes match the GAN's (painting runs)")
    .option('--raw', "evaluate the generator's own weights instead of their moving average")
    .option('--json', 'print one JSON object')
    .action(async (runDir: string, flags: GanEvaluateFlags) => {
      await runGanEvaluate(runDir, flags);
    });
}
