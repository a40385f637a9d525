/**
 * `atelier text sample <run-dir> [--prime 床前] [--temperature 0.8] [--top-k k] [--top-p p] [-n 5]
 * [--length L] [--seed s] [--form 5x4] [--acrostic 春江花月] [--rhyme] [--greedy] [--json]`.
 * @module
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { ArgumentError } from '../../../errors.js';
import { loadTextRun } from '../../../art/text/run-folder.js';
import { sampleTextRun, verseFormOf } from '../../../art/text/sample-run.js';
import { integerOption } from '../options.js';

/** The flags of `text sample`. */
export interface TextSampleFlags {
  prime?: string;
  temperature?: number;
  topK?: number;
  topP?: number;
  n?: number;
  length?: number;
  seed?: number;
  form?: string;
  acrostic?: string;
  rhyme?: boolean;
  greedy?: boolean;
  json?: boolean;
}

/** Any finite number (the library says what range it needs). */
function finiteNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`expected a number, got '${value}'`);
  return n;
}

/** Draws samples from the run's best model and prints them (or `{"samples": [...]}` with `--json`). */
export async function runTextSample(runDir: string, flags: TextSampleFlags = {}, stdout: { write(s: string): unknown } = process.stdout, stderr: { write(s: string): unknown } = process.stderr): Promise<string[]> {
  const op = 'text sample';
  if (flags.greedy && flags.temperature !== undefined) throw new ArgumentError(`${op}: --greedy takes the most likely character; it cannot be combined with --temperature`);
  const form = verseFormOf(flags.form, flags.acrostic);
  const run = loadTextRun(runDir, op);
  const samples = sampleTextRun(run, {
    count: flags.n ?? 5, length: flags.length ?? 200, seed: flags.seed ?? 0, greedy: flags.greedy ?? false,
    temperature: flags.greedy ? undefined : flags.temperature ?? 0.8, topK: flags.topK, topP: flags.topP,
    prime: flags.prime, acrostic: flags.acrostic, form, rhyme: flags.rhyme ?? false, onWarning: (m) => stderr.write(`atelier: warning: ${m}\n`),
  });
  stdout.write(flags.json ? `${JSON.stringify({ samples })}\n` : `${samples.map((s) => s.trim()).join('\n\n')}\n`);
  return samples;
}

/** Adds `sample` to the `text` command. */
export function registerTextSample(text: Command): void {
  text
    .command('sample')
    .description('write text with a trained model: temperature, top-k, top-p, a priming text; for Chinese verse a form, an acrostic and rhyme')
    .argument('<run-dir>', "a run folder written by 'atelier text train'")
    .option('--prime <text>', 'text every sample starts with')
    .option('--temperature <t>', 'sampling temperature, > 0 (default: 0.8; --greedy for the most likely character)', finiteNumber)
    .option('--top-k <k>', 'sample among the k most likely characters', integerOption(1))
    .option('--top-p <p>', 'sample among the most likely characters whose probability reaches p', finiteNumber)
    .option('-n, --n <count>', 'samples (default: 5)', integerOption(1))
    .option('--length <n>', 'most characters to write after the prime (default: 200); a sample ends at the end of a document', integerOption(1))
    .option('--seed <n>', 'seed of the choices (default: 0)', integerOption(0))
    .option('--form <form>', 'Chinese regulated verse: 5x4, 5x8, 7x4 or 7x8 (characters per line x lines), punctuation in its places')
    .option('--acrostic <chars>', 'line i starts with the i-th character (implies 5x4 or 5x8 without --form)')
    .option('--rhyme', 'the even lines end in characters that rhyme (by their pinyin finals)')
    .option('--greedy', 'always take the most likely character')
    .option('--json', 'print {"samples": [...]}')
    .action(async (runDir: string, flags: TextSampleFlags) => {
      await runTextSample(runDir, flags);
    });
}
