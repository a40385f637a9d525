/**
 * Class scores and their gradients with respect to the input, in memory-bounded chunks.
 * @module
 */
import { ArgumentError } from '../../errors.js';
import { argmax, sum } from '../../ops/reduce.js';
import { mul } from '../../ops/arithmetic.js';
import { noGrad } from '../../autograd/tape.js';
import { oneHot } from '../../ops/indexing.js';
import { scope } from '../../tensor/scope.js';
import { tensor } from '../../tensor/creation.js';
import { valueAndGrad } from '../../autograd/grad.js';
import type { Tensor } from '../../tensor/tensor.js';
import { runProgram, type Program } from './program.js';

/** What explanation methods score: the class, and whether logits replace probabilities. */
export interface ScoreTarget {
  readonly program: Program;
  readonly classIndex: number;
  readonly logits: boolean;
  /** Images per forward/backward pass (default 16). */
  readonly batchSize: number;
}

/** `sum_n output[n, classIndex]`: a scalar whose gradient with respect to each image is that image's own score gradient (images do not interact in inference mode). */
export function summedScore(output: Tensor, classIndex: number): Tensor {
  const k = output.shape[output.shape.length - 1]!;
  if (output.rank !== 2) throw new ArgumentError(`explain: the model output is [${output.shape.join(',')}], expected [batch, classes]`);
  if (!(Number.isInteger(classIndex) && classIndex >= 0 && classIndex < k)) throw new ArgumentError(`explain: classIndex must be an integer in 0..${k - 1}, got ${classIndex}`);
  return sum(mul(output, oneHot(tensor(Int32Array.of(classIndex), [1], 'int32'), k)));
}

/** The class scores of every image in `x` `[N, H, W, C]`, without gradients. */
export function classScores(target: ScoreTarget, x: Tensor): Float32Array {
  const n = x.shape[0]!;
  const out = new Float32Array(n);
  for (let start = 0; start < n; start += target.batchSize) {
    const size = Math.min(target.batchSize, n - start);
    const values = scope(() => noGrad(() => {
      const { output } = runProgram(target.program, sliceRows(x, start, size), { logits: target.logits });
      const k = output.shape[1]!;
      const all = output.data() as Float32Array;
      return Float32Array.from({ length: size }, (_, i) => all[i * k + target.classIndex]!);
    }));
    out.set(values, start);
  }
  return out;
}

/** Scores and input gradients `∂score/∂x` (same layout as `x`) of every image in `x`. */
export function scoreGradients(target: ScoreTarget, x: Tensor): { scores: Float32Array; gradients: Float32Array } {
  const n = x.shape[0]!;
  const per = x.size / n;
  const scores = new Float32Array(n);
  const gradients = new Float32Array(x.size);
  for (let start = 0; start < n; start += target.batchSize) {
    const size = Math.min(target.batchSize, n - start);
    scope(() => {
      const chunk = sliceRows(x, start, size);
      const seen: { output?: Tensor } = {};
      const f = (input: Tensor) => {
        seen.output = runProgram(target.program, input, { logits: target.logits }).output;
        return summedScore(seen.output, target.classIndex);
      };
      const { grads } = valueAndGrad(f)(chunk);
      const k = seen.output!.shape[1]!;
      const all = seen.output!.data() as Float32Array;
      for (let i = 0; i < size; i++) scores[start + i] = all[i * k + target.classIndex]!;
      gradients.set(grads[0]!.data(), start * per);
    });
  }
  return { scores, gradients };
}

/** The index of the most probable class of one image `[1, H, W, C]`. */
export function predictedClass(program: Program, x: Tensor): number {
  return scope(() => noGrad(() => argmax(runProgram(program, x).output, 1).data()[0]!));
}

/** Rows `[start, start + size)` of a batch, as a new tensor. */
export function sliceRows(x: Tensor, start: number, size: number): Tensor {
  if (start === 0 && size === x.shape[0]) return x;
  const per = x.size / x.shape[0]!;
  return tensor((x.data() as Float32Array).subarray(start * per, (start + size) * per), [size, ...x.shape.slice(1)]);
}

/** Stacks per-image pixel arrays `[H, W, C]` into one batch tensor. */
export function batchOf(images: readonly Float32Array[], shape: readonly number[]): Tensor {
  const per = images[0]!.length;
  const out = new Float32Array(per * images.length);
  images.forEach((img, i) => out.set(img, i * per));
  return tensor(out, [images.length, ...shape]);
}
