/**
 * Constrained decoding of Chinese verse: at every step the logits of the tokens that would break
 * the form are masked. A form `5x4` fixes where characters and punctuation go (a Chinese character
 * in each of the five places of a line, `，` after odd lines, `。` after even ones, then the end of
 * the poem); an acrostic fixes the first character of each line; the rhyme constraint only allows,
 * at the end of each even line, characters sharing a rhyme class with the even lines before it.
 * Everything that cannot be satisfied (an acrostic of the wrong length, characters the model does
 * not know, a prime that breaks the form) is refused before sampling starts.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import type { Tokenizer } from './tokenizer.js';
import { formName, isHan, type VerseForm } from './verse.js';
import { rhymeClasses } from './rhyme.js';

/** What a poem must satisfy. */
export interface VerseConstraintOptions {
  /** Characters per line and lines. */
  readonly form: VerseForm;
  /** Line `i` starts with the `i`-th character (as many characters as lines). */
  readonly acrostic?: string;
  /** The even lines end in characters that rhyme. */
  readonly rhyme?: boolean;
}

/** The progress of one poem under a {@link VerseConstraint}. */
export interface VerseState {
  /** Tokens placed so far. */
  position: number;
  /** Rhyme classes still shared by the rhyme characters so far (null before the first). */
  rhyme: string[] | null;
}

/** Masks for one form (and acrostic, rhyme) over one tokenizer's vocabulary. */
export class VerseConstraint {
  readonly form: VerseForm;
  readonly acrostic: readonly string[] | null;
  readonly rhyme: boolean;
  /** Tokens of a complete poem, punctuation included (the end-of-document token follows). */
  readonly length: number;
  private readonly hanIds: Int32Array;
  private readonly rhymeIds: Int32Array;
  private readonly pauseId: number;
  private readonly stopId: number;
  private readonly acrosticIds: number[] | null;

  /**
   * Prepares the masks; throws an `ArgumentError` naming the option when the vocabulary cannot
   * fill the form (no `，`/`。`, no Chinese characters) or the acrostic does not fit.
   */
  constructor(readonly tokenizer: Tokenizer, options: VerseConstraintOptions) {
    this.form = options.form;
    this.rhyme = options.rhyme ?? false;
    this.length = this.form.lines * (this.form.chars + 1);
    const han: number[] = [];
    const rhymeIds: number[] = [];
    for (let id = 0; id < tokenizer.vocabSize; id++) {
      if (id === tokenizer.unkId || id === tokenizer.eosId) continue;
      const s = tokenizer.symbol(id);
      if (!isHan(s)) continue;
      han.push(id);
      if (rhymeClasses(s).length > 0) rhymeIds.push(id);
    }
    this.hanIds = Int32Array.from(han);
    this.rhymeIds = Int32Array.from(rhymeIds);
    const name = formName(this.form);
    if (han.length === 0) throw new ArgumentError(`--form ${name}: the model's vocabulary has no Chinese characters`);
    if (this.rhyme && rhymeIds.length === 0) throw new ArgumentError(`--rhyme: no character of the model's vocabulary has a known pinyin reading`);
    const pause = tokenizer.idOf('，');
    const stop = tokenizer.idOf('。');
    if (pause === undefined || stop === undefined) throw new ArgumentError(`--form ${name}: the model's vocabulary lacks '${pause === undefined ? '，' : '。'}', which the form needs at the end of lines`);
    this.pauseId = pause;
    this.stopId = stop;
    if (options.acrostic === undefined) {
      this.acrostic = null;
      this.acrosticIds = null;
    } else {
      const chars = [...options.acrostic];
      if (chars.length !== this.form.lines) {
        throw new ArgumentError(`--acrostic ${options.acrostic}: ${chars.length} characters cannot fill form ${name}, which has ${this.form.lines} lines (give ${this.form.lines} characters, or a form with ${chars.length} lines)`);
      }
      const bad = chars.filter((c) => !isHan(c));
      if (bad.length > 0) throw new ArgumentError(`--acrostic ${options.acrostic}: '${bad.join('')}' is not a Chinese character`);
      const unknown = chars.filter((c) => tokenizer.idOf(c) === undefined);
      if (unknown.length > 0) throw new ArgumentError(`--acrostic ${options.acrostic}: the model's vocabulary lacks ${unknown.map((c) => `'${c}'`).join(', ')}; choose other characters`);
      this.acrostic = chars;
      this.acrosticIds = chars.map((c) => tokenizer.idOf(c)!);
    }
  }

  /** A fresh state at the start of a poem. */
  start(): VerseState {
    return { position: 0, rhyme: null };
  }

  /** True when the poem is complete (only the end-of-document token may follow). */
  done(state: VerseState): boolean {
    return state.position >= this.length;
  }

  /** The tokens allowed next. */
  allowed(state: VerseState): Int32Array {
    const { chars } = this.form;
    if (state.position >= this.length) return Int32Array.of(this.tokenizer.eosId);
    const line = Math.floor(state.position / (chars + 1));
    const col = state.position % (chars + 1);
    if (col === chars) return Int32Array.of(line % 2 === 0 ? this.pauseId : this.stopId);
    if (col === 0 && this.acrosticIds) return Int32Array.of(this.acrosticIds[line]!);
    if (this.rhyme && line % 2 === 1 && col === chars - 1) {
      const shared = state.rhyme;
      if (!shared) return this.rhymeIds;
      return this.rhymeIds.filter((id) => rhymeClasses(this.tokenizer.symbol(id)).some((c) => shared.includes(c)));
    }
    return this.hanIds;
  }

  /** Records that `id` was placed. */
  advance(state: VerseState, id: number): void {
    const { chars } = this.form;
    const line = Math.floor(state.position / (chars + 1));
    const col = state.position % (chars + 1);
    if (this.rhyme && line % 2 === 1 && col === chars - 1) {
      const classes = rhymeClasses(this.tokenizer.symbol(id));
      state.rhyme = state.rhyme ? state.rhyme.filter((c) => classes.includes(c)) : [...classes];
    }
    state.position++;
  }

  /**
   * Checks that `prime` (the poem's first tokens) keeps the constraints and returns the state after
   * it; throws naming the first character that breaks them.
   */
  primeState(prime: ArrayLike<number>): VerseState {
    const state = this.start();
    if (prime.length > this.length) throw new ArgumentError(`--prime is ${prime.length} characters long, longer than a whole ${formName(this.form)} poem (${this.length} with punctuation)`);
    for (let i = 0; i < prime.length; i++) {
      const id = prime[i]!;
      if (!this.allowed(state).includes(id)) {
        throw new ArgumentError(`--prime: '${this.tokenizer.symbol(id)}' (character ${i + 1}) breaks the ${[formName(this.form), this.acrostic ? 'acrostic' : '', this.rhyme ? 'rhyme' : ''].filter(Boolean).join(' and ')} constraint at that place`);
      }
      this.advance(state, id);
    }
    return state;
  }
}
