/**
 * A corpus made ready for a text model: read, cleaned, converted, split by document, tokenized.
 * Training builds it from options; `--resume` and `text evaluate` rebuild the very same split from
 * the settings saved in the run folder.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { loadCorpus, type Corpus, type CorpusFormat } from './corpus.js';
import type { ScriptChoice } from './script.js';
import { encodeDocuments, splitDocuments, type DocumentSplit } from './split.js';
import { CharTokenizer, type Tokenizer } from './tokenizer.js';
import type { TextRunSettings } from './run-folder.js';

/** A corpus split and encoded. */
export interface TextData {
  readonly corpus: Corpus;
  readonly split: DocumentSplit;
  readonly tokenizer: Tokenizer;
  /** Each training document's ids. */
  readonly train: Int32Array[];
  /** Each held-out document's ids. */
  readonly validation: Int32Array[];
}

/** How to read and split a corpus. */
export interface TextDataOptions {
  format?: CorpusFormat;
  script?: ScriptChoice;
  /** Fraction held out (default 0.05). */
  validationFraction?: number;
  seed?: number;
  /** Characters seen fewer times in the training documents become `<unk>` (default 1). */
  minCount?: number;
  /** A tokenizer to use instead of fitting one (a resumed run's). */
  tokenizer?: Tokenizer;
  op?: string;
}

/** Reads `corpus`, splits it by document and encodes both parts (the tokenizer is fitted on the training part). */
export async function prepareTextData(corpus: string, options: TextDataOptions = {}): Promise<TextData> {
  const op = options.op ?? 'prepareTextData';
  const read = await loadCorpus(corpus, { format: options.format, script: options.script, op });
  const split = splitDocuments(read.documents, options.validationFraction ?? 0.05, options.seed ?? 0);
  const tokenizer = options.tokenizer ?? CharTokenizer.fit(split.train, { minCount: options.minCount ?? 1 });
  return { corpus: read, split, tokenizer, train: encodeDocuments(tokenizer, split.train), validation: encodeDocuments(tokenizer, split.validation) };
}

/**
 * Rebuilds the data of a saved run (same corpus, script, split and tokenizer); refuses when the
 * corpus no longer has the documents it had.
 */
export async function reopenTextData(settings: TextRunSettings, tokenizer: Tokenizer, op: string, corpus = settings.corpus): Promise<TextData> {
  const data = await prepareTextData(corpus, {
    format: settings.corpusFormat, script: settings.script, validationFraction: settings.validationFraction, seed: settings.seed, tokenizer, op,
  });
  if (data.corpus.documents.length !== settings.documents) {
    throw new ArgumentError(`${op}: the corpus ${corpus} now has ${data.corpus.documents.length} documents; the run was trained on ${settings.documents}, so its held-out documents cannot be found again`);
  }
  return data;
}
