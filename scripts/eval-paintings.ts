/**
 * `npm run eval:paintings [-- --epochs N --per-image N --val-per-image N --out dir]`: the painting
 * benchmark of `shared/bench/painting_patches_reference.py` through atelier's own pipeline: cut
 * 64×64 patches from assets/paintings with the reference split (cutPatches), train the default
 * classifier (Adam 1e-3, batch 64, flips as the reference, validation every epoch), evaluate on the
 * held-out patches, print the validation accuracy and confusion matrix, and write everything into a
 * run folder (patches/, run/, run/evaluation/, summary.json).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { getBackend, setBackend } from '../src/index.js';
import { cutPatches, randomFlipHorizontal } from '../src/data/index.js';
import { evaluateClassifier, formatEvaluation, trainClassifier } from '../src/art/classify/index.js';
import { shippedPaintingsDir } from '../src/art/assets.js';
import { integerOption } from '../src/cli/commands/options.js';
import { runTimestamp } from '../src/cli/examples/mnist.js';

const options = new Command('eval:paintings')
  .option('--epochs <n>', 'maximum epochs (the reference trains 12)', integerOption(1), 12)
  .option('--per-image <n>', 'training patches per painting (reference 300)', integerOption(1), 300)
  .option('--val-per-image <n>', 'validation patches per painting or region (reference 100)', integerOption(1), 100)
  .option('--size <n>', 'patch side', integerOption(8), 64)
  .option('--batch-size <n>', 'reference 64', integerOption(1), 64)
  .option('--patience <n>', 'early-stopping patience', integerOption(0), 5)
  .option('--seed <n>', 'seed of the patches, weights and shuffling', integerOption(0), 0)
  .option('--augment <kind>', "'flip' (the reference) or 'crop-flip' (atelier's default)", 'flip')
  .option('--images <dir>', 'paintings folder', shippedPaintingsDir())
  .option('--backend <name>', "'wasm' (default; falls back to 'js' with a warning where unavailable) or 'js'", process.env.ATELIER_BACKEND ?? 'wasm')
  .option('--out <dir>', 'output folder (default atelier-runs/paintings-<timestamp>)')
  .parse()
  .opts<{ epochs: number; perImage: number; valPerImage: number; size: number; batchSize: number; patience: number; seed: number; augment: string; images: string; out?: string; backend: string }>();

setBackend(options.backend);
console.log(`Backend: ${getBackend().name}`);

const out = resolve(options.out ?? join('atelier-runs', `paintings-${runTimestamp()}`));
await mkdir(out, { recursive: true });
const started = performance.now();
const manifest = await cutPatches(options.images, join(out, 'patches'), {
  size: options.size, perImage: options.perImage, valPerImage: options.valPerImage, seed: options.seed, overwrite: true,
});
const cutSeconds = (performance.now() - started) / 1000;
console.log(`Cut ${manifest.patches.length} patches (${manifest.classes.length} artists) in ${cutSeconds.toFixed(1)}s`);

const trainStart = performance.now();
const result = await trainClassifier(join(out, 'patches'), {
  outDir: join(out, 'run'), imageSize: options.size, epochs: options.epochs, batchSize: options.batchSize, patience: options.patience,
  seed: options.seed, augment: options.augment === 'flip' ? randomFlipHorizontal() : true, monitor: 'val_accuracy', overwrite: true,
});
const trainSeconds = (performance.now() - trainStart) / 1000;
const evaluation = await evaluateClassifier(result.runDir, join(out, 'patches'));
console.log(`\n${formatEvaluation(evaluation)}`);
const summary = {
  validationAccuracy: evaluation.accuracy, bestEpoch: result.bestEpoch + 1, epochsRun: result.history.epoch.length,
  epochSeconds: result.history.epochSeconds, trainSeconds, cutSeconds, trainPatches: result.trainCount, validationPatches: result.validationCount,
  confusion: evaluation.confusion, classNames: evaluation.classNames, options,
};
await writeFile(join(out, 'summary.json'), `${JSON.stringify(summary, null, 1)}\n`);
console.log(`\nValidation accuracy ${(evaluation.accuracy * 100).toFixed(2)}% (best epoch ${result.bestEpoch + 1}); ` +
  `${result.history.epoch.length} epochs in ${trainSeconds.toFixed(0)}s (${result.history.epochSeconds.map((s) => s.toFixed(1)).join('s, ')}s); summary in ${join(out, 'summary.json')}`);
