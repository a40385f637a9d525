/**
 * Reading a text file strictly: empty files, binary files and invalid UTF-8 are refused with the
 * file and the byte offset at fault, rather than decoded into replacement characters.
 * @module
 */
import { FileFormatError } from '../../io/file-format-error.js';

/**
 * The byte offset of the first invalid UTF-8 sequence in `bytes`, or -1 when all of it is valid.
 * Overlong forms, surrogates (U+D800–U+DFFF) and code points above U+10FFFF are invalid, as in
 * the WHATWG decoder.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lower = 0x80;
    let upper = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lower = 0xa0;
      if (b === 0xed) upper = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lower = 0x90;
      if (b === 0xf4) upper = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      const lo = k === 1 ? lower : 0x80;
      const hi = k === 1 ? upper : 0xbf;
      if (c === undefined || c < lo || c > hi) return i;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * Decodes `bytes` read from `source` as UTF-8 text (a leading byte-order mark is dropped).
 * Throws a {@link FileFormatError} naming `source` when the file is empty, looks binary (it holds a
 * NUL byte) or is not valid UTF-8 (with the byte offset of the first bad sequence).
 */
export function decodeTextFile(bytes: Uint8Array, source: string): string {
  if (bytes.length === 0) throw new FileFormatError(`${source}: the file is empty; a corpus needs text`);
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new FileFormatError(`${source}: looks like a binary file (a NUL byte at byte offset ${nul}); a corpus must be UTF-8 text`);
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const shown = Array.from(bytes.subarray(bad, bad + 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new FileFormatError(`${source}: invalid UTF-8 at byte offset ${bad} (bytes ${shown}); convert the file to UTF-8 first`);
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start));
}
