/**
 * `atelier classify predict <run-dir> <images...> [--top-k K] [--json]`.
 * @module
 */
import type { Command } from 'commander';
import { predictImages, type ImagePrediction } from '../../../art/classify/index.js';
import { integerOption } from '../options.js';

/** The flags of `classify predict`. */
export interface ClassifyPredictFlags {
  topK?: number;
  json?: boolean;
}

/**
 * Prints each image's top classes (or a JSON list). An image that cannot be read does not stop the
 * others: each is reported on `stderr` (`atelier: classify predict: <file>: <why>`; in the JSON list
 * as `{ file, top: [], error }`), and the exit code is 1.
 */
export async function runClassifyPredict(
  runDir: string, images: string[], flags: ClassifyPredictFlags = {},
  stdout: { write(s: string): unknown } = process.stdout, stderr: { write(s: string): unknown } = process.stderr,
): Promise<ImagePrediction[]> {
  const op = 'classify predict';
  const predictions = await predictImages(runDir, images, { topK: flags.topK ?? 3, op, badFiles: 'report' });
  const failed = predictions.filter((p) => p.error !== undefined);
  failed.forEach((p) => stderr.write(`atelier: ${op}: ${p.file}: ${p.error}\n`));
  if (failed.length > 0) {
    if (predictions.length > 1) {
      const rest = failed.length === predictions.length ? 'none was predicted' : 'the others were predicted';
      stderr.write(`atelier: ${op}: ${failed.length} of ${predictions.length} images could not be read; ${rest}\n`);
    }
    process.exitCode = 1;
  }
  if (flags.json) {
    stdout.write(`${JSON.stringify(predictions)}\n`);
    return predictions;
  }
  for (const p of predictions) {
    if (p.error !== undefined) continue;
    stdout.write(`${p.file}\n`);
    const width = Math.max(...p.top.map((t) => t.className.length));
    p.top.forEach((t, i) => stdout.write(`  ${i + 1}. ${t.className.padEnd(width)}  ${(t.probability * 100).toFixed(1).padStart(5)}%\n`));
  }
  return predictions;
}

/** Adds `predict` to the `classify` command. */
export function registerClassifyPredict(classify: Command): void {
  classify
    .command('predict')
    .description('classify images with a trained run: the top classes and their probabilities')
    .argument('<run-dir>', "a run folder written by 'atelier classify train'")
    .argument('<images...>', 'image files')
    .option('--top-k <k>', 'classes listed per image', integerOption(1), 3)
    .option('--json', 'print a JSON list')
    .action(async (runDir: string, images: string[], flags: ClassifyPredictFlags, command: Command) => {
      const output = command.configureOutput();
      await runClassifyPredict(runDir, images, flags, process.stdout, output.writeErr ? { write: (text: string) => output.writeErr!(text) } : process.stderr);
    });
}
