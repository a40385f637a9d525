/**
 * Using a trained style network: load it from its run folder once, then stylise in-memory images
 * (tensors or 8-bit pixels) of any size in one forward pass.
 * @module
 */
import { noGrad } from '../../../autograd/tape.js';
import { ArgumentError, ShapeError } from '../../../errors.js';
import type { RawImage } from '../../../io/image-codec.js';
import type { Model } from '../../../model/model.js';
import { pad, slice } from '../../../ops/slicing.js';
import { reshape } from '../../../ops/shape-ops.js';
import { tensor } from '../../../tensor/creation.js';
import { scope } from '../../../tensor/scope.js';
import type { Tensor } from '../../../tensor/tensor.js';
import type { Snapshot } from '../../../io/snapshots.js';
import { latestStyleCheckpoint, readStyleCheckpoint, type StyleNetworkState } from './run-folder.js';

/** A trained style network with its run's settings, ready to apply. */
export interface StyleRun {
  readonly runDir: string;
  readonly network: Model;
  readonly state: StyleNetworkState;
  /** The checkpoint it came from. */
  readonly snapshot: Snapshot;
}

/**
 * Loads the newest complete checkpoint of a run folder written by {@link trainStyleNetwork}. Errors
 * name the folder: missing, a file, a run of another task, or no checkpoint yet.
 * @example const run = loadStyleRun('runs/starry'); const out = applyStyle(run, photo);
 */
export function loadStyleRun(runDir: string, op = 'loadStyleRun'): StyleRun {
  const snapshot = latestStyleCheckpoint(runDir, op);
  if (!snapshot) throw new ArgumentError(`${op}: ${runDir} holds no style network (no complete checkpoint); train one with 'atelier style train <style.jpg> <content-folder> -o ${runDir}'`);
  const { network, state } = readStyleCheckpoint(snapshot.path);
  return { runDir, network, state, snapshot };
}

/**
 * Stylises `image` (`[h, w, 3]` or `[batch, h, w, 3]`, values in [0, 1]) with a trained network and
 * returns the same shape in [0, 1]. Sides that are not multiples of 4 are mirrored up to the next
 * one and cropped back. Runs without gradients; nothing but the result stays allocated.
 */
export function applyStyle(run: StyleRun | Model, image: Tensor): Tensor {
  const network = 'network' in run ? run.network : run;
  const rank = image.rank;
  if ((rank !== 3 && rank !== 4) || image.shape[rank - 1] !== 3) {
    throw new ShapeError(`applyStyle: image [${image.shape.join(',')}] must be [height, width, 3] or [batch, height, width, 3] (RGB in [0, 1]); convert grey or RGBA pixels with applyStyleToPixels`);
  }
  const batched = rank === 4 ? image : reshape(image, [1, ...image.shape]);
  const [b, h, w] = batched.shape as [number, number, number, number];
  if (h < 4 || w < 4) throw new ShapeError(`applyStyle: image [${image.shape.join(',')}] is smaller than 4x4`);
  return scope(() =>
    noGrad(() => {
      const [ph, pw] = [(4 - (h % 4)) % 4, (4 - (w % 4)) % 4];
      const x = ph + pw > 0 ? pad(batched, [[0, 0], [0, ph], [0, pw], [0, 0]], 'reflect') : batched;
      let y = network.apply(x, { training: false });
      if (ph + pw > 0) y = slice(y, [0, 0, 0, 0], [b, h, w, 3]);
      return rank === 4 ? y : reshape(y, [h, w, 3]);
    }),
  );
}

/**
 * Stylises 8-bit pixels (1 to 4 channels: grey becomes RGB, transparency is flattened onto white)
 * and returns 8-bit RGB pixels of the same size: what an HTTP route or a canvas hands over.
 */
export function applyStyleToPixels(run: StyleRun | Model, raw: RawImage): RawImage {
  const { width, height, channels, data } = raw;
  if (![1, 2, 3, 4].includes(channels) || data.length !== width * height * channels) {
    throw new ArgumentError(`applyStyleToPixels: pixels must hold width x height x channels bytes with 1-4 channels; got ${data.length} bytes for ${width}x${height}x${channels}`);
  }
  const rgb = new Float32Array(width * height * 3);
  const hasAlpha = channels === 2 || channels === 4;
  for (let i = 0; i < width * height; i++) {
    const a = hasAlpha ? data[i * channels + channels - 1]! / 255 : 1;
    for (let c = 0; c < 3; c++) {
      const v = data[i * channels + (channels >= 3 ? c : 0)]! / 255;
      rgb[i * 3 + c] = v * a + (1 - a);
    }
  }
  const out = applyStyle(run, tensor(rgb, [height, width, 3]));
  const values = out.values;
  const bytes = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(0, values[i]!)) * 255);
  out.dispose();
  return { data: bytes, width, height, channels: 3 };
}
