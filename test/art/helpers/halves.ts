/** Test helper: a trivially simple image distribution a tiny GAN learns in seconds. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { Random } from '../../../src/index.js';

/** Grey `size × size` pixels: the `bright` half (top or bottom) near white, the other near black, with a little noise. */
export function halfImage(size: number, bright: 'top' | 'bottom', rng: Random): Buffer {
  const px = Buffer.alloc(size * size);
  for (let y = 0; y < size; y++) {
    const on = bright === 'top' ? y < size / 2 : y >= size / 2;
    for (let x = 0; x < size; x++) px[y * size + x] = Math.max(0, Math.min(255, (on ? 220 : 30) + rng.nextInt(-20, 21)));
  }
  return px;
}

/** Writes `root/top/*.png` and `root/bottom/*.png` (grey, `size × size`), `perClass` images each. */
export async function writeHalvesFolder(root: string, perClass: number, size = 28, seed = 0): Promise<string> {
  const rng = new Random(seed);
  for (const bright of ['top', 'bottom'] as const) {
    mkdirSync(join(root, bright), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      await sharp(halfImage(size, bright, rng), { raw: { width: size, height: size, channels: 1 } }).png().toFile(join(root, bright, `${bright}_${String(i).padStart(3, '0')}.png`));
    }
  }
  return root;
}

/** Mean brightness (in the images' own range) of the top and bottom halves of each image `[N, H, W, 1]`. */
export function halfMeans(values: Float32Array, n: number, size: number): { top: number; bottom: number }[] {
  const out: { top: number; bottom: number }[] = [];
  const per = size * size;
  for (let i = 0; i < n; i++) {
    let top = 0;
    let bottom = 0;
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
      const v = values[i * per + y * size + x]!;
      if (y < size / 2) top += v;
      else bottom += v;
    }
    out.push({ top: top / (per / 2), bottom: bottom / (per / 2) });
  }
  return out;
}
