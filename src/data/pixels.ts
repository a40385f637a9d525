/**
 * A plain float image buffer (`[height, width, channels]`, row-major) that data transforms work on,
 * so that a chain of augmentations converts to and from tensors only once.
 * @module
 */
import { ShapeError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';

/** Float pixels `[height, width, channels]`, row-major, interleaved. */
export interface Pixels {
  readonly data: Float32Array;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** Splits a float tensor `[H, W, C]` or `[B, H, W, C]` into per-image pixel buffers (copies). */
export function tensorToPixels(op: string, image: Tensor): { images: Pixels[]; batched: boolean } {
  if (image.dtype !== 'float32' || (image.rank !== 3 && image.rank !== 4)) {
    throw new ShapeError(`${op}: image ${image.dtype} [${image.shape.join(',')}] must be float32 [height, width, channels] or [batch, height, width, channels]`);
  }
  const batched = image.rank === 4;
  const [batch, height, width, channels] = (batched ? image.shape : [1, ...image.shape]) as [number, number, number, number];
  const all = image.data<'float32'>();
  const per = height * width * channels;
  const images = Array.from({ length: batch }, (_, b) => ({ data: all.subarray(b * per, (b + 1) * per), height, width, channels }));
  return { images, batched };
}

/** Joins pixel buffers back into `[H, W, C]` (one image, not batched) or `[B, H, W, C]`. */
export function pixelsToTensor(op: string, images: readonly Pixels[], batched: boolean): Tensor {
  const first = images[0]!;
  if (!batched) return tensor(first.data, [first.height, first.width, first.channels]);
  const per = first.data.length;
  const out = new Float32Array(per * images.length);
  images.forEach((p, i) => {
    if (p.height !== first.height || p.width !== first.width || p.channels !== first.channels) {
      throw new ShapeError(`${op}: image ${i} came out [${p.height},${p.width},${p.channels}] but image 0 is [${first.height},${first.width},${first.channels}]; a batch needs one size`);
    }
    out.set(p.data, i * per);
  });
  return tensor(out, [images.length, first.height, first.width, first.channels]);
}
