/**
 * `atelier stylize <content> <style...> -o out.png [...]`: optimisation-based style transfer.
 * @module
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { stylize, type StyleInit, type StylizeResult } from '../../art/style/stylize.js';
import { writeImage } from '../../io/image.js';
import { reshape } from '../../ops/shape-ops.js';
import type { Tensor } from '../../tensor/tensor.js';
import { contactSheet } from '../../viz/contact-sheet.js';
import type { CliCommand } from './command.js';
import { choiceOption, integerOption, numberOption } from './options.js';
import { styleProgress, totalStepsOver, type ProgressSink } from './style/progress.js';

/** The flags of `atelier stylize`. */
export interface StylizeFlags {
  out: string;
  size?: number;
  steps?: number;
  styleWeight?: number;
  contentWeight?: number;
  tvWeight?: number;
  styleBlend?: number[];
  optimizer?: 'lbfgs' | 'adam';
  extractor?: string;
  seed?: number;
  init?: StyleInit;
  preserveColors?: boolean;
  mask?: string;
  coarseToFine?: boolean;
  seconds?: number;
  snapshotEvery?: number;
  sideBySide?: string;
  json?: boolean;
}

/** `out.png` → `out-000050.png`. */
export function snapshotPath(out: string, step: number): string {
  const dot = out.lastIndexOf('.');
  const [stem, ext] = dot > out.lastIndexOf('/') ? [out.slice(0, dot), out.slice(dot)] : [out, '.png'];
  return `${stem}-${String(step).padStart(6, '0')}${ext}`;
}

/** Stylises, writes the result (and snapshots, and the side-by-side sheet), prints progress and a summary or JSON. */
export async function runStylize(content: string, styles: string[], flags: StylizeFlags, stdout: ProgressSink = process.stdout, stderr: ProgressSink = process.stderr): Promise<StylizeResult> {
  const steps = flags.steps ?? 300;
  const size = flags.size ?? 512;
  const scales = flags.coarseToFine === false ? [1] : undefined;
  const progress = styleProgress(flags.json ? { write: () => true } : stderr, totalStepsOver(scales ?? [0.5, 1], steps), 'stylize');
  const writes: Promise<void>[] = [];
  const result = await stylize(content, styles, {
    size, steps, styleWeight: flags.styleWeight, contentWeight: flags.contentWeight, tvWeight: flags.tvWeight, styleBlend: flags.styleBlend,
    optimizer: flags.optimizer, extractor: flags.extractor, seed: flags.seed, init: flags.init, preserveColors: flags.preserveColors, mask: flags.mask,
    scales, maxSeconds: flags.seconds, onStep: progress.onStep, notice: (m) => stderr.write(`notice: ${m}\n`),
    snapshotEvery: flags.snapshotEvery, onSnapshot: (step: number, image: Tensor) => void writes.push(writeImage(snapshotPath(flags.out, step), image)),
  });
  progress.done();
  await Promise.all(writes);
  await writeImage(flags.out, result.image);
  if (flags.sideBySide) {
    const cell = Math.max(...result.image.shape.slice(1, 3));
    const labels = ['content', ...styles.map((_, i) => (styles.length > 1 ? `style ${i + 1}` : 'style')), 'result'];
    await contactSheet([result.content, ...result.styles, result.image].map(squeezeBatch), labels, { cellSize: cell, columns: labels.length, path: flags.sideBySide });
  }
  const { styleLossStart, styleLossEnd, styleLossRatio, contentLossEnd, seconds, stepsTaken, evaluations, extractor } = result;
  if (flags.json) {
    stdout.write(`${JSON.stringify({ out: flags.out, styleLossStart, styleLossEnd, styleLossRatio, contentLossEnd, seconds, steps: stepsTaken, evaluations, extractor })}\n`);
  } else {
    stdout.write(`${flags.out}: style loss ${styleLossStart.toExponential(3)} -> ${styleLossEnd.toExponential(3)} (${styleLossRatio.toFixed(1)}x lower), content loss ${contentLossEnd.toExponential(3)}, ${stepsTaken} steps, ${seconds.toFixed(1)} s\n`);
  }
  return result;
}

function squeezeBatch(t: Tensor): Tensor {
  return t.rank === 4 ? reshape(t, t.shape.slice(1)) : t;
}

function blendOption(value: string): number[] {
  const w = value.split(',').map(Number);
  if (w.length === 0 || w.some((x) => !Number.isFinite(x) || x < 0)) throw new InvalidArgumentError(`expected comma-separated non-negative weights, one per style image, got '${value}'`);
  return w;
}

/** `atelier stylize`. */
export const stylizeCommand: CliCommand = {
  name: 'stylize',
  register(program: Command): void {
    program
      .command('stylize')
      .description('paint <content> in the style of one or more paintings (optimisation-based style transfer, L-BFGS)')
      .argument('<content>', 'the photo or picture to restyle')
      .argument('<style...>', 'one or more style images (blended; see --style-blend)')
      .requiredOption('-o, --out <file>', 'the result (.png or .jpg)')
      .option('--size <px>', 'longer side of the result (default: 512)', integerOption(8))
      .option('--steps <n>', 'optimiser steps at full size; half as many run at half size first (default: 300)', integerOption(1))
      .option('--style-weight <x>', 'weight of the Gram (style) loss (default: 1e4)', numberOption(0, 1e30))
      .option('--content-weight <x>', 'weight of the content loss (default: 1e3)', numberOption(0, 1e30))
      .option('--tv-weight <x>', 'weight of total variation (default: 1)', numberOption(0, 1e30))
      .option('--style-blend <w1,w2,...>', 'one weight per style image (default: equal)', blendOption)
      .option('--optimizer <name>', 'lbfgs or adam (default: lbfgs)', choiceOption(['lbfgs', 'adam'] as const))
      .option('--extractor <spec>', "'random' (default: random multi-scale filters) or a VGG-16/19 .safetensors file (docs/style.md)")
      .option('--seed <n>', 'seed of the random filters and of noise (default: 0)', integerOption(0))
      .option('--init <from>', 'start from content, style or noise (default: content)', choiceOption(['content', 'style', 'noise'] as const))
      .option('--preserve-colors', "transfer luminance only: keep the content's colours")
      .option('--mask <image>', 'style only the white region of this mask (resized to the result)')
      .option('--no-coarse-to-fine', 'optimise at full size only (default: half size first, from 128 px)')
      .option('--seconds <s>', 'stop each scale after this many seconds', numberOption(0, 1e9))
      .option('--snapshot-every <n>', 'also write out-<step>.png every n steps at full size', integerOption(1))
      .option('--side-by-side <file>', 'write a PNG of content | style | result')
      .option('--json', 'print one JSON object: styleLossStart, styleLossEnd, styleLossRatio, contentLossEnd, seconds, ...')
      .action(async (content: string, styles: string[], flags: StylizeFlags) => {
        await runStylize(content, styles, flags);
      });
  },
};
