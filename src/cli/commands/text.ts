/**
 * `atelier text train | sample | evaluate`: character-level language models for poems and prose.
 * Each sub-command lives in `text/<name>.ts`.
 * @module
 */
import type { Command } from 'commander';
import type { CliCommand } from './command.js';
import { registerTextTrain } from './text/train.js';
import { registerTextSample } from './text/sample.js';
import { registerTextEvaluate } from './text/evaluate.js';

/** The `text` command and its sub-commands. */
export const textCommand: CliCommand = {
  name: 'text',
  register(program: Command): void {
    const text = program.command('text').description('train, sample and evaluate character-level language models (Tang poems, Moby Dick, your own text)');
    registerTextTrain(text);
    registerTextSample(text);
    registerTextEvaluate(text);
  },
};
