/**
 * The forms of regulated Tang verse and a checker for them: `5x4` (five characters a line, four
 * lines: a jueju), `5x8`, `7x4`, `7x8` (a lüshi). A line is its characters followed by punctuation:
 * odd lines end in a pause (，, or ？！；：), even lines in a full stop (。, or ？！). The rhyme
 * check asks that the last characters of the even lines share a rhyme class (see `rhyme.ts`).
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { rhymeClasses, sharedRhyme } from './rhyme.js';

/** A verse form: characters per line and number of lines. */
export interface VerseForm {
  readonly chars: 5 | 7;
  readonly lines: 4 | 8;
}

/** The form names the CLI accepts. */
export const FORM_NAMES = ['5x4', '5x8', '7x4', '7x8'] as const;
/** A form name. */
export type FormName = (typeof FORM_NAMES)[number];

/** Punctuation allowed after an odd (1st, 3rd…) line. */
export const PAUSE_MARKS = '，？！；：';
/** Punctuation allowed after an even line. */
export const STOP_MARKS = '。？！';

/** Parses `5x4` (also `5×4`) into a form; throws naming the option otherwise. */
export function parseForm(name: string, option = '--form'): VerseForm {
  const m = /^([57])[x×]([48])$/.exec(name.trim());
  if (!m) throw new ArgumentError(`${option}: expected one of ${FORM_NAMES.join(', ')} (characters per line x lines), got '${name}'`);
  return { chars: Number(m[1]) as 5 | 7, lines: Number(m[2]) as 4 | 8 };
}

/** `5x4`. */
export function formName(form: VerseForm): FormName {
  return `${form.chars}x${form.lines}`;
}

const HAN = /^\p{Script=Han}$/u;

/** True for one Chinese character. */
export function isHan(ch: string): boolean {
  return HAN.test(ch);
}

/** What {@link checkVerse} found. */
export interface VerseCheck {
  /** True when the text is a poem of a regulated form (and of `form`, when asked). */
  readonly wellFormed: boolean;
  /** The form recognised, or null. */
  readonly form: FormName | null;
  /** The lines without their punctuation. */
  readonly lines: readonly string[];
  /** True when the even lines' last characters share a rhyme class (false when not well formed). */
  readonly rhymes: boolean;
  /** The shared rhyme classes of the even lines. */
  readonly rhyme: readonly string[];
  /** Why it is not well formed (empty when it is). */
  readonly problems: readonly string[];
}

/**
 * Checks whether `text` (one poem; surrounding white space ignored) is regulated verse: 4 or 8 lines
 * of 5 or 7 Chinese characters each, every line followed by its punctuation (a pause after odd
 * lines, a stop after even ones), nothing else. With `form`, that form is required. Also reports
 * whether the even lines rhyme.
 *
 * @example checkVerse('床前明月光，疑是地上霜。舉頭望明月，低頭思故鄉。').form === '5x4'
 */
export function checkVerse(text: string, form?: VerseForm): VerseCheck {
  const chars = [...text.trim()];
  const lines: string[] = [];
  const problems: string[] = [];
  let current = '';
  for (const ch of chars) {
    if (isHan(ch)) {
      current += ch;
      continue;
    }
    const lineNo = lines.length + 1;
    const marks = lineNo % 2 === 1 ? PAUSE_MARKS : STOP_MARKS;
    if (current === '') problems.push(`'${ch}' where line ${lineNo} should start`);
    else if (!marks.includes(ch)) problems.push(`line ${lineNo} ends with '${ch}', expected one of ${marks}`);
    lines.push(current);
    current = '';
  }
  if (current !== '') problems.push(`line ${lines.length + 1} '${current}' has no closing punctuation`);
  const widths = new Set(lines.map((l) => [...l].length));
  const width = widths.size === 1 ? [...widths][0]! : null;
  if (width === null && lines.length > 0) problems.push(`lines have different lengths (${lines.map((l) => [...l].length).join(', ')})`);
  else if (width !== 5 && width !== 7 && lines.length > 0) problems.push(`lines of ${width} characters (regulated verse has 5 or 7)`);
  if (lines.length !== 4 && lines.length !== 8) problems.push(`${lines.length} lines (regulated verse has 4 or 8)`);
  const recognised = problems.length === 0 ? (`${width}x${lines.length}` as FormName) : null;
  if (recognised && form && recognised !== formName(form)) problems.push(`the form is ${recognised}, expected ${formName(form)}`);
  const wellFormed = problems.length === 0;
  const endings = wellFormed ? lines.filter((_, i) => i % 2 === 1).map((l) => [...l].at(-1)!) : [];
  const rhyme = wellFormed ? sharedRhyme(endings) : [];
  return { wellFormed, form: recognised, lines, rhymes: wellFormed && rhyme.length > 0, rhyme, problems };
}

/** True when every character of `chars` has a known rhyme class (it can stand at a rhyme position). */
export function canRhyme(ch: string): boolean {
  return rhymeClasses(ch).length > 0;
}

/**
 * The share of generated lines that appear verbatim as lines of training poems (lines split at
 * punctuation; lines shorter than 4 characters ignored), to spot memorisation.
 */
export function verbatimLineShare(poems: readonly string[], trainingDocuments: readonly string[]): { lines: number; verbatim: number; share: number } {
  const known = new Set<string>();
  const split = (t: string) => t.split(/[^\p{Script=Han}]+/u).filter((l) => [...l].length >= 4);
  for (const d of trainingDocuments) for (const l of split(d)) known.add(l);
  let lines = 0;
  let verbatim = 0;
  for (const p of poems) {
    for (const l of split(p)) {
      lines++;
      if (known.has(l)) verbatim++;
    }
  }
  return { lines, verbatim, share: lines === 0 ? 0 : verbatim / lines };
}
