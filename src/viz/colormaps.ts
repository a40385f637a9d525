/**
 * Colour maps: 256-entry RGB tables that turn a value in [0, 1] into a colour.
 * @module
 */
import { ArgumentError, ShapeError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { INFERNO_HEX, VIRIDIS_HEX } from './colormap-data.js';

/** Names of the built-in colour maps. */
export type ColormapName = 'viridis' | 'inferno' | 'jet' | 'gray';

/** Every built-in colour map name. */
export const COLORMAPS: readonly ColormapName[] = ['viridis', 'inferno', 'jet', 'gray'];

// matplotlib's jet as piecewise-linear segments (x, value) per channel, from its _cm.py.
const JET_SEGMENTS: readonly (readonly [number, number][])[] = [
  [[0, 0], [0.35, 0], [0.66, 1], [0.89, 1], [1, 0.5]],
  [[0, 0], [0.125, 0], [0.375, 1], [0.64, 1], [0.91, 0], [1, 0]],
  [[0, 0.5], [0.11, 1], [0.34, 1], [0.65, 0], [1, 0]],
];

const tables = new Map<ColormapName, Uint8Array>();

/**
 * The 256 × 3 table of a colour map (8-bit RGB, entry i for the value i / 255).
 * @throws ArgumentError for an unknown name.
 */
export function colormapTable(name: ColormapName): Uint8Array {
  let table = tables.get(name);
  if (table) return table;
  switch (name) {
    case 'viridis': table = fromHex(VIRIDIS_HEX); break;
    case 'inferno': table = fromHex(INFERNO_HEX); break;
    case 'jet': table = fromSegments(JET_SEGMENTS); break;
    case 'gray': table = Uint8Array.from({ length: 768 }, (_, i) => Math.floor(i / 3)); break;
    default: throw new ArgumentError(`colormap: unknown colour map '${String(name)}', expected one of ${COLORMAPS.join(', ')}`);
  }
  tables.set(name, table);
  return table;
}

/** The colour of `value` (clipped to [0, 1]; NaN counts as 0) as 8-bit `[r, g, b]`. */
export function colormapColor(name: ColormapName, value: number): [number, number, number] {
  const table = colormapTable(name);
  const i = tableIndex(value) * 3;
  return [table[i]!, table[i + 1]!, table[i + 2]!];
}

/** The colour of `value` as CSS `#rrggbb`. */
export function colormapHex(name: ColormapName, value: number): string {
  return `#${colormapColor(name, value).map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * Maps values in [0, 1] (`[h, w]` or `[h, w, 1]`, clipped) to colours: float32 `[h, w, 3]` in [0, 1].
 */
export function applyColormap(values: Tensor, name: ColormapName = 'viridis'): Tensor {
  if (values.rank !== 2 && !(values.rank === 3 && values.shape[2] === 1)) {
    throw new ShapeError(`applyColormap: values [${values.shape.join(',')}] must be [height, width] or [height, width, 1]`);
  }
  const table = colormapTable(name);
  const v = values.data();
  const out = new Float32Array(v.length * 3);
  for (let i = 0; i < v.length; i++) {
    const t = tableIndex(v[i]!) * 3;
    out[i * 3] = table[t]! / 255;
    out[i * 3 + 1] = table[t + 1]! / 255;
    out[i * 3 + 2] = table[t + 2]! / 255;
  }
  return tensor(out, [values.shape[0]!, values.shape[1]!, 3]);
}

function tableIndex(value: number): number {
  if (!(value > 0)) return 0;
  if (value >= 1) return 255;
  return Math.round(value * 255);
}

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Samples piecewise-linear channels at i / 255, as matplotlib's LinearSegmentedColormap with N = 256. */
function fromSegments(channels: readonly (readonly [number, number][])[]): Uint8Array {
  const out = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const x = i / 255;
    channels.forEach((points, c) => {
      let k = 1;
      while (k < points.length - 1 && points[k]![0] < x) k++;
      const [x0, y0] = points[k - 1]!;
      const [x1, y1] = points[k]!;
      const v = x1 === x0 ? y1 : y0 + ((x - x0) / (x1 - x0)) * (y1 - y0);
      out[i * 3 + c] = Math.round(Math.min(1, Math.max(0, v)) * 255);
    });
  }
  return out;
}
