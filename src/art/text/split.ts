/**
 * Holding out documents for validation, and laying token streams out for truncated
 * back-propagation through time.
 *
 * The split is by document (a poem is entirely in training or entirely held out, never cut); a
 * corpus of a single document (a plain text with no document breaks, such as a novel) holds out its
 * last part instead. A stream is `<eos> doc <eos> doc … <eos>`, so a model learns where documents
 * start and end. For training, the stream is cut into `lanes` contiguous rows read `seqLen` tokens
 * at a time: batch `i` holds the `i`-th window of every lane, so the recurrent state left at the end
 * of one batch is the right initial state of the next.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { Random } from '../../tensor/random.js';
import type { Tokenizer } from './tokenizer.js';

/** Documents for training and validation. */
export interface DocumentSplit {
  readonly train: readonly string[];
  readonly validation: readonly string[];
  /** `documents`: whole documents held out; `tail`: the last part of a single document. */
  readonly mode: 'documents' | 'tail';
}

/**
 * Holds out `fraction` of the documents, chosen by `seed` (at least one when there are two or more);
 * a single document keeps its first `1 − fraction` of code points for training and holds out the rest.
 */
export function splitDocuments(documents: readonly string[], fraction: number, seed: number): DocumentSplit {
  if (!(fraction >= 0 && fraction < 1)) throw new ArgumentError(`splitDocuments: validation fraction must be in [0, 1), got ${fraction}`);
  if (documents.length === 1) {
    const chars = [...documents[0]!];
    const cut = Math.round(chars.length * (1 - fraction));
    return { train: [chars.slice(0, cut).join('')], validation: fraction > 0 ? [chars.slice(cut).join('')] : [], mode: 'tail' };
  }
  const held = fraction === 0 ? 0 : Math.max(1, Math.min(documents.length - 1, Math.round(documents.length * fraction)));
  const order = new Random(seed).permutation(documents.length);
  const isHeld = new Uint8Array(documents.length);
  for (let i = 0; i < held; i++) isHeld[order[i]!] = 1;
  return {
    train: documents.filter((_, i) => !isHeld[i]),
    validation: documents.filter((_, i) => isHeld[i]),
    mode: 'documents',
  };
}

/** `<eos> d0 <eos> d1 <eos> …` as ids; `order` picks the documents' order (default as given). */
export function tokenStream(encoded: readonly Int32Array[], eosId: number, order?: ArrayLike<number>): Int32Array {
  let total = 1;
  for (const e of encoded) total += e.length + 1;
  const out = new Int32Array(total);
  out[0] = eosId;
  let at = 1;
  const n = order ? order.length : encoded.length;
  for (let k = 0; k < n; k++) {
    const e = encoded[order ? order[k]! : k]!;
    out.set(e, at);
    at += e.length;
    out[at++] = eosId;
  }
  return out;
}

/** Encodes each document once (streams are then assembled from these). */
export function encodeDocuments(tokenizer: Tokenizer, documents: readonly string[]): Int32Array[] {
  return documents.map((d) => tokenizer.encode(d));
}

/** A stream cut into lanes for truncated back-propagation through time. */
export interface LaneLayout {
  /** Rows read in parallel (the batch size actually used). */
  readonly lanes: number;
  /** Tokens per lane (each lane also reads one more for the last target). */
  readonly laneLength: number;
  readonly seqLen: number;
  /** Windows per lane: the batches of one pass. */
  readonly steps: number;
}

/**
 * How `streamLength` tokens are read in windows of `seqLen` with up to `lanes` lanes. A stream too
 * short for `lanes` full windows gets fewer lanes; one shorter than a single window (plus its
 * target) cannot be used and throws, naming `what`.
 */
export function laneLayout(streamLength: number, lanes: number, seqLen: number, what: string): LaneLayout {
  const usable = streamLength - 1;
  if (usable < seqLen) {
    throw new ArgumentError(`${what} has ${Math.max(usable, 0)} tokens to predict, shorter than one training sequence of ${seqLen} (use a longer corpus or a smaller --seq-len)`);
  }
  const fit = Math.min(lanes, Math.floor(usable / seqLen));
  const laneLength = Math.floor(usable / fit);
  return { lanes: fit, laneLength, seqLen, steps: Math.floor(laneLength / seqLen) };
}

/**
 * Inputs and targets of window `step` of every lane, each `[lanes, length]` row-major (`length`
 * defaults to `seqLen`; evaluation reads the rest of each lane as a last, shorter window).
 */
export function laneWindow(stream: Int32Array, layout: LaneLayout, step: number, length = layout.seqLen): { x: Int32Array; y: Int32Array } {
  const { lanes, laneLength, seqLen } = layout;
  const x = new Int32Array(lanes * length);
  const y = new Int32Array(lanes * length);
  for (let b = 0; b < lanes; b++) {
    const start = b * laneLength + step * seqLen;
    x.set(stream.subarray(start, start + length), b * length);
    y.set(stream.subarray(start + 1, start + 1 + length), b * length);
  }
  return { x, y };
}
