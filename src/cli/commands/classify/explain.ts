/**
 * `atelier classify explain <run-dir> <image> --method ... -o heatmap.png [...]`.
 * @module
 */
import type { Command } from 'commander';
import { ArgumentError } from '../../../errors.js';
import { loadClassifierRun, readForClassifier } from '../../../art/classify/index.js';
import { EXPLANATION_METHODS, explain, writeExplanation, type ExplanationMethod } from '../../../art/explain/index.js';
import { readImage } from '../../../io/index.js';
import { COLORMAPS, type ColormapName } from '../../../viz/index.js';
import { choiceOption, integerOption, numberOption } from '../options.js';

/** The flags of `classify explain`. */
export interface ClassifyExplainFlags {
  method?: ExplanationMethod;
  out: string;
  class?: string;
  alpha?: number;
  colormap?: ColormapName;
  logits?: boolean;
  layer?: string;
  steps?: number;
  samples?: number;
  noise?: number;
  patchSize?: number;
  stride?: number;
  seed?: number;
  json?: boolean;
}

/** What `classify explain` wrote and found. */
export interface ClassifyExplainResult {
  readonly method: ExplanationMethod;
  readonly className: string;
  readonly classIndex: number;
  readonly score: number;
  readonly scoreKind: string;
  readonly png: string;
  readonly json: string;
  readonly layerName?: string;
  readonly completenessGap?: number;
}

/** The side overlays are drawn at, at least: the model's 64×64 input would be a thumbnail. */
const DISPLAY_SIDE = 256;

/**
 * Explains the run's score for `image` and writes the heat map over the image (`flags.out`) and the
 * raw map as JSON beside it. The picture shows the same centre crop the model saw, enlarged.
 */
export async function runClassifyExplain(runDir: string, image: string, flags: ClassifyExplainFlags, stdout: { write(s: string): unknown } = process.stdout): Promise<ClassifyExplainResult> {
  const op = 'classify explain';
  const run = await loadClassifierRun(runDir, op);
  let classIndex: number | undefined;
  if (flags.class !== undefined) {
    classIndex = run.classNames.indexOf(flags.class);
    if (classIndex < 0) throw new ArgumentError(`${op}: unknown class '${flags.class}'; the classes of ${runDir} are ${run.classNames.join(', ')}`);
  }
  const input = await readForClassifier(run, image, op);
  const method = flags.method ?? 'gradcam';
  const e = explain(run.model, input, {
    method, useLogits: flags.logits ?? false,
    ...(classIndex !== undefined ? { classIndex } : {}),
    ...(flags.layer !== undefined ? { layerName: flags.layer } : {}),
    ...(flags.steps !== undefined ? { steps: flags.steps } : {}),
    ...(flags.samples !== undefined ? { samples: flags.samples } : {}),
    ...(flags.noise !== undefined ? { noiseLevel: flags.noise } : {}),
    ...(flags.patchSize !== undefined ? { patchSize: flags.patchSize } : {}),
    ...(flags.stride !== undefined ? { stride: flags.stride } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
  });
  input.dispose();
  const [h, w] = run.info.imageSize;
  const scale = Math.max(1, Math.ceil(DISPLAY_SIDE / Math.min(h, w)));
  const display = await readImage(image, { size: [h * scale, w * scale], fit: run.info.fit, channels: 3 });
  const className = run.classNames[e.classIndex]!;
  const written = await writeExplanation(e, display, flags.out, { className, alpha: flags.alpha ?? 0.5, colormap: flags.colormap ?? 'jet' });
  const result: ClassifyExplainResult = {
    method, className, classIndex: e.classIndex, score: e.score, scoreKind: e.scoreKind, png: written.png, json: written.json,
    ...(e.layerName !== undefined ? { layerName: e.layerName } : {}),
    ...(e.completenessGap !== undefined ? { completenessGap: e.completenessGap } : {}),
  };
  if (flags.json) stdout.write(`${JSON.stringify(result)}\n`);
  else {
    const extra = e.layerName ? ` at layer ${e.layerName}` : e.completenessGap !== undefined ? ` (completeness gap ${e.completenessGap.toExponential(2)})` : '';
    stdout.write(`${method} for class '${className}' (${e.scoreKind} ${e.score.toFixed(4)})${extra}\nWrote ${written.png} and ${written.json}\n`);
  }
  return result;
}

/** Adds `explain` to the `classify` command. */
export function registerClassifyExplain(classify: Command): void {
  classify
    .command('explain')
    .description('a heat map of what made the classifier choose a class: gradcam, saliency, smoothgrad, integrated-gradients or occlusion')
    .argument('<run-dir>', "a run folder written by 'atelier classify train'")
    .argument('<image>', 'the image to explain')
    .requiredOption('-o, --out <png>', 'heat map picture to write (the raw map goes beside it as .json)')
    .option('--method <name>', EXPLANATION_METHODS.join(' | '), choiceOption(EXPLANATION_METHODS), 'gradcam')
    .option('--class <name>', 'class to explain (default: the predicted one)')
    .option('--alpha <x>', 'weight of the heat map colours', numberOption(0, 1), 0.5)
    .option('--colormap <name>', COLORMAPS.join(' | '), choiceOption(COLORMAPS), 'jet')
    .option('--logits', 'explain the logit instead of the probability (sharper maps for confident predictions)')
    .option('--layer <name>', 'gradcam: the layer to explain (default: the last with a 4-D output)')
    .option('--steps <n>', 'integrated-gradients: integration steps', integerOption(1))
    .option('--samples <n>', 'smoothgrad: noisy copies', integerOption(1))
    .option('--noise <x>', 'smoothgrad: noise as a fraction of the value range', numberOption(0, 10))
    .option('--patch-size <n>', 'occlusion: side of the patch', integerOption(1))
    .option('--stride <n>', 'occlusion: step between patches', integerOption(1))
    .option('--seed <n>', 'smoothgrad: seed of the noise', integerOption(0))
    .option('--json', 'print one JSON object')
    .action(async (runDir: string, image: string, flags: ClassifyExplainFlags) => {
      await runClassifyExplain(runDir, image, flags);
    });
}
