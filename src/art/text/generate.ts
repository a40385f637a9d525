/**
 * Generating text from a trained model: `count` samples side by side (one batch row each), primed
 * with the start of a document (`<eos>`) and an optional priming text, then one token at a time
 * until `<eos>` or `length` tokens, with temperature, top-k, top-p or greedy choice and, for
 * Chinese verse, constrained decoding (form, acrostic, rhyme). A seed fixes every sample.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { noGrad } from '../../autograd/tape.js';
import { tensor } from '../../tensor/creation.js';
import { scope } from '../../tensor/scope.js';
import { Random } from '../../tensor/random.js';
import { deriveSeed } from '../../model/seeding.js';
import type { Model } from '../../model/model.js';
import { resetStates, restoreStates, saveStates, textLogits, type CarriedStates } from './model.js';
import { contextLength } from './transformer.js';
import { checkSamplingOptions, chooseToken, type SamplingOptions } from './sampling.js';
import type { Tokenizer } from './tokenizer.js';
import { VerseConstraint, type VerseState } from './verse-constraint.js';
import type { VerseForm } from './verse.js';

/** Options of {@link generateText}. */
export interface GenerateOptions extends SamplingOptions {
  /** Samples to draw (default 1). */
  count?: number;
  /** Most tokens to generate after the prime (default 200); a constrained poem stops at its end. */
  length?: number;
  /** Text every sample starts with (characters the vocabulary lacks become `<unk>`, with a warning). */
  prime?: string;
  /** Seeds the choices (default 0); sample `i` draws from its own generator. */
  seed?: number;
  /** Constrained decoding of Chinese verse. */
  form?: VerseForm;
  /** With a form: line `i` starts with the `i`-th character. */
  acrostic?: string;
  /** With a form: the even lines rhyme. */
  rhyme?: boolean;
  /**
   * Before each sample, let the model write one free document (at most 400 tokens) and keep the
   * state it ends in (default true). In training the state at a document's start is the state
   * after the previous document, almost never zeros; starting from zeros, a model often begins in
   * the middle of a line. Meant for corpora of many documents; the CLI turns it off for a single
   * document (a novel), whose model has seen `<eos>` only at its two ends. Recurrent models only: a
   * Transformer has no state and reads its last `maxLength` tokens at every step.
   */
  warmup?: boolean;
  onWarning?: (message: string) => void;
}

/**
 * Draws `count` samples from `model`. Each is the prime followed by what the model wrote, without
 * the closing `<eos>`. Refuses (before sampling) options that cannot work: a temperature ≤ 0, an
 * acrostic that cannot fill the form, a prime that breaks the form.
 *
 * @example generateText(model, tokenizer, { count: 3, prime: '床前', form: parseForm('5x4'), rhyme: true, seed: 1 })
 */
