/** Test helper: tiny synthetic image folders that a small classifier can learn in seconds. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { Random } from '../../../src/index.js';

/** Pixels of a `size × size` RGB image with stripes of period 4 (random phase, colour and noise). */
export function stripes(size: number, orientation: 'horizontal' | 'vertical', rng: Random): Buffer {
  const px = Buffer.alloc(size * size * 3);
  const phase = rng.nextInt(0, 4);
  const colour = [rng.nextInt(120, 256), rng.nextInt(120, 256), rng.nextInt(120, 256)];
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const t = orientation === 'horizontal' ? y : x;
      const on = (t + phase) % 4 < 2;
      for (let k = 0; k < 3; k++) {
        const v = (on ? colour[k]! : 30) + rng.nextInt(-20, 21);
        px[(y * size + x) * 3 + k] = Math.max(0, Math.min(255, v));
      }
    }
  }
  return px;
}

/** Writes `root/<class>/<class>_NN.png` for the classes `horizontal` and `vertical`. */
export async function writeStripesFolder(root: string, perClass: number, size = 16, seed = 0): Promise<string> {
  const rng = new Random(seed);
  for (const orientation of ['horizontal', 'vertical'] as const) {
    mkdirSync(join(root, orientation), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      await sharp(stripes(size, orientation, rng), { raw: { width: size, height: size, channels: 3 } }).png().toFile(join(root, orientation, `${orientation}_${String(i).padStart(2, '0')}.png`));
    }
  }
  return root;
}
