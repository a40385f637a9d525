/**
 * `evaluateClassifier`: accuracy, per-class precision/recall/F1, the confusion matrix (text and
 * PNG) and a contact sheet of the misclassified images, for a trained run on a folder.
 * @module
 */
import { join, resolve } from 'node:path';
import { ArgumentError } from '../../errors.js';
import { argmax } from '../../ops/reduce.js';
import { scope } from '../../tensor/scope.js';
import { tensor } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { ImageFolderDataset } from '../../data/index.js';
import { writeFileAtomic } from '../../io/index.js';
import { confusionMatrixPng, confusionMatrixText, contactSheet } from '../../viz/index.js';
import { hasTrainValFolders, mapLabels, openClassifierData, requireFolder, type ClassifierSplit } from './data.js';
import { accuracyOf, classMetrics, classMetricsText, confusionMatrix, type ClassMetrics } from './metrics.js';
import { loadClassifierRun, type ClassifierRun } from './run-folder.js';

/** A wrongly classified image. */
export interface Misclassified {
  readonly file: string;
  readonly trueClass: string;
  readonly predictedClass: string;
  /** Probability the model gave its (wrong) prediction. */
  readonly probability: number;
}

/** What {@link evaluateClassifier} found and wrote. */
export interface ClassifierEvaluation {
  readonly folder: string;
  /** Which images were used: `val/`, the run's own validation split, or every image of the folder. */
  readonly subset: 'val-folder' | 'validation-split' | 'all';
  readonly count: number;
  readonly accuracy: number;
  readonly classNames: readonly string[];
  /** `confusion[true][predicted]` counts. */
  readonly confusion: readonly (readonly number[])[];
  readonly perClass: readonly ClassMetrics[];
  readonly misclassified: readonly Misclassified[];
  /** Files written. */
  readonly files: { readonly report: string; readonly confusionMatrix: string; readonly misclassifiedSheet: string | null };
}

/** Options of {@link evaluateClassifier}. */
export interface EvaluateClassifierOptions {
  /**
   * `'auto'` (default): a folder with `train/` and `val/` is evaluated on `val/`; the run's own
   * training folder on the same validation split it trained with (no leakage); any other folder on
   * all its images. `'all'`: every image (of `train/` and `val/` too).
   */
  subset?: 'auto' | 'all';
  /** Where the report and pictures go (default `<runDir>/evaluation`). */
  outDir?: string;
  /** Default 32. */
  batchSize?: number;
  /** Misclassified images shown on the contact sheet (default 64). */
  maxMisclassified?: number;
  onWarning?: (message: string) => void;
  /** Prefix of error messages (default `evaluateClassifier`). */
  op?: string;
}

/**
 * Evaluates the classifier of `run` on `folder`; writes `evaluation.json`, `confusion-matrix.png` and
 * (when there are errors) `misclassified.png` into `outDir`.
 * @example
 * const e = await evaluateClassifier('runs/artists', 'runs/patches');
 * console.log(formatEvaluation(e));
 */
