/**
 * `atelier classify evaluate <run-dir> <folder> [--json]`.
 * @module
 */
import type { Command } from 'commander';
import { evaluateClassifier, formatEvaluation, type ClassifierEvaluation } from '../../../art/classify/index.js';

/** The flags of `classify evaluate`. */
export interface ClassifyEvaluateFlags {
  out?: string;
  all?: boolean;
  json?: boolean;
}

/** Evaluates and prints accuracy, the per-class table and the confusion matrix (or JSON). */
export async function runClassifyEvaluate(runDir: string, folder: string, flags: ClassifyEvaluateFlags = {}, stdout: { write(s: string): unknown } = process.stdout): Promise<ClassifierEvaluation> {
  const result = await evaluateClassifier(runDir, folder, { op: 'classify evaluate', subset: flags.all ? 'all' : 'auto', ...(flags.out ? { outDir: flags.out } : {}) });
  stdout.write(flags.json ? `${JSON.stringify(result)}\n` : `${formatEvaluation(result)}\n`);
  return result;
}

/** Adds `evaluate` to the `classify` command. */
export function registerClassifyEvaluate(classify: Command): void {
  classify
    .command('evaluate')
    .description('accuracy, per-class precision/recall/F1, confusion matrix (text and PNG) and a contact sheet of misclassified images')
    .argument('<run-dir>', "a run folder written by 'atelier classify train'")
    .argument('<folder>', 'images to evaluate on: val/ of a train/val folder, the run\'s own validation split of its training folder, or every image of another folder')
    .option('-o, --out <dir>', 'where the report and pictures go (default <run-dir>/evaluation)')
    .option('--all', 'evaluate on every image of the folder, training images included')
    .option('--json', 'print one JSON object')
    .action(async (runDir: string, folder: string, flags: ClassifyEvaluateFlags) => {
      await runClassifyEvaluate(runDir, folder, flags);
    });
}
