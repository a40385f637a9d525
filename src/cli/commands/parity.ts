/**
 * `atelier parity <fixtures.json> [--json]`: checks the engine against PyTorch-generated fixtures.
 * @module
 */
import type { Command } from 'commander';
import { parityCommand } from '../../parity/main.js';
import type { CliCommand } from './command.js';

export const parityCliCommand: CliCommand = {
  name: 'parity',
  register(program: Command): void {
    program
      .command('parity')
      .description('run PyTorch parity fixtures (forward values, gradients, optimizer trajectories); exits 1 on any failure')
      .argument('<fixtures>', 'fixture file in the format of docs/parity.md')
      .option('--json', 'print one JSON object {passed, failed, cases}')
      .action((fixtures: string, options: { json?: boolean }) => {
        process.exitCode = parityCommand(fixtures, { json: options.json === true });
      });
  },
};
