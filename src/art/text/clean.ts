/**
 * Cleaning the editorial marks of the chinese-poetry collection: `[字]` marks a corrected
 * character or two (`[崎嶇]`; the characters are kept, the brackets go), `{…}` describes a character that could not be
 * encoded and `□` marks a lost one. A poem with an undescribed or lost character is dropped rather
 * than mended: removing the character would break its lines.
 * @module
 */

/** What {@link cleanEditorialMarks} did to a list of documents. */
export interface CleaningReport {
  /** `[字]` marks resolved to their character. */
  readonly corrected: number;
  /** Documents dropped because they held `{…}` or `□`. */
  readonly dropped: number;
}

const CORRECTED = /\[([^[\]{}\s]{1,4})\]/gu;
const UNREADABLE = /\{[^{}]*\}|□/u;

/**
 * Cleans each document: `[字]` becomes `字`; documents holding `{…}` or `□` are dropped; then
 * documents that became empty are dropped too.
 */
export function cleanEditorialMarks(documents: readonly string[]): { documents: string[]; report: CleaningReport } {
  let corrected = 0;
  let dropped = 0;
  const out: string[] = [];
  for (const doc of documents) {
    if (UNREADABLE.test(doc)) {
      dropped++;
      continue;
    }
    const cleaned = doc.replace(CORRECTED, (_m, ch: string) => {
      corrected++;
      return ch;
    });
    if (cleaned.trim() === '') {
      dropped++;
      continue;
    }
    out.push(cleaned);
  }
  return { documents: out, report: { corrected, dropped } };
}
