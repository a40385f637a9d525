/**
 * `node dist/scripts/fast-style-quality.js <run-dir> [--size 256] [--steps 30] [--out dir]`: the
 * style and content losses of a fast network's output against optimisation-based `stylize` at the
 * same weights, on the shipped photo (assets/photos/figures.jpg) and the run's style image, both
 * measured with the same objective (stylize's: the random extractor centred on the style's mean
 * colour, the style centre-cropped to the photo's working size). Writes photo | fast | stylize.
 */
import { join } from 'node:path';
import { Command } from 'commander';
import { noGrad } from '../src/index.js';
import {
  applyStyle, channelMean, createRandomExtractor, featureTargets, gramTargets, loadStyleRun, shippedPhotoPath, styleObjective, stylize,
} from '../src/art/style/index.js';
import { integerOption } from '../src/cli/commands/options.js';
import { reshape } from '../src/ops/shape-ops.js';
import { contactSheet } from '../src/viz/contact-sheet.js';
import { writeImage } from '../src/io/image.js';

const program = new Command('fast-style-quality')
  .argument('<run-dir>')
  .option('--size <px>', 'longer side of the photo', integerOption(16), 256)
  .option('--steps <n>', 'stylize steps at full size (half as many at half size first)', integerOption(1), 30)
  .option('--out <dir>', 'where to write the pictures', '.')
  .parse();
const runDir = program.args[0]!;
const options = program.opts<{ size: number; steps: number; out: string }>();

const run = loadStyleRun(runDir);
const s = run.state.settings;
if (s.extractor !== 'random') throw new Error('fast-style-quality: only runs trained with the random extractor are compared');
const t0 = performance.now();
const optimised = await stylize(shippedPhotoPath(), [s.style], { size: options.size, steps: options.steps, styleWeight: s.styleWeight, contentWeight: s.contentWeight, tvWeight: s.tvWeight, seed: s.seed });
const stylizeSeconds = (performance.now() - t0) / 1000;
const t1 = performance.now();
const fast = applyStyle(run, optimised.content);
const fastSeconds = (performance.now() - t1) / 1000;
const extractor = createRandomExtractor({ seed: s.seed, inputMean: channelMean(optimised.styles[0]!) });
const objective = styleObjective({
  extractor, styleLayers: s.styleLayers, contentLayers: s.contentLayers, styleWeight: s.styleWeight, contentWeight: s.contentWeight, tvWeight: s.tvWeight,
  styleTargets: gramTargets(extractor, optimised.styles, s.styleLayers), contentTargets: featureTargets(extractor, optimised.content, s.contentLayers),
});
const measure = (image: typeof fast) => noGrad(() => objective(image).parts);
const photo = measure(optimised.content);
const fastParts = measure(fast);
const slowParts = measure(optimised.image);
const [, h, w] = fast.shape as [number, number, number, number];
console.log(JSON.stringify({
  run: runDir, step: run.state.step, trainingSeconds: run.state.seconds, size: [w, h],
  photo, fast: { ...fastParts, seconds: fastSeconds }, stylize: { ...slowParts, seconds: stylizeSeconds, steps: options.steps },
}, null, 1));
await writeImage(join(options.out, 'fast-figures.png'), fast);
const squeeze = (t: typeof fast) => reshape(t, t.shape.slice(1));
await contactSheet([optimised.content, fast, optimised.image].map(squeeze), ['photo', `fast network (${fastSeconds.toFixed(2)} s)`, `stylize, ${options.steps} steps`], { cellSize: Math.max(w, h), columns: 3, path: join(options.out, 'fast-figures-sbs.png') });
