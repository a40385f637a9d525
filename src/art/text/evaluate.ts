/**
 * `evaluateTextModel`: cross-entropy of a trained text model in nats and bits per character and
 * perplexity, on the run's held-out documents (rebuilt from its saved split) or on a whole corpus.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { loadCorpus, type CorpusFormat } from './corpus.js';
import { streamCrossEntropy, type CrossEntropy } from './cross-entropy.js';
import { reopenTextData } from './data.js';
import { loadTextRun } from './run-folder.js';
import { encodeDocuments, tokenStream } from './split.js';
import { verseReport, type VerseReport } from './verse-report.js';

/** Options of {@link evaluateTextModel}. */
export interface EvaluateTextOptions {
  /** A corpus to evaluate on as a whole (default: the run's held-out documents). */
  corpus?: string;
  /** How to read `corpus` (default: by its extension). */
  format?: CorpusFormat;
  /** Also draw this many unconstrained samples and report how many are well-formed regulated verse (Chinese verse corpora). */
  verseSamples?: number;
  /** Seeds the samples of `verseSamples` (default 0). */
  seed?: number;
  /** Text each of the `verseSamples` starts with, e.g. one character (default: none). */
  versePrime?: string;
  onWarning?: (message: string) => void;
  op?: string;
}

/** What {@link evaluateTextModel} measured, and on what. */
export interface TextEvaluation extends CrossEntropy {
  /** `held-out` or the corpus evaluated. */
  readonly on: string;
  readonly documents: number;
  /** Characters of the text the vocabulary lacked (read as `<unk>`). */
  readonly unknownCharacters: number;
  /** With `verseSamples`: the verse report of unconstrained samples, lines compared with the run's training poems. */
  readonly verse?: VerseReport;
}

/**
 * Evaluates the best model of `runDir`. The text is read as in training (windows of the run's
 * sequence length, state carried across them, in up to the run's batch size lanes).
 *
 * @example const { natsPerChar, bitsPerChar, perplexity } = await evaluateTextModel('runs/tang');
 */
export async function evaluateTextModel(runDir: string, options: EvaluateTextOptions = {}): Promise<TextEvaluation> {
  const op = options.op ?? 'evaluateTextModel';
  const run = loadTextRun(runDir, op);
  const { settings, tokenizer, model } = run;
  let documents: Int32Array[];
  let on: string;
  let unknownCharacters = 0;
  const needsRunData = options.corpus === undefined || (options.verseSamples ?? 0) > 0;
  const data = needsRunData ? await reopenTextData(settings, tokenizer, op) : null;
  if (options.corpus === undefined) {
    documents = data!.validation;
    on = 'held-out';
    if (documents.length === 0) throw new ArgumentError(`${op}: ${runDir} was trained without held-out text; give a corpus to evaluate on`);
  } else {
    const corpus = await loadCorpus(options.corpus, { format: options.format, script: settings.script, op });
    documents = encodeDocuments(tokenizer, corpus.documents);
    on = corpus.source;
    for (const d of documents) for (const id of d) if (id === tokenizer.unkId) unknownCharacters++;
    if (unknownCharacters > 0) (options.onWarning ?? console.warn)(`${op}: ${unknownCharacters} characters of ${corpus.source} are not in the model's vocabulary and are read as <unk>`);
  }
  const stream = tokenStream(documents, tokenizer.eosId);
  const figures = streamCrossEntropy(model, stream, settings.batchSize, settings.seqLen, `${op}: the ${on === 'held-out' ? 'held-out text' : `corpus ${on}`}`);
  const verse = options.verseSamples ? verseReport(model, tokenizer, data!.split.train, { count: options.verseSamples, seed: options.seed ?? 0, warmup: settings.splitMode === 'documents', ...(options.versePrime ? { prime: options.versePrime } : {}), ...(options.onWarning ? { onWarning: options.onWarning } : {}) }) : undefined;
  return { ...figures, on, documents: documents.length, unknownCharacters, ...(verse ? { verse } : {}) };
}
