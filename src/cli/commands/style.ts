/**
 * `atelier style train | apply`: fast feed-forward style transfer. Each sub-command lives in
 * `style/<name>.ts` and only parses flags and calls `src/art/style`.
 * @module
 */
import type { Command } from 'commander';
import type { CliCommand } from './command.js';
import { registerStyleApply } from './style/apply.js';
import { registerStyleTrain } from './style/train.js';

/** `atelier style`, with its two sub-commands. */
export const styleCommand: CliCommand = {
  name: 'style',
  register(program: Command): void {
    const style = program.command('style').description('train a fast style network on a painting, and paint pictures with it');
    registerStyleTrain(style);
    registerStyleApply(style);
  },
};
