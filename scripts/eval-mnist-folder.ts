/**
 * `npm run eval:mnist-folder [-- --count N --epochs N --out dir]`: MNIST exported as PNG folders
 * (`exportMnistPngs`) and trained through the same image-folder pipeline as the paintings (grey
 * 28×28, small random crops and no flips, which would turn digits into other glyphs), then
 * evaluated on its held-out split. Target: ≥ 97% validation accuracy on the full 10,000 digits.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { getBackend, setBackend } from '../src/index.js';
import { exportMnistPngs, randomCrop } from '../src/data/index.js';
import { evaluateClassifier, formatEvaluation, trainClassifier } from '../src/art/classify/index.js';
import { integerOption } from '../src/cli/commands/options.js';
import { runTimestamp } from '../src/cli/examples/mnist.js';

const options = new Command('eval:mnist-folder')
  .option('--count <n>', 'digits exported (all 10,000 by default)', integerOption(20), 10000)
  .option('--epochs <n>', 'maximum epochs', integerOption(1), 10)
  .option('--batch-size <n>', 'images per batch', integerOption(1), 64)
  .option('--patience <n>', 'early-stopping patience', integerOption(0), 3)
  .option('--seed <n>', 'seed of the export, split, weights and shuffling', integerOption(0), 0)
  .option('--backend <name>', "'wasm' (default; falls back to 'js' with a warning where unavailable) or 'js'", process.env.ATELIER_BACKEND ?? 'wasm')
  .option('--out <dir>', 'output folder (default atelier-runs/mnist-folder-<timestamp>)')
  .parse()
  .opts<{ count: number; epochs: number; batchSize: number; patience: number; seed: number; out?: string; backend: string }>();

setBackend(options.backend);
console.log(`Backend: ${getBackend().name}`);

const out = resolve(options.out ?? join('atelier-runs', `mnist-folder-${runTimestamp()}`));
const digits = join(out, 'digits');
await rm(digits, { recursive: true, force: true });
await mkdir(out, { recursive: true });
const exported = await exportMnistPngs(digits, { count: options.count, seed: options.seed });
console.log(`Exported ${exported.count} digits as PNGs into ${digits} (per class ${exported.perClass.join(', ')})`);
const started = performance.now();
const result = await trainClassifier(digits, {
  outDir: join(out, 'run'), imageSize: 28, channels: 1, epochs: options.epochs, batchSize: options.batchSize, patience: options.patience,
  seed: options.seed, augment: randomCrop([28, 28], { padding: 2 }), monitor: 'val_accuracy', overwrite: true,
});
const trainSeconds = (performance.now() - started) / 1000;
const evaluation = await evaluateClassifier(result.runDir, digits);
console.log(`\n${formatEvaluation(evaluation)}`);
await writeFile(join(out, 'summary.json'), `${JSON.stringify({
  validationAccuracy: evaluation.accuracy, bestEpoch: result.bestEpoch + 1, epochSeconds: result.history.epochSeconds, trainSeconds,
  trainImages: result.trainCount, validationImages: result.validationCount, options,
}, null, 1)}\n`);
console.log(`\nValidation accuracy ${(evaluation.accuracy * 100).toFixed(2)}%; ${result.history.epoch.length} epochs in ${trainSeconds.toFixed(0)}s`);
