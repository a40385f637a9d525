/**
 * `atelier gan train | sample | interpolate | evaluate`: image generation with DCGANs. Each
 * sub-command lives in `gan/<name>.ts` and only parses flags and calls `src/art/gan`.
 * @module
 */
import type { Command } from 'commander';
import type { CliCommand } from './command.js';
import { registerGanEvaluate } from './gan/evaluate.js';
import { registerGanInterpolate } from './gan/interpolate.js';
import { registerGanSample } from './gan/sample.js';
import { registerGanTrain } from './gan/train.js';

/** `atelier gan`, with its four sub-commands. */
export const ganCommand: CliCommand = {
  name: 'gan',
  register(program: Command): void {
    const gan = program.command('gan').description('train GANs, sample images, walk the latent space, measure quality');
    registerGanTrain(gan);
    registerGanSample(gan);
    registerGanInterpolate(gan);
    registerGanEvaluate(gan);
  },
};
