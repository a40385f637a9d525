/**
 * How well a model writes regulated verse, measured on samples: the share that is well-formed
 * (a 5x4, 5x8, 7x4 or 7x8 poem with its punctuation), the share of those that rhyme, the forms seen,
 * and the share of generated lines copied verbatim from the training poems.
 * @module
 */
import type { Model } from '../../model/model.js';
import { generateText } from './generate.js';
import type { SamplingOptions } from './sampling.js';
import type { Tokenizer } from './tokenizer.js';
import { checkVerse, verbatimLineShare, type VerseForm } from './verse.js';

/** What {@link verseReport} found. */
export interface VerseReport {
  readonly samples: number;
  /** Share of samples that are well-formed regulated verse (of `form`, when one was asked for). */
  readonly wellFormed: number;
  /** Share of samples that are well formed and whose even lines rhyme. */
  readonly rhyming: number;
  /** Samples per recognised form. */
  readonly forms: Readonly<Record<string, number>>;
  /** Share of generated lines (of 4 or more characters) found verbatim in the training poems. */
  readonly verbatimLines: number;
  readonly lines: number;
}

/** Options of {@link verseReport}. */
export interface VerseReportOptions extends SamplingOptions {
  /** Samples to draw (default 100). */
  count?: number;
  seed?: number;
  /** Constrain the samples to a form (default: unconstrained). */
  form?: VerseForm;
  rhyme?: boolean;
  /** See `GenerateOptions.warmup` (default true). */
  warmup?: boolean;
  /** Text every sample starts with (default: none, the model chooses the first character); it counts as part of the poem. */
  prime?: string;
  /** Where a warning about the prime goes (default `console.warn`). */
  onWarning?: (message: string) => void;
}

/** Draws samples and checks them (see the module description). */
export function verseReport(model: Model, tokenizer: Tokenizer, trainingDocuments: readonly string[], options: VerseReportOptions = {}): VerseReport {
  const count = options.count ?? 100;
  const samples: string[] = [];
  // In batches of 25: the samples of one batch run side by side.
  for (let start = 0; start < count; start += 25) {
    samples.push(...generateText(model, tokenizer, {
      ...options, count: Math.min(25, count - start), length: 200, seed: (options.seed ?? 0) + start,
      temperature: options.greedy ? undefined : options.temperature ?? 0.8,
    }));
  }
  const checks = samples.map((s) => checkVerse(s, options.form));
  const forms: Record<string, number> = {};
  for (const c of checks) if (c.form) forms[c.form] = (forms[c.form] ?? 0) + 1;
  const verbatim = verbatimLineShare(samples, trainingDocuments);
  return {
    samples: count,
    wellFormed: checks.filter((c) => c.wellFormed).length / count,
    rhyming: checks.filter((c) => c.rhymes).length / count,
    forms,
    verbatimLines: verbatim.share,
    lines: verbatim.lines,
  };
}
