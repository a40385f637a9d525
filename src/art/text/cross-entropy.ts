/**
 * Cross-entropy of a text model on a token stream, read as in training (lanes of `seqLen` windows,
 * state carried from window to window, every token of each lane predicted; fewer than one token per
 * lane at the very end of the stream is left out), in nats per predicted token; with a character tokenizer a
 * token is a character (`<eos>`, the end of a document, counts as one: it is the line break of a
 * one-document-per-line file).
 * @module
 */
import { noGrad } from '../../autograd/tape.js';
import { mean, sparseSoftmaxCrossEntropy } from '../../ops/index.js';
import { tensor } from '../../tensor/creation.js';
import { scope } from '../../tensor/scope.js';
import type { Model } from '../../model/model.js';
import { laneLayout, laneWindow } from './split.js';
import { resetStates, textLogits } from './model.js';

/** Cross-entropy figures of a model on some text. */
export interface CrossEntropy {
  /** Mean negative log-likelihood per predicted character, in nats. */
  readonly natsPerChar: number;
  /** The same in bits (`nats / ln 2`). */
  readonly bitsPerChar: number;
  /** `exp(natsPerChar)`. */
  readonly perplexity: number;
  /** Characters predicted (tokens of the stream that were targets). */
  readonly characters: number;
}

/** Turns a mean in nats over `characters` into the {@link CrossEntropy} figures. */
export function crossEntropyFigures(natsPerChar: number, characters: number): CrossEntropy {
  return { natsPerChar, bitsPerChar: natsPerChar / Math.LN2, perplexity: Math.exp(natsPerChar), characters };
}

/**
 * The model's cross-entropy on `stream` (ids, `<eos>`-separated documents), read in up to `lanes`
 * lanes of `seqLen`-token windows with the recurrent state carried across windows. The recurrent
 * layers' carried states are reset before and left reset after. `what` names the text in errors.
 */
export function streamCrossEntropy(model: Model, stream: Int32Array, lanes: number, seqLen: number, what: string): CrossEntropy {
  const layout = laneLayout(stream.length, lanes, seqLen, what);
  resetStates(model);
  let total = 0;
  let count = 0;
  // The full windows, then what is left of each lane as one shorter window: every token of a lane is predicted.
  const rest = layout.laneLength - layout.steps * seqLen;
  for (let step = 0; step < layout.steps + (rest > 0 ? 1 : 0); step++) {
    const length = step < layout.steps ? seqLen : rest;
    const { x, y } = laneWindow(stream, layout, step, length);
    const loss = scope(() => noGrad(() => {
      const logits = textLogits(model, tensor(x, [layout.lanes, length], 'int32'));
      return mean(sparseSoftmaxCrossEntropy(logits, tensor(y, [layout.lanes, length], 'int32'))).item();
    }));
    total += loss * x.length;
    count += x.length;
  }
  resetStates(model);
  return crossEntropyFigures(total / count, count);
}
