/**
 * `atelier text evaluate <run-dir> [<corpus>] [--json]`.
 * @module
 */
import type { Command } from 'commander';
import { evaluateTextModel, type TextEvaluation } from '../../../art/text/evaluate.js';
import { integerOption } from '../options.js';
import { ArgumentError } from '../../../errors.js';

/** The flags of `text evaluate`. */
export interface TextEvaluateFlags {
  json?: boolean;
  verse?: number;
  seed?: number;
  prime?: string;
}

/** One line of figures, or one JSON object with `natsPerChar`, `bitsPerChar`, `perplexity`, `characters`. */
export function formatTextEvaluation(e: TextEvaluation): string {
  return `${e.on === 'held-out' ? 'Held-out documents' : e.on}: ${e.natsPerChar.toFixed(4)} nats/char, ${e.bitsPerChar.toFixed(4)} bits/char, ` +
    `perplexity ${e.perplexity.toFixed(3)} over ${e.characters} characters (${e.documents} documents${e.unknownCharacters ? `, ${e.unknownCharacters} read as <unk>` : ''})` +
    (e.verse ? `\n${e.verse.samples} unconstrained samples: ${pct(e.verse.wellFormed)} well-formed regulated verse (${Object.entries(e.verse.forms).map(([f, n]) => `${f}: ${n}`).join(', ') || 'none'}), ` +
      `${pct(e.verse.rhyming)} also rhyme; ${pct(e.verse.verbatimLines)} of ${e.verse.lines} lines copied verbatim from training poems` : '');
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** Evaluates the run's best model on its held-out documents, or on all of `corpus`. */
export async function runTextEvaluate(runDir: string, corpus: string | undefined, flags: TextEvaluateFlags = {}, stdout: { write(s: string): unknown } = process.stdout, stderr: { write(s: string): unknown } = process.stderr): Promise<TextEvaluation> {
  if (flags.prime !== undefined && !flags.verse) throw new ArgumentError('text evaluate: --prime sets how the --verse samples start; add --verse <n>');
  const result = await evaluateTextModel(runDir, { corpus, verseSamples: flags.verse, seed: flags.seed, ...(flags.prime !== undefined ? { versePrime: flags.prime } : {}), op: 'text evaluate', onWarning: (m) => stderr.write(`atelier: warning: ${m}\n`) });
  stdout.write(flags.json ? `${JSON.stringify(result)}\n` : `${formatTextEvaluation(result)}\n`);
  return result;
}

/** Adds `evaluate` to the `text` command. */
export function registerTextEvaluate(text: Command): void {
  text
    .command('evaluate')
    .description('cross-entropy in nats and bits per character and perplexity, on the held-out documents of the run or on a whole corpus')
    .argument('<run-dir>', "a run folder written by 'atelier text train'")
    .argument('[corpus]', 'evaluate on all of this corpus (file or built-in name) instead of the held-out documents')
    .option('--verse <n>', 'also draw n unconstrained samples and report the share of well-formed regulated verse, of rhyming poems and of lines copied from training poems', integerOption(1))
    .option('--seed <n>', 'seed of the --verse samples (default: 0)', integerOption(0))
    .option('--prime <text>', 'text every --verse sample starts with, e.g. one character (default: none, the model chooses)')
    .option('--json', 'print one JSON object: natsPerChar, bitsPerChar, perplexity, characters (and verse with --verse)')
    .action(async (runDir: string, corpus: string | undefined, flags: TextEvaluateFlags) => {
      await runTextEvaluate(runDir, corpus, flags);
    });
}
