/**
 * Rhyme of Chinese characters by their pinyin finals (the `pinyin-pro` package, which reads
 * traditional and simplified characters offline), compared without the medials i, u and ü:
 * 光 guang, 霜 shuang and 鄉 xiang all rhyme in -ang.
 *
 * Modern Mandarin readings only approximate the rhyme groups of Tang poetry (the Pingshui rhymes
 * of Middle Chinese): some pairs that rhymed in the Tang no longer do (斜 xie with 家 jia), and the
 * entering tone (-p, -t, -k endings) is gone. A character with several readings (行 xing/hang)
 * rhymes through any of them.
 * @module
 */
import { pinyin } from 'pinyin-pro';

const cache = new Map<string, readonly string[]>();
const HAN = /^\p{Script=Han}$/u;

/**
 * The rhyme classes of one character: the finals of its readings with the medial removed and
 * contractions spelled out (`ui` → `ei`, `iu` → `ou`, `un` → `en`, `in` → `en`, `ing` → `eng`,
 * `ie`/`üe` → `e`, `iong` → `ong`). Empty for characters that are not Chinese or have no reading.
 */
export function rhymeClasses(ch: string): readonly string[] {
  let got = cache.get(ch);
  if (got) return got;
  got = [];
  if (HAN.test(ch)) {
    const finals = pinyin(ch, { pattern: 'final', toneType: 'none', type: 'array', multiple: true });
    const set = new Set<string>();
    for (const f of finals) {
      const c = rhymeOfFinal(f);
      if (c) set.add(c);
    }
    got = [...set].sort();
  }
  cache.set(ch, got);
  return got;
}

/** The rhyme class of one pinyin final without tone (`uang` → `ang`, `ü` → `ü`). */
export function rhymeOfFinal(final: string): string {
  let f = final.toLowerCase().replace(/v/g, 'ü');
  if (f === '') return '';
  const contractions: Record<string, string> = { ui: 'ei', iu: 'ou', un: 'en', ün: 'en', in: 'en', ing: 'eng', ie: 'e', üe: 'e', ue: 'e', iong: 'ong', ê: 'e' };
  if (contractions[f]) return contractions[f]!;
  // Strip one medial when something is left after it (a bare i, u or ü is the vowel itself).
  if (f.length > 1 && /^[iuü]/.test(f)) f = f.slice(1);
  return f;
}

/** True when two characters share a rhyme class. */
export function rhymes(a: string, b: string): boolean {
  const cb = rhymeClasses(b);
  return rhymeClasses(a).some((c) => cb.includes(c));
}

/** The rhyme classes all of `chars` share (empty when they do not rhyme together). */
export function sharedRhyme(chars: readonly string[]): string[] {
  if (chars.length === 0) return [];
  let shared = [...rhymeClasses(chars[0]!)];
  for (const ch of chars.slice(1)) {
    const c = rhymeClasses(ch);
    shared = shared.filter((x) => c.includes(x));
  }
  return shared;
}
