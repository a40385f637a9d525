/**
 * Sampling a trained text run as `atelier text sample` and the `/sample` route do: the priming text
 * and acrostic read in the run's script, the verse form implied by an acrostic, and the warm-up
 * chosen by how the run's corpus was split.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { generateText } from './generate.js';
import type { TextRun } from './run-folder.js';
import type { SamplingOptions } from './sampling.js';
import { scriptConverter } from './script.js';
import { parseForm, type VerseForm } from './verse.js';

/** Options of {@link sampleTextRun}. */
export interface SampleTextRunOptions extends SamplingOptions {
  /** Samples (default 1). */
  count?: number;
  /** Most tokens after the prime (default 200). */
  length?: number;
  /** Seeds the choices (default 0). */
  seed?: number;
  /** Text every sample starts with, in either script of a Chinese run. */
  prime?: string;
  /** A verse form (`5x4`, `5x8`, `7x4`, `7x8`, or parsed). */
  form?: string | VerseForm;
  /** Line `i` starts with the `i`-th character; alone it implies five characters a line. */
  acrostic?: string;
  /** The even lines rhyme (needs a form). */
  rhyme?: boolean;
  onWarning?: (message: string) => void;
}

/**
 * The form asked for: `form`, or, for an acrostic alone, five characters a line and as many lines
 * as the acrostic has characters (4 or 8). Throws an `ArgumentError` for anything else.
 */
export function verseFormOf(form: string | VerseForm | undefined, acrostic: string | undefined): VerseForm | undefined {
  if (form !== undefined) return typeof form === 'string' ? parseForm(form) : form;
  if (acrostic === undefined) return undefined;
  const n = [...acrostic].length;
  if (n !== 4 && n !== 8) throw new ArgumentError(`--acrostic ${acrostic}: ${n} characters fill no verse form (5x4, 5x8, 7x4 and 7x8 have 4 or 8 lines)`);
  return parseForm(`5x${n}`);
}

/**
 * Draws samples from a loaded text run (see `generateText` for the options). Bad options throw an
 * `ArgumentError` naming the option before anything is sampled.
 * @example sampleTextRun(loadTextRun('runs/tang'), { count: 2, acrostic: '春江花月', rhyme: true })
 */
export function sampleTextRun(run: TextRun, options: SampleTextRunOptions = {}): string[] {
  const form = verseFormOf(options.form, options.acrostic);
  const convert = scriptConverter(run.settings.script);
  return generateText(run.model, run.tokenizer, {
    count: options.count ?? 1, length: options.length ?? 200, seed: options.seed ?? 0, greedy: options.greedy ?? false,
    temperature: options.temperature, topK: options.topK, topP: options.topP,
    prime: options.prime === undefined ? undefined : convert(options.prime),
    acrostic: options.acrostic === undefined ? undefined : convert(options.acrostic),
    form, rhyme: options.rhyme ?? false,
    // A single document (a novel) has seen <eos> only at its two ends: no warm-up document there.
    warmup: run.settings.splitMode === 'documents',
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });
}
