/**
 * Traditional ↔ simplified Chinese with OpenCC (the `opencc-js` package, offline dictionaries).
 * Conversion is by phrase and character; OpenCC notes that a converted character sometimes does
 * not fit its context, which matters little for a language model's training text.
 * @module
 */
import * as OpenCC from 'opencc-js';
import { ArgumentError } from '../../errors.js';

/** What script a corpus is trained in: as it comes, or converted. */
export type ScriptChoice = 'keep' | 'simplified' | 'traditional';

/** The script choices, for option parsers. */
export const SCRIPT_CHOICES: readonly ScriptChoice[] = ['keep', 'simplified', 'traditional'];

const converters = new Map<ScriptChoice, (text: string) => string>();

/**
 * A function converting text to `script` (`keep`: the identity). Traditional → simplified uses
 * OpenCC's Taiwan-standard to mainland tables (`tw` → `cn`), which read the Tang corpus' variants;
 * simplified → traditional uses `cn` → `t` (OpenCC's standard traditional).
 */
export function scriptConverter(script: ScriptChoice): (text: string) => string {
  if (!SCRIPT_CHOICES.includes(script)) throw new ArgumentError(`script must be one of ${SCRIPT_CHOICES.join(', ')}, got ${JSON.stringify(script)}`);
  if (script === 'keep') return (t) => t;
  const cached = converters.get(script);
  if (cached) return cached;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- opencc-js's bundled types resolve to an error type under the lint's project service; tsc checks this line
  const made: (text: string) => string = script === 'simplified' ? OpenCC.Converter({ from: 'tw', to: 'cn' }) : OpenCC.Converter({ from: 'cn', to: 't' });
  converters.set(script, made);
  return made;
}
