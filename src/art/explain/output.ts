/**
 * Saving an explanation: the heat map over the image as a PNG, and the raw map as JSON.
 * @module
 */
import { extname } from 'node:path';
import { writeFileAtomic, writeImage } from '../../io/index.js';
import { heatmapOverlay, type ColormapName } from '../../viz/index.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Explanation } from './common.js';

/** Options of {@link writeExplanation}. */
export interface WriteExplanationOptions {
  /** Default `'jet'`. */
  colormap?: ColormapName;
  /** Weight of the heat map colour (default 0.5). */
  alpha?: number;
  /** Class name to record beside the index. */
  className?: string;
}

/** The JSON written beside the picture. */
export interface ExplanationJson {
  readonly method: string;
  readonly classIndex: number;
  readonly className?: string;
  readonly score: number;
  readonly scoreKind: string;
  readonly layerName?: string;
  readonly completenessGap?: number;
  readonly baselineScore?: number;
  /** `[rows, columns]` of `map`. */
  readonly shape: readonly number[];
  /** The raw map, row by row (not normalised). */
  readonly map: number[][];
}

/** `heatmap.png` → `heatmap.json`. */
export function jsonPathFor(pngPath: string): string {
  const ext = extname(pngPath);
  return `${ext ? pngPath.slice(0, -ext.length) : pngPath}.json`;
}

/** The explanation as plain JSON data (the map row by row). */
export function explanationToJson(e: Explanation, className?: string): ExplanationJson {
  const [rows, columns] = e.map.shape as [number, number];
  const values = e.map.data() as Float32Array;
  const map = Array.from({ length: rows }, (_, r) => Array.from(values.subarray(r * columns, (r + 1) * columns)));
  return {
    method: e.method, classIndex: e.classIndex, ...(className !== undefined ? { className } : {}), score: e.score, scoreKind: e.scoreKind,
    ...(e.layerName !== undefined ? { layerName: e.layerName } : {}),
    ...(e.completenessGap !== undefined ? { completenessGap: e.completenessGap, baselineScore: e.baselineScore } : {}),
    shape: [rows, columns], map,
  };
}

/**
 * Writes the map over `image` (`[H, W, C]` in [0, 1], any resolution: the map is resized to it)
 * as the PNG `path`, and the raw map as JSON beside it (`jsonPathFor(path)`). Returns both paths.
 */
export async function writeExplanation(e: Explanation, image: Tensor, path: string, options: WriteExplanationOptions = {}): Promise<{ png: string; json: string }> {
  const overlay = heatmapOverlay(image, e.map, { colormap: options.colormap ?? 'jet', alpha: options.alpha ?? 0.5 });
  await writeImage(path, overlay);
  const json = jsonPathFor(path);
  await writeFileAtomic(json, `${JSON.stringify(explanationToJson(e, options.className))}\n`);
  return { png: path, json };
}
