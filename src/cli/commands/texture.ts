/**
 * `atelier texture <style.jpg> -o tex.png [--size 256] [--steps N] [--seconds S] [--json]`: texture
 * synthesis with the random multi-scale extractor (or VGG weights).
 * @module
 */
import type { Command } from 'commander';
import { synthesizeTexture, type TextureResult } from '../../art/style/texture.js';
import { writeImage } from '../../io/image.js';
import type { CliCommand } from './command.js';
import { choiceOption, integerOption, numberOption } from './options.js';
import { styleProgress, totalStepsOver, type ProgressSink } from './style/progress.js';

/** The flags of `atelier texture`. */
export interface TextureFlags {
  out: string;
  size?: number;
  steps?: number;
  seconds?: number;
  optimizer?: 'lbfgs' | 'adam';
  extractor?: string;
  seed?: number;
  tvWeight?: number;
  coarseToFine?: boolean;
  json?: boolean;
}

/** Synthesises the texture, writes it, and prints progress (stderr) and a summary or one JSON object (stdout). */
export async function runTexture(stylePath: string, flags: TextureFlags, stdout: ProgressSink = process.stdout, stderr: ProgressSink = process.stderr): Promise<TextureResult> {
  const steps = flags.steps ?? 100;
  const scales = flags.coarseToFine ? [0.5, 1] : [1];
  const progress = styleProgress(flags.json ? { write: () => true } : stderr, totalStepsOver(scales, steps), 'texture');
  const result = await synthesizeTexture(stylePath, {
    size: flags.size ?? 256, steps, maxSeconds: flags.seconds, optimizer: flags.optimizer, extractor: flags.extractor, seed: flags.seed,
    tvWeight: flags.tvWeight, scales, onStep: progress.onStep, notice: (m) => stderr.write(`notice: ${m}\n`),
  });
  progress.done();
  await writeImage(flags.out, result.image);
  const { gramLossStart, gramLossEnd, gramLossRatio, seconds, stepsTaken, evaluations, extractor } = result;
  if (flags.json) {
    stdout.write(`${JSON.stringify({ out: flags.out, gramLossStart, gramLossEnd, gramLossRatio, seconds, steps: stepsTaken, evaluations, extractor })}\n`);
  } else {
    stdout.write(`${flags.out}: Gram loss ${gramLossStart.toExponential(3)} -> ${gramLossEnd.toExponential(3)} (${gramLossRatio.toFixed(1)}x lower) in ${stepsTaken} steps, ${evaluations} evaluations, ${seconds.toFixed(1)} s\n`);
  }
  return result;
}

/** `atelier texture`. */
export const textureCommand: CliCommand = {
  name: 'texture',
  register(program: Command): void {
    program
      .command('texture')
      .description('synthesise a texture with the colours and brushwork of a painting (Gram-matrix matching from noise, L-BFGS)')
      .argument('<style>', 'the painting (centre-cropped to a square)')
      .requiredOption('-o, --out <file>', 'the texture to write (.png or .jpg)')
      .option('--size <px>', 'side of the square texture (default: 256)', integerOption(8))
      .option('--steps <n>', 'optimiser steps (default: 100)', integerOption(1))
      .option('--seconds <s>', 'stop after this many seconds even if steps remain', numberOption(0, 1e9))
      .option('--optimizer <name>', 'lbfgs or adam (default: lbfgs)', choiceOption(['lbfgs', 'adam'] as const))
      .option('--extractor <spec>', "'random' (default: random multi-scale filters) or a VGG .safetensors file")
      .option('--seed <n>', 'seed of the filters and the noise (default: 0)', integerOption(0))
      .option('--tv-weight <x>', 'total-variation weight (default: 0)', numberOption(0, 1e12))
      .option('--coarse-to-fine', 'optimise at half size first')
      .option('--json', 'print one JSON object: gramLossStart, gramLossEnd, gramLossRatio, seconds, ...')
      .action(async (style: string, flags: TextureFlags) => {
        await runTexture(style, flags);
      });
  },
};
