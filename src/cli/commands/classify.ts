/**
 * `atelier classify train | predict | evaluate | explain`: artwork classification with
 * explanations. Each sub-command lives in `classify/<name>.ts`.
 * @module
 */
import type { Command } from 'commander';
import type { CliCommand } from './command.js';
import { registerClassifyEvaluate } from './classify/evaluate.js';
import { registerClassifyExplain } from './classify/explain.js';
import { registerClassifyPredict } from './classify/predict.js';
import { registerClassifyTrain } from './classify/train.js';

export const classifyCommand: CliCommand = {
  name: 'classify',
  register(program: Command): void {
    const classify = program.command('classify').description('train, apply, evaluate and explain image classifiers');
    registerClassifyTrain(classify);
    registerClassifyPredict(classify);
    registerClassifyEvaluate(classify);
    registerClassifyExplain(classify);
  },
};