export async function evaluateClassifier(run: string | ClassifierRun, folder: string, options: EvaluateClassifierOptions = {}): Promise<ClassifierEvaluation> {
  const op = options.op ?? 'evaluateClassifier';
  const loaded = typeof run === 'string' ? await loadClassifierRun(run, op) : run;
  await requireFolder(op, folder, 'data folder');
  const { splits, subset } = await evaluationSplits(loaded, folder, options.subset ?? 'auto', op, options.onWarning);
  const classNames = loaded.classNames;
  const batchSize = options.batchSize ?? 32;
  const maxShown = options.maxMisclassified ?? 64;
  const trueLabels: number[] = [];
  const predicted: number[] = [];
  const misclassified: Misclassified[] = [];
  const shown: Tensor[] = [];
  for (const { split, labelMap } of splits) {
    for await (const batch of split.batches(batchSize, { shuffle: false })) {
      const { probabilities, labels } = scope(() => {
        const p = loaded.model.predictOnBatch(batch.x) as Tensor;
        return { probabilities: p.data() as Float32Array, labels: argmax(p, 1).data() as Int32Array };
      });
      const truth = batch.y.data() as Int32Array;
      const pixels = batch.x.data() as Float32Array;
      const per = pixels.length / batch.files.length;
      batch.files.forEach((file, i) => {
        const t = labelMap[truth[i]!]!;
        const p = labels[i]!;
        trueLabels.push(t);
        predicted.push(p);
        if (t === p) return;
        misclassified.push({ file, trueClass: classNames[t]!, predictedClass: classNames[p]!, probability: probabilities[i * classNames.length + p]! });
        if (shown.length < maxShown) shown.push(tensor(pixels.slice(i * per, (i + 1) * per), batch.x.shape.slice(1)));
      });
      batch.x.dispose();
      batch.y.dispose();
    }
  }
  if (trueLabels.length === 0) throw new ArgumentError(`${op}: ${folder} holds no readable images to evaluate`);

  const confusion = confusionMatrix(trueLabels, predicted, classNames.length);
  const perClass = classMetrics(confusion, classNames);
  const accuracy = accuracyOf(confusion);
  const outDir = resolve(options.outDir ?? join(loaded.runDir, 'evaluation'));
  const files = {
    report: join(outDir, 'evaluation.json'),
    confusionMatrix: join(outDir, 'confusion-matrix.png'),
    misclassifiedSheet: shown.length > 0 ? join(outDir, 'misclassified.png') : null,
  };
  await confusionMatrixPng(confusion, classNames, files.confusionMatrix);
  if (files.misclassifiedSheet) {
    const captions = misclassified.slice(0, shown.length).map((m) => `${m.trueClass} → ${m.predictedClass}`);
    await contactSheet(shown, captions, { path: files.misclassifiedSheet, cellSize: 128, captionColors: captions.map(() => '#c0392b') });
  }
  shown.forEach((t) => t.dispose());
  const result: ClassifierEvaluation = { folder: resolve(folder), subset, count: trueLabels.length, accuracy, classNames, confusion, perClass, misclassified, files };
  await writeFileAtomic(files.report, `${JSON.stringify(result, null, 1)}\n`);
  return result;
}

/** The evaluation as text: accuracy, the per-class table and the confusion matrix. */
export function formatEvaluation(e: ClassifierEvaluation): string {
  const which = e.subset === 'val-folder' ? 'val/ folder' : e.subset === 'validation-split' ? 'validation split of the training folder' : 'all images';
  return [
    `Accuracy ${(e.accuracy * 100).toFixed(2)}% on ${e.count} images (${which} of ${e.folder})`,
    '',
    classMetricsText(e.perClass),
    '',
    confusionMatrixText(e.confusion, e.classNames),
    '',
    `${e.misclassified.length} misclassified; report, confusion matrix and contact sheet in ${join(e.files.report, '..')}`,
  ].join('\n');
}

/** The images to evaluate on, by the rule of {@link EvaluateClassifierOptions.subset}. */
async function evaluationSplits(run: ClassifierRun, folder: string, subset: 'auto' | 'all', op: string, onWarning?: (m: string) => void): Promise<{ splits: ClassifierSplit[]; subset: ClassifierEvaluation['subset'] }> {
  const common = { imageSize: run.info.imageSize, channels: run.info.channels, validationSplit: 0, onWarning };
  const whole = async (dir: string): Promise<ClassifierSplit> => {
    const ds = await ImageFolderDataset.create(dir, common);
    return { split: ds.train, labelMap: mapLabels(op, ds.classNames, run.classNames, dir) };
  };
  if (await hasTrainValFolders(folder)) {
    if (subset === 'all') return { splits: [await whole(join(folder, 'train')), await whole(join(folder, 'val'))], subset: 'all' };
    return { splits: [await whole(join(folder, 'val'))], subset: 'val-folder' };
  }
  if (subset === 'auto' && resolve(folder) === run.info.dataFolder && run.info.layout === 'split' && run.info.validationSplit > 0) {
    const data = await openClassifierData(folder, { ...common, validationSplit: run.info.validationSplit, seed: run.info.seed, op });
    const labelMap = mapLabels(op, data.classNames, run.classNames, folder);
    return { splits: [{ split: data.validation!.split, labelMap }], subset: 'validation-split' };
  }
  return { splits: [await whole(folder)], subset: 'all' };
}
