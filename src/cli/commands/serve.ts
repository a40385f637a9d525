/**
 * `atelier serve <run-dir...> [--port 8080] [--host 127.0.0.1] [--token T]`: the HTTP JSON API over
 * trained run folders (src/server; docs/serve.md).
 * @module
 */
import type { Command } from 'commander';
import { fixedRuns } from '../../server/runs/run-source.js';
import { startServer } from '../../server/serve-app.js';
import type { CliCommand } from './command.js';
import { integerOption } from './options.js';

/** The flags of `atelier serve`. */
export interface ServeFlags {
  port: number;
  host: string;
  token?: string;
  maxBatch?: number;
  maxWaitMs?: number;
  maxQueue?: number;
  maxBytes?: number;
  maxPixels?: number;
  log?: boolean;
}

/** The environment variable read when `--token` is not given (keeps the token out of `ps`). */
export const TOKEN_VARIABLE = 'ATELIER_SERVE_TOKEN';

/** Starts the server and prints its address and runs; it answers until the process is stopped (SIGINT/SIGTERM close it). */
export async function runServe(runDirs: string[], flags: ServeFlags, stdout: { write(s: string): unknown } = process.stdout): Promise<{ close(): Promise<void>; url: string }> {
  const runs = fixedRuns(runDirs);
  const token = flags.token ?? process.env[TOKEN_VARIABLE];
  const { app, url } = await startServer({
    runs, host: flags.host, port: flags.port, logger: flags.log ?? false,
    ...(token !== undefined && token !== '' ? { token } : {}),
    batching: { maxBatch: flags.maxBatch, maxWaitMs: flags.maxWaitMs, maxQueue: flags.maxQueue },
    limits: { maxBytes: flags.maxBytes, maxPixels: flags.maxPixels },
  });
  const served = await runs.list();
  stdout.write(`atelier serve: listening on ${url} (OpenAPI at ${url}/openapi.json)\n`);
  for (const run of served) stdout.write(`  ${run.name}: ${run.kind}${run.snapshot ? ` (${run.snapshot})` : ''}\n`);
  const stop = (): void => void close().then(() => process.exit(0));
  const close = async (): Promise<void> => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    await app.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { close, url };
}

/** `atelier serve`. */
export const serveCommand: CliCommand = {
  name: 'serve',
  register(program: Command): void {
    program
      .command('serve')
      .description('an HTTP JSON API over trained runs: predict, explain, generate, interpolate, sample (OpenAPI at /openapi.json)')
      .argument('<run-dirs...>', 'run folders to serve; requests pick one by folder name with ?model=')
      .option('--port <n>', 'port (0: any free one)', integerOption(0), 8080)
      .option('--host <address>', 'address to bind; anything but 127.0.0.1/::1/localhost needs --token', '127.0.0.1')
      .option('--token <secret>', `every request must send Authorization: Bearer <secret> (default: $${TOKEN_VARIABLE})`)
      .option('--max-batch <n>', 'most images per model call (default 8)', integerOption(1))
      .option('--max-wait-ms <ms>', 'longest a prediction waits for others to batch with (default 5)', integerOption(0))
      .option('--max-queue <n>', 'predictions waiting per model before 503 (default 64)', integerOption(1))
      .option('--max-bytes <n>', 'largest upload in bytes (default 10 MiB)', integerOption(1))
      .option('--max-pixels <n>', 'largest upload in pixels, read from the header (default 25,000,000)', integerOption(1))
      .option('--log', 'log every request as a JSON line')
      .action(async (runDirs: string[], flags: ServeFlags) => {
        await runServe(runDirs, flags);
      });
  },
};
