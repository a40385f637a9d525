/**
 * `atelier text evaluate <run-dir> [<corpus>] [--json]`.
 * @module
 */
import type { Command } from 'commander';
import { evaluateTextModel, type TextEvaluation } from '../../../art/text/evaluate.js';

/** The flags of `text evaluate`. */
export interface TextEvaluateFlags {
  json?: boolean;
}

/** One line of figures, or one JSON object with `natsPerChar`, `bitsPerChar`, `perplexity`, `characters`. */
export function formatTextEvaluation(e: TextEvaluation): string {
  return `${e.on === 'held-out' ? 'Held-out documents' : e.on}: ${e.natsPerChar.toFixed(4)} nats/char, ${e.bitsPerChar.toFixed(4)} bits/char, ` +
    `perplexity ${e.perplexity.toFixed(3)} over ${e.characters} characters (${e.documents} documents${e.unknownCharacters ? `, ${e.unknownCharacters} read as <unk>` : ''})`;
}

/** Evaluates the run's best model on its held-out documents, or on all of `corpus`. */
export async function runTextEvaluate(runDir: string, corpus: string | undefined, flags: TextEvaluateFlags = {}, stdout: { write(s: string): unknown } = process.stdout, stderr: { write(s: string): unknown } = process.stderr): Promise<TextEvaluation> {
  const result = await evaluateTextModel(runDir, { corpus, op: 'text evaluate', onWarning: (m) => stderr.write(`atelier: warning: ${m}\n`) });
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
    .option('--json', 'print one JSON object: natsPerChar, bitsPerChar, perplexity, characters')
    .action(async (runDir: string, corpus: string | undefined, flags: TextEvaluateFlags) => {
      await runTextEvaluate(runDir, corpus, flags);
    });
}
