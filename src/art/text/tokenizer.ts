/**
 * Tokenizers turn text into integer ids and back. {@link CharTokenizer} works on Unicode code
 * points (never UTF-16 units, so characters outside the Basic Multilingual Plane such as 𠀀 are one
 * token and round-trip), with a frequency cut-off, an unknown symbol `<unk>` and an end-of-document
 * symbol `<eos>`.
 *
 * The seam for other tokenizers (words, BPE) is the {@link Tokenizer} interface and
 * {@link tokenizerFromJson}: a new kind implements the interface, writes its own `type` in
 * `toJSON()` and adds one case there; training, sampling and evaluation only use the interface.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { FileFormatError } from '../../io/file-format-error.js';

/** The unknown symbol: every character the vocabulary lacks maps to it. */
export const UNK = '<unk>';
/** The end-of-document symbol: it follows every document of a corpus and ends a sample. */
export const EOS = '<eos>';

/** The saved form of a tokenizer (`tokenizer.json` in a run folder). */
export interface TokenizerJson {
  readonly type: string;
  readonly version: number;
  readonly [key: string]: unknown;
}

/** What training, sampling and evaluation need of a tokenizer. */
export interface Tokenizer {
  /** Its kind (`char`), as saved. */
  readonly type: string;
  /** Number of ids, special symbols included. */
  readonly vocabSize: number;
  readonly unkId: number;
  readonly eosId: number;
  /** Ids of `text` (unknown symbols become {@link unkId}); no `<eos>` is added. */
  encode(text: string): Int32Array;
  /** The text of `ids`; `<eos>` becomes a line break and `<unk>` is written as `<unk>`. */
  decode(ids: ArrayLike<number>): string;
  /** The symbol of one id. */
  symbol(id: number): string;
  /** The id of one symbol, or undefined when the vocabulary lacks it. */
  idOf(symbol: string): number | undefined;
  /** The distinct symbols of `text` that the vocabulary lacks, in order of first appearance. */
  unknownSymbols(text: string): string[];
  toJSON(): TokenizerJson;
}

/** Options of {@link CharTokenizer.fit}. */
export interface CharTokenizerOptions {
  /** Characters seen fewer times than this become `<unk>` (default 1: keep every character). */
  minCount?: number;
}

/**
 * A character tokenizer over Unicode code points. Ids: 0 `<unk>`, 1 `<eos>`, then the characters
 * by decreasing frequency (ties by code point), so ids are stable for the same corpus.
 *
 * @example
 * const tok = CharTokenizer.fit(['床前明月光'], { minCount: 1 });
 * tok.decode(tok.encode('明月')) === '明月';
 */
export class CharTokenizer implements Tokenizer {
  readonly type = 'char';
  readonly unkId = 0;
  readonly eosId = 1;
  private readonly ids: Map<string, number>;

  /** `symbols` are the characters after the two specials, in id order; `minCount` is recorded. */
  constructor(readonly symbols: readonly string[], readonly minCount = 1) {
    this.ids = new Map();
    symbols.forEach((s, i) => {
      if ([...s].length !== 1) throw new ArgumentError(`CharTokenizer: symbol ${i} ${JSON.stringify(s)} is not one code point`);
      if (this.ids.has(s)) throw new ArgumentError(`CharTokenizer: symbol ${JSON.stringify(s)} appears twice`);
      this.ids.set(s, i + 2);
    });
  }

  /** Builds the vocabulary of `documents`, keeping characters seen at least `minCount` times. */
  static fit(documents: Iterable<string>, options: CharTokenizerOptions = {}): CharTokenizer {
    const minCount = options.minCount ?? 1;
    if (!Number.isInteger(minCount) || minCount < 1) throw new ArgumentError(`CharTokenizer: minCount must be an integer >= 1, got ${minCount}`);
    const counts = new Map<string, number>();
    for (const doc of documents) for (const ch of doc) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    const kept = [...counts].filter(([, n]) => n >= minCount);
    kept.sort((a, b) => b[1] - a[1] || a[0].codePointAt(0)! - b[0].codePointAt(0)!);
    return new CharTokenizer(kept.map(([c]) => c), minCount);
  }

  get vocabSize(): number {
    return this.symbols.length + 2;
  }

  encode(text: string): Int32Array {
    const out: number[] = [];
    for (const ch of text) out.push(this.ids.get(ch) ?? this.unkId);
    return Int32Array.from(out);
  }

  decode(ids: ArrayLike<number>): string {
    let s = '';
    for (let i = 0; i < ids.length; i++) s += ids[i] === this.eosId ? '\n' : this.symbol(ids[i]!);
    return s;
  }

  symbol(id: number): string {
    if (id === this.unkId) return UNK;
    if (id === this.eosId) return EOS;
    const s = this.symbols[id - 2];
    if (s === undefined) throw new ArgumentError(`CharTokenizer: id ${id} is outside the vocabulary [0, ${this.vocabSize})`);
    return s;
  }

  idOf(symbol: string): number | undefined {
    if (symbol === UNK) return this.unkId;
    if (symbol === EOS) return this.eosId;
    return this.ids.get(symbol);
  }

  unknownSymbols(text: string): string[] {
    const seen = new Set<string>();
    for (const ch of text) if (!this.ids.has(ch)) seen.add(ch);
    return [...seen];
  }

  toJSON(): TokenizerJson {
    return { type: this.type, version: 1, minCount: this.minCount, specials: [UNK, EOS], symbols: this.symbols };
  }
}

/**
 * Rebuilds a tokenizer from its saved form; `source` (a file path) names the file in errors. This
 * is where other kinds of tokenizer (words, BPE) plug in, by their `type`.
 */
export function tokenizerFromJson(json: unknown, source = 'tokenizer.json'): Tokenizer {
  const j = json as Partial<TokenizerJson> | null;
  if (!j || typeof j !== 'object') throw new FileFormatError(`${source}: not a tokenizer description`);
  switch (j.type) {
    case 'char': {
      const symbols = j.symbols;
      if (!Array.isArray(symbols) || symbols.some((s) => typeof s !== 'string')) throw new FileFormatError(`${source}: 'symbols' must be a list of characters`);
      const specials = j.specials;
      if (!Array.isArray(specials) || specials[0] !== UNK || specials[1] !== EOS) throw new FileFormatError(`${source}: 'specials' must be ["${UNK}", "${EOS}"]`);
      try {
        return new CharTokenizer(symbols as string[], Number(j.minCount ?? 1));
      } catch (e) {
        throw new FileFormatError(`${source}: ${(e as Error).message}`);
      }
    }
    default:
      throw new FileFormatError(`${source}: unknown tokenizer type ${JSON.stringify(j.type)} (this version knows 'char')`);
  }
}
