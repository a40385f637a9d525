/**
 * `atelier style train <style.jpg> <content-folder|builtin> -o <run-dir> [...]`: trains a fast
 * feed-forward style network.
 * @module
 */
import type { Command } from 'commander';
import { trainStyleNetwork, type StyleTrainingStep, type TrainStyleNetworkResult } from '../../../art/style/fast/train.js';
import { integerOption, numberOption } from '../options.js';
import { formatDuration, type ProgressSink } from './progress.js';

/** The flags of `style train`. */
export interface StyleTrainFlags {
  out: string;
  size?: number;
  styleSize?: number;
  batchSize?: number;
  steps?: number;
  minutes?: number;
  styleWeight?: number;
  contentWeight?: number;
  tvWeight?: number;
  learningRate?: number;
  extractor?: string;
  width?: number;
  residualBlocks?: number;
  outerKernel?: number;
  seed?: number;
  previewEvery?: number;
  checkpointEvery?: number;
  preview?: string;
  resume?: boolean;
  overwrite?: boolean;
  json?: boolean;
}

/**
 * A progress line per step (redrawn on a terminal; every 10th step otherwise): step, loss and its
 * unweighted parts, seconds per step, and the time left (of the steps or of the budget).
 */
export function trainingProgress(sink: ProgressSink): { onStep: (p: StyleTrainingStep) => void; done: () => void } {
  const live = sink.isTTY === true;
  let printed = false;
  return {
    onStep(p) {
      const perStep = p.seconds / p.stepsThisCall;
      const left = Math.min((p.steps - p.step) * perStep, p.budgetSeconds - p.seconds);
      const total = Number.isFinite(p.steps) ? `/${p.steps}` : '';
      const line = `style train step ${p.step}${total} loss ${p.loss.toExponential(3)} (style ${p.parts.style.toExponential(3)} content ${p.parts.content.toExponential(3)} tv ${p.parts.tv.toExponential(2)}) | ${perStep.toFixed(2)} s/step, ${formatDuration(left)} left`;
      if (live) {
        sink.write(`\r\x1b[2K${line}`);
        printed = true;
      } else if (p.step % 10 === 0 || p.stepsThisCall === 1) sink.write(`${line}\n`);
    },
    done: () => void (live && printed ? sink.write('\n') : undefined),
  };
}

/** Trains into `flags.out`: progress and messages on stderr, a summary or one JSON object on stdout. */
export async function runStyleTrain(style: string, content: string, flags: StyleTrainFlags, stdout: ProgressSink = process.stdout, stderr: ProgressSink = process.stderr): Promise<TrainStyleNetworkResult> {
  const quiet = flags.json === true;
  const progress = trainingProgress(quiet ? { write: () => true } : stderr);
  const network = { width: flags.width, residualBlocks: flags.residualBlocks, outerKernel: flags.outerKernel };
  const result = await trainStyleNetwork(style, content, {
    outDir: flags.out, size: flags.size, styleSize: flags.styleSize, batchSize: flags.batchSize, steps: flags.steps, minutes: flags.minutes,
    styleWeight: flags.styleWeight, contentWeight: flags.contentWeight, tvWeight: flags.tvWeight, learningRate: flags.learningRate, extractor: flags.extractor,
    network: Object.fromEntries(Object.entries(network).filter(([, v]) => v !== undefined)), seed: flags.seed,
    previewEvery: flags.previewEvery, checkpointEvery: flags.checkpointEvery, preview: flags.preview, resume: flags.resume ?? false, overwrite: flags.overwrite ?? false,
    onStep: progress.onStep, log: quiet ? undefined : (line) => stderr.write(`${line}\n`), notice: (m) => stderr.write(`notice: ${m}\n`), op: 'style train',
  });
  progress.done();
  const { runDir, steps, seconds, stoppedBy, state } = result;
  const last = state.history.loss.length - 1;
  if (flags.json) {
    stdout.write(`${JSON.stringify({ runDir, steps, seconds, stoppedBy, step: state.step, loss: last >= 0 ? { step: state.history.step[last], total: state.history.loss[last], style: state.history.style[last], content: state.history.content[last] } : null, settings: state.settings })}\n`);
  } else {
    stdout.write(`${runDir}: step ${state.step} (${steps} this run, ${seconds.toFixed(1)} s); apply it with 'atelier style apply ${flags.out} <image...> -o <out>'\n`);
  }
  return result;
}

/** Adds `train` to the `style` command. */
export function registerStyleTrain(style: Command): void {
  style
    .command('train')
    .description('train a fast feed-forward network that paints any picture in the style of one painting (Johnson et al. 2016)')
    .argument('<style>', 'the style image (a painting)')
    .argument('<content>', "a folder of content pictures (searched recursively), or 'builtin' (the shipped photo and the other shipped paintings)")
    .requiredOption('-o, --out <run-dir>', 'run folder to write (checkpoints, previews, curves)')
    .option('--size <px>', 'side of the square training crops, a multiple of 4 (default: 256)', integerOption(16))
    .option('--style-size <px>', 'longer side of the style image for its Gram targets (default: --size)', integerOption(8))
    .option('--batch-size <n>', 'crops per step (default: 2)', integerOption(1))
    .option('--steps <n>', 'total steps of the run (default: 1000; unbounded with --minutes)', integerOption(1))
    .option('--minutes <m>', 'time budget: stop after the step that crosses it, and save', numberOption(0.001, 1e6))
    .option('--style-weight <x>', 'weight of the Gram (style) loss (default: 1e4, as stylize)', numberOption(0, 1e30))
    .option('--content-weight <x>', 'weight of the content loss (default: 1e3, as stylize)', numberOption(0, 1e30))
    .option('--tv-weight <x>', 'weight of total variation (default: 1, as stylize)', numberOption(0, 1e30))
    .option('--learning-rate <x>', "Adam's learning rate (default: 0.001)", numberOption(1e-8, 1))
    .option('--extractor <spec>', "'random' (default: random multi-scale filters) or a VGG-16/19 .safetensors file (docs/style.md)")
    .option('--width <n>', 'channels of the residual blocks, a multiple of 4 (default: 32)', integerOption(4))
    .option('--residual-blocks <n>', 'residual blocks (default: 3)', integerOption(0))
    .option('--outer-kernel <n>', 'kernel side of the first and last convolutions, odd (default: 5)', integerOption(1))
    .option('--seed <n>', 'seed of the weights, the random extractor and the crops (default: 0)', integerOption(0))
    .option('--preview-every <n>', 'steps between previews (default: 50)', integerOption(1))
    .option('--checkpoint-every <n>', 'steps between checkpoints (default: 100)', integerOption(1))
    .option('--preview <image>', 'the picture stylised in previews (default: the shipped photo for builtin, else the first content image)')
    .option('--resume', 'continue the run in the run folder exactly from its last complete checkpoint')
    .option('--overwrite', 'replace the run already in the run folder')
    .option('--json', 'print one JSON object with the results instead of progress')
    .action(async (style: string, content: string, flags: StyleTrainFlags) => {
      await runStyleTrain(style, content, flags);
    });
}
