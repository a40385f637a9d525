/**
 * `atelier studio [--port 4747] [--host 127.0.0.1] [--runs ./atelier-runs]`: the local web app
 * (what `npm start` runs). Prints the URL as soon as it listens; on a runs folder without a
 * classifier it queues the starter job (MNIST digits) unless `--no-starter`.
 * @module
 */
import type { Command } from 'commander';
import { createStudioServer } from '../../server/studio/create-studio-server.js';
import { startStarterJob } from '../../server/studio/starter.js';
import type { CliCommand } from './command.js';
import { integerOption } from './options.js';

/** The flags of `studio`. */
export interface StudioFlags {
  port: number;
  host: string;
  runs: string;
  token?: string;
  starter: boolean;
}

/** Starts the studio and keeps it running until SIGINT/SIGTERM (jobs are cancelled, run folders keep their checkpoints). */
export async function runStudio(flags: StudioFlags, stdout: { write(text: string): unknown } = process.stdout): Promise<void> {
  const studio = await createStudioServer({ runsDir: flags.runs, host: flags.host, ...(flags.token ? { token: flags.token } : {}) });
  const url = await studio.listen(flags.port, flags.host);
  stdout.write(`atelier studio: ${flags.token ? `${url}?token=${encodeURIComponent(flags.token)}` : url}  (runs folder ${studio.runsDir}; Ctrl-C stops)\n`);
  const starter = flags.starter ? startStarterJob(studio) : null;
  if (starter) stdout.write(`No classifier yet: ${starter.id} trains one on the built-in MNIST digits (${starter.title}); watch it on the Train page.\n`);
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void studio.close().then(done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export const studioCommand: CliCommand = {
  name: 'studio',
  register(program: Command): void {
    program
      .command('studio')
      .description('the local web app: runs, training jobs, classify and explain, generate, draw a digit (what npm start runs)')
      .option('--port <n>', 'port to listen on (0: any free port)', integerOption(0), 4747)
      .option('--host <host>', 'address to listen on; anything but a loopback address needs --token', '127.0.0.1')
      .option('--runs <folder>', 'the runs folder to list and train into', './atelier-runs')
      .option('--token <secret>', 'require this token on every request (open the printed URL once to set it in the browser)')
      .option('--no-starter', 'do not queue the MNIST classifier job on a runs folder without a classifier')
      .action(async (flags: StudioFlags) => {
        await runStudio(flags);
      });
  },
};