export function generateText(model: Model, tokenizer: Tokenizer, options: GenerateOptions = {}): string[] {
  checkSamplingOptions(options);
  const count = options.count ?? 1;
  if (!(Number.isInteger(count) && count >= 1)) throw new ArgumentError(`-n must be an integer >= 1, got ${count}`);
  const length = options.length ?? 200;
  if (!(Number.isInteger(length) && length >= 1)) throw new ArgumentError(`--length must be an integer >= 1, got ${length}`);
  if ((options.acrostic !== undefined || options.rhyme) && !options.form) throw new ArgumentError(`${options.acrostic !== undefined ? '--acrostic' : '--rhyme'} needs a verse form (--form 5x4, 5x8, 7x4 or 7x8)`);
  const constraint = options.form ? new VerseConstraint(tokenizer, { form: options.form, acrostic: options.acrostic, rhyme: options.rhyme }) : null;
  const prime = options.prime ?? '';
  const unknown = tokenizer.unknownSymbols(prime);
  if (unknown.length > 0) (options.onWarning ?? console.warn)(`--prime: the model's vocabulary lacks ${unknown.map((c) => `'${c}'`).join(', ')}; they are read as <unk>`);
  const primeIds = tokenizer.encode(prime);
  const startState = constraint ? constraint.primeState(primeIds) : null;
  const seed = options.seed ?? 0;
  const rngs = Array.from({ length: count }, (_, i) => new Random(deriveSeed(seed, i)));
  const states: (VerseState | null)[] = Array.from({ length: count }, () => (startState ? { position: startState.position, rhyme: startState.rhyme && [...startState.rhyme] } : null));
  const out: number[][] = Array.from({ length: count }, () => Array.from(primeIds));
  const finished = new Array<boolean>(count).fill(false);
  // Never sample <unk>: it is not a character anyone can read.
  const unconstrained = Int32Array.from({ length: tokenizer.vocabSize }, (_, i) => i).filter((i) => i !== tokenizer.unkId);
  const context = Int32Array.from([tokenizer.eosId, ...primeIds]);
  const input = new Int32Array(count * context.length);
  for (let i = 0; i < count; i++) input.set(context, i * context.length);
  const window = contextLength(model);
  // A Transformer has no state: it reads the last `window` tokens of every sample at each step.
  const history: number[][] = Array.from({ length: count }, () => Array.from(context));
  const feed = (ids: Int32Array, time: number, append: boolean): Float32Array => {
    if (window === null) return lastLogits(model, ids, count, time);
    if (append) history.forEach((h, i) => h.push(ids[i]!));
    const length = Math.min(window, history[0]!.length);
    const batch = new Int32Array(count * length);
    history.forEach((h, i) => batch.set(h.slice(h.length - length), i * length));
    return lastLogits(model, batch, count, length);
  };
  if (window === null && (options.warmup ?? true)) restoreStates(model, warmupStates(model, tokenizer, rngs, options));
  else resetStates(model);
  let logits = feed(input, context.length, false);
  const vocab = tokenizer.vocabSize;
  const budget = constraint ? constraint.length - (startState?.position ?? 0) + 1 : length;
  for (let step = 0; step < budget && finished.includes(false); step++) {
    const next = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      if (finished[i]) {
        next[i] = tokenizer.eosId;
        continue;
      }
      const state = states[i];
      const allowed = constraint && state ? constraint.allowed(state) : unconstrained;
      const id = chooseToken(logits.subarray(i * vocab, (i + 1) * vocab), options, rngs[i]!, allowed);
      next[i] = id;
      if (id === tokenizer.eosId) {
        finished[i] = true;
        continue;
      }
      out[i]!.push(id);
      if (constraint && state) constraint.advance(state, id);
    }
    if (!finished.includes(false) || step === budget - 1) break;
    logits = feed(next, 1, true);
  }
  resetStates(model);
  return out.map((ids) => tokenizer.decode(ids));
}

/**
 * The states each sample starts from: sample `i` lets the model write one document from zeros (its
 * own generator, the sampling options, no constraints) and keeps the states after its `<eos>`.
 */
function warmupStates(model: Model, tokenizer: Tokenizer, rngs: readonly Random[], options: SamplingOptions): CarriedStates {
  const rows: CarriedStates[] = [];
  const allowed = Int32Array.from({ length: tokenizer.vocabSize }, (_, i) => i).filter((i) => i !== tokenizer.unkId);
  for (const rng of rngs) {
    resetStates(model);
    let logits = lastLogits(model, Int32Array.of(tokenizer.eosId), 1, 1);
    for (let step = 0; step < 400; step++) {
      const id = chooseToken(logits, options, rng, allowed);
      logits = lastLogits(model, Int32Array.of(id), 1, 1);
      if (id === tokenizer.eosId) break;
    }
    rows.push(saveStates(model, 1));
  }
  const layers = rows[0]!.values.length;
  const values = Array.from({ length: layers }, (_, l) => {
    const first = rows[0]!.values[l];
    if (!first) return null;
    return first.map((_, j) => {
      const width = first[j]!.length;
      const out = new Float32Array(rows.length * width);
      rows.forEach((r, i) => out.set(r.values[l]![j]!, i * width));
      return out;
    });
  });
  return { batch: rows.length, values };
}

/** Feeds `[count, time]` ids (carrying state) and returns the logits of the last step, `[count, vocab]`. */
function lastLogits(model: Model, ids: Int32Array, count: number, time: number): Float32Array {
  return scope(() => noGrad(() => {
    const logits = textLogits(model, tensor(ids, [count, time], 'int32'));
    const vocab = logits.shape[2]!;
    const all = logits.values as Float32Array;
    const last = new Float32Array(count * vocab);
    for (let i = 0; i < count; i++) last.set(all.subarray((i * time + time - 1) * vocab, (i * time + time) * vocab), i * vocab);
    return last;
  }));
}
