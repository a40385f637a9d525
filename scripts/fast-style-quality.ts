/**
 * `node dist/scripts/fast-style-quality.js <run-dir...> [--size 256] [--steps 30] [--out dir]`: the
 * style and content losses of fast networks' outputs against optimisation-based `stylize` at the
 * same weights (the first run's), on the shipped photo (assets/photos/figures.jpg) and the first
 * run's style image, all measured with one objective (stylize's: the random extractor centred on the
 * style's mean colour, the style centre-cropped to the photo's working size). Writes
 * photo | each fast network | stylize.
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
  .argument('<run-dir...>')
  .option('--size <px>', 'longer side of the photo', integerOption(16), 256)
  .option('--steps <n>', 'stylize steps at full size (half as many at half size first)', integerOption(1), 30)
  .option('--out <dir>', 'where to write the pictures', '.')
  .parse();
const runDirs = program.args;
const options = program.opts<{ size: number; steps: number; out: string }>();

const runs = runDirs.map((dir) => loadStyleRun(dir));
const run = runs[0]!;
const s = run.state.settings;
if (s.extractor !== 'random') throw new Error('fast-style-quality: only runs trained with the random extractor are compared');
const t0 = performance.now();
const optimised = await stylize(shippedPhotoPath(), [s.style], { size: options.size, steps: options.steps, styleWeight: s.styleWeight, contentWeight: s.contentWeight, tvWeight: s.tvWeight, seed: s.seed });
const stylizeSeconds = (performance.now() - t0) / 1000;
const fastOutputs = runs.map((r) => {
  const t = performance.now();
  const image = applyStyle(r, optimised.content);
  return { image, seconds: (performance.now() - t) / 1000 };
});
const extractor = createRandomExtractor({ seed: s.seed, inputMean: channelMean(optimised.styles[0]!) });
const objective = styleObjective({
  extractor, styleLayers: s.styleLayers, contentLayers: s.contentLayers, styleWeight: s.styleWeight, contentWeight: s.contentWeight, tvWeight: s.tvWeight,
  styleTargets: gramTargets(extractor, optimised.styles, s.styleLayers), contentTargets: featureTargets(extractor, optimised.content, s.contentLayers),
});
type Image = typeof optimised.image;
const measure = (image: Image) => noGrad(() => objective(image).parts);
const [, h, w] = optimised.image.shape as [number, number, number, number];
console.log(JSON.stringify({
  size: [w, h], photo: measure(optimised.content),
  fast: runs.map((r, i) => ({ run: runDirs[i], step: r.state.step, trainingSeconds: r.state.seconds, seconds: fastOutputs[i]!.seconds, ...measure(fastOutputs[i]!.image) })),
  stylize: { ...measure(optimised.image), seconds: stylizeSeconds, steps: options.steps },
}));
for (const [i, f] of fastOutputs.entries()) await writeImage(join(options.out, `fast-figures-${i + 1}.png`), f.image);
const squeeze = (t: Image) => reshape(t, t.shape.slice(1));
const labels = ['photo', ...runs.map((r, i) => `fast ${runs.length > 1 ? `${i + 1} ` : ''}(${r.state.step} steps)`), `stylize, ${options.steps} steps`];
await contactSheet([optimised.content, ...fastOutputs.map((f) => f.image), optimised.image].map(squeeze), labels, { cellSize: Math.max(w, h), columns: labels.length, path: join(options.out, 'fast-figures-sbs.png') });
