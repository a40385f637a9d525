/**
 * `atelier demo` (what `npm start` runs): the MNIST example with its defaults, offline.
 * @module
 */
import type { Command } from 'commander';
import { runMnistExample } from '../examples/mnist.js';
import type { CliCommand } from './command.js';

export const demoCommand: CliCommand = {
  name: 'demo',
  register(program: Command): void {
    program
      .command('demo')
      .description('the MNIST example with default settings (no network needed)')
      .action(async () => {
        await runMnistExample();
      });
  },
};
