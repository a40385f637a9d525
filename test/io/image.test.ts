import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { tensor, DTypeError, ShapeError, AtelierError } from '../../src/index.js';
import { readImage, readImagePixels, writeImage, imageToTensorBatch, encodeImage } from '../../src/io/image.js';
import { ImageDecodeError } from '../../src/io/image-errors.js';
import { getImageCodec, setImageCodec, type ImageCodec } from '../../src/io/image-codec.js';
import { assertClose } from '../helpers/assert-close.js';
import { repoRoot, tempDir } from '../helpers/temp-dir.js';

const dir = tempDir('image');

/** Raw RGB pixels from a per-pixel function. */
function rgb(width: number, height: number, colour: (x: number, y: number) => [number, number, number]): Buffer {
  const out = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out.set(colour(x, y), (y * width + x) * 3);
  return out;
}

/** Pixel (x, y) of an [H, W, C] tensor, as 0..255 integers. */
function pixel(t: { shape: readonly number[]; data(): ArrayLike<number> }, x: number, y: number): number[] {
  const [, w, c] = t.shape as [number, number, number];
  const d = t.data();
  return Array.from({ length: c }, (_, k) => Math.round(d[(y * w + x) * c + k]! * 255));
}

async function expectDecodeError(promise: Promise<unknown>, file: string, reason: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof ImageDecodeError, `expected ImageDecodeError, got ${String(error)}`);
    assert.ok(error instanceof AtelierError);
    assert.equal(error.file, file);
    assert.ok(error.message.includes(file), `message names the file: ${error.message}`);
    assert.match(error.reason, reason);
    return true;
  });
}

test('PNG decodes to exact [H,W,3] floats in [0,1]', async () => {
  const pixels = rgb(3, 2, (x, y) => [x * 100, y * 200, 7]);
  const path = join(dir, 'exact.png');
  await sharp(pixels, { raw: { width: 3, height: 2, channels: 3 } }).png().toFile(path);
  const img = await readImage(path);
  assert.deepEqual(img.shape, [2, 3, 3]);
  assert.equal(img.dtype, 'float32');
  assertClose(img, Array.from(pixels, (v) => v / 255), 1e-7);
});

test('JPEG with EXIF orientation 6 is rotated 90° clockwise', async () => {
  // Stored 16 wide × 8 tall: left half red, right half blue. Rotated, the left edge becomes the top.
  const stored = rgb(16, 8, (x) => (x < 8 ? [255, 0, 0] : [0, 0, 255]));
  const jpeg = await sharp(stored, { raw: { width: 16, height: 8, channels: 3 } }).jpeg({ quality: 95 }).withMetadata({ orientation: 6 }).toBuffer();
  assert.equal((await sharp(jpeg).metadata()).orientation, 6);
  const img = await readImage(jpeg);
  assert.deepEqual(img.shape, [16, 8, 3]);
  const top = pixel(img, 4, 2);
  const bottom = pixel(img, 4, 13);
  assert.ok(top[0]! > 200 && top[2]! < 60, `top is red: ${top}`);
  assert.ok(bottom[2]! > 200 && bottom[0]! < 60, `bottom is blue: ${bottom}`);
});

test('WebP, GIF (first frame) and TIFF decode', async () => {
  const green = { width: 5, height: 3, channels: 3 as const, background: { r: 0, g: 255, b: 0 } };
  const webp = await sharp({ create: green }).webp({ lossless: true }).toBuffer();
  assert.deepEqual(pixel(await readImage(webp), 2, 1), [0, 255, 0]);
  const tiff = await sharp({ create: green }).tiff({ compression: 'lzw' }).toBuffer();
  assert.deepEqual(pixel(await readImage(tiff), 4, 2), [0, 255, 0]);
  const red = await sharp({ create: { width: 4, height: 3, channels: 3, background: { r: 255, g: 0, b: 0 } } }).png().toBuffer();
  const blue = await sharp({ create: { width: 4, height: 3, channels: 3, background: { r: 0, g: 0, b: 255 } } }).png().toBuffer();
  const gif = await sharp([red, blue], { join: { animated: true } }).gif().toBuffer();
  assert.equal((await sharp(gif).metadata()).pages, 2);
  const frame = await readImage(gif);
  assert.deepEqual(frame.shape, [3, 4, 3], 'one frame, not the stacked animation');
  assert.deepEqual(pixel(frame, 1, 1), [255, 0, 0]);
});

test('16-bit, grey and CMYK inputs come out as 8-bit-normalised RGB', async () => {
  const png16 = await sharp({ create: { width: 3, height: 3, channels: 3, background: { r: 128, g: 64, b: 255 } } }).toColourspace('rgb16').png().toBuffer();
  assert.equal((await sharp(png16).metadata()).depth, 'ushort');
  assert.deepEqual(pixel(await readImage(png16), 1, 1), [128, 64, 255]);

  const grey = await sharp(Buffer.from([0, 100, 200, 255]), { raw: { width: 2, height: 2, channels: 1 } }).png().toBuffer();
  const asRgb = await readImage(grey);
  assert.deepEqual(asRgb.shape, [2, 2, 3]);
  assert.deepEqual(pixel(asRgb, 1, 0), [100, 100, 100]);
  const asGrey = await readImage(grey, { channels: 1 });
  assert.deepEqual(asGrey.shape, [2, 2, 1]);
  assertClose(asGrey, [0, 100 / 255, 200 / 255, 1], 1e-7);

  const cmyk = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 200, g: 30, b: 40 } } }).toColourspace('cmyk').jpeg().toBuffer();
  assert.equal((await sharp(cmyk).metadata()).space, 'cmyk');
  const fromCmyk = await readImage(cmyk);
  assert.deepEqual(fromCmyk.shape, [8, 8, 3]);
  const [r, g, b] = pixel(fromCmyk, 4, 4);
  assert.ok(Math.abs(r! - 200) < 25 && g! < 60 && b! < 70, `CMYK red converts back to red, got ${[r, g, b]}`);
});

test('alpha is flattened onto white by default, onto a chosen background, or kept', async () => {
  const rgba = await sharp({ create: { width: 2, height: 2, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 0.5 } } }).png().toBuffer();
  const [r, g, b] = pixel(await readImage(rgba), 0, 0);
  assert.equal(r, 255);
  assert.ok(Math.abs(g! - 127.5) <= 1 && Math.abs(b! - 127.5) <= 1, `half red over white is pink, got ${[r, g, b]}`);
  const onBlack = pixel(await readImage(rgba, { background: [0, 0, 0] }), 1, 1);
  assert.ok(Math.abs(onBlack[0]! - 127.5) <= 1 && onBlack[1] === 0 && onBlack[2] === 0, `over black: ${onBlack}`);
  const kept = await readImage(rgba, { keepAlpha: true });
  assert.deepEqual(kept.shape, [2, 2, 4]);
  assert.deepEqual(pixel(kept, 0, 0), [255, 0, 0, 128]);
  const opaque = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#102030' } }).png().toBuffer();
  assert.deepEqual(pixel(await readImage(opaque, { keepAlpha: true }), 0, 0), [16, 32, 48, 255]);
});

test('resize fits: cover crops the centre, contain pads, fill stretches, centerCrop cuts without scaling', async () => {
  // 40 wide × 20 tall: columns 0-9 red, 10-29 green, 30-39 blue.
  const bands = await sharp(rgb(40, 20, (x) => (x < 10 ? [255, 0, 0] : x < 30 ? [0, 255, 0] : [0, 0, 255])), { raw: { width: 40, height: 20, channels: 3 } }).png().toBuffer();
  const cover = await readImage(bands, { size: [20, 20], fit: 'cover' });
  assert.deepEqual(cover.shape, [20, 20, 3]);
  for (const x of [0, 10, 19]) assert.deepEqual(pixel(cover, x, 10), [0, 255, 0], `cover keeps only the green centre (x=${x})`);

  const contain = await readImage(bands, { size: [20, 20], fit: 'contain' });
  assert.deepEqual(pixel(contain, 10, 1), [255, 255, 255], 'padded with white');
  assert.deepEqual(pixel(contain, 1, 10), [255, 0, 0]);
  assert.deepEqual(pixel(contain, 10, 10), [0, 255, 0]);
  assert.deepEqual(pixel(contain, 18, 10), [0, 0, 255]);

  const fill = await readImage(bands, { size: [20, 20], fit: 'fill' });
  assert.deepEqual(pixel(fill, 1, 3), [255, 0, 0]);
  assert.deepEqual(pixel(fill, 10, 3), [0, 255, 0]);
  assert.deepEqual(pixel(fill, 18, 3), [0, 0, 255]);

  const crop = await readImage(bands, { size: [10, 18], fit: 'centerCrop' });
  assert.deepEqual(crop.shape, [10, 18, 3]);
  for (const x of [0, 17]) assert.deepEqual(pixel(crop, x, 5), [0, 255, 0]);
  const padded = await readImage(bands, { size: [30, 44], fit: 'centerCrop', background: [0, 0, 0] });
  assert.deepEqual(padded.shape, [30, 44, 3]);
  assert.deepEqual(pixel(padded, 20, 2), [0, 0, 0], 'padded above');
  assert.deepEqual(pixel(padded, 1, 15), [0, 0, 0], 'padded left');
  assert.deepEqual(pixel(padded, 3, 15), [255, 0, 0], 'first column of the image');
  assert.deepEqual(pixel(padded, 20, 15), [0, 255, 0]);
});

test('maxSide downscales the longer side like PIL thumbnail; normalize applies (x - mean) / std', async () => {
  const img = await readImage(join(repoRoot(), 'assets/paintings/vincent_van_gogh_the_starry_night.jpg'), { maxSide: 512 });
  assert.deepEqual(img.shape, [320, 512, 3]);
  const udnie = await readImage(join(repoRoot(), 'assets/paintings/francis_picabia_udnie.jpg'), { maxSide: 512 });
  assert.deepEqual(udnie.shape, [512, 512, 3], 'never enlarged nor shrunk when already within maxSide');

  const flat = await sharp({ create: { width: 2, height: 1, channels: 3, background: { r: 51, g: 102, b: 255 } } }).png().toBuffer();
  const n = await readImage(flat, { normalize: { mean: [0.5, 0.5, 0.5], std: [0.5, 0.25, 0.5] } });
  assertClose(n, [-0.6, -0.4, 1, -0.6, -0.4, 1], 1e-6);
  await assert.rejects(readImage(flat, { normalize: { mean: [0.5, 0.5], std: 1 } }), /normalize.mean has 2 values, expected 1 or 3/);
});

test('missing, non-image, empty, truncated and corrupt files give ImageDecodeError naming the file', async () => {
  const missing = join(dir, 'nope.jpg');
  await expectDecodeError(readImage(missing), missing, /file not found/);

  const text = join(dir, 'notes.png');
  writeFileSync(text, 'these are my notes, not a picture\n');
  await expectDecodeError(readImage(text), text, /not an image/);

  const empty = join(dir, 'empty.jpg');
  writeFileSync(empty, '');
  await expectDecodeError(readImage(empty), empty, /empty file/);

  const folder = join(dir, 'a-folder.png');
  mkdirSync(folder);
  await expectDecodeError(readImage(folder), folder, /directory/);

  const noisy = rgb(64, 64, (x, y) => [(x * 37 + y * 11) % 256, (x * y) % 256, (x ^ y) * 4]);
  const jpeg = await sharp(noisy, { raw: { width: 64, height: 64, channels: 3 } }).jpeg().toBuffer();
  const truncatedJpeg = join(dir, 'truncated.jpg');
  writeFileSync(truncatedJpeg, jpeg.subarray(0, Math.floor(jpeg.length / 2)));
  await expectDecodeError(readImage(truncatedJpeg), truncatedJpeg, /truncated or corrupt/);

  const png = await sharp(noisy, { raw: { width: 64, height: 64, channels: 3 } }).png().toBuffer();
  const truncatedPng = join(dir, 'truncated.png');
  writeFileSync(truncatedPng, png.subarray(0, Math.floor(png.length * 0.6)));
  await expectDecodeError(readImage(truncatedPng), truncatedPng, /truncated or corrupt/);

  const corrupt = Buffer.from(png);
  for (let i = 200; i < 400; i++) corrupt[i] = 0xa5; // inside the compressed IDAT stream
  const corruptPng = join(dir, 'corrupt.png');
  writeFileSync(corruptPng, corrupt);
  await expectDecodeError(readImage(corruptPng), corruptPng, /truncated or corrupt/);

  await expectDecodeError(readImage(Buffer.from('GIF89a but not really')), '<buffer 21 bytes>', /not an image|truncated or corrupt/);
});

test('a 6000×6000 PNG is resized while decoding, with bounded memory; maxPixels and limitInputPixels guard', async () => {
  const path = join(dir, 'huge.png');
  await sharp({ create: { width: 6000, height: 6000, channels: 3, background: { r: 10, g: 200, b: 30 } } }).png({ compressionLevel: 1 }).toFile(path);
  sharp.cache(false);
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 1);
  const small = await readImage(path, { size: [64, 64] });
  clearInterval(sampler);
  assert.deepEqual(small.shape, [64, 64, 3]);
  assert.deepEqual(pixel(small, 30, 30), [10, 200, 30]);
  // Decoding whole would need 108 MB of 8-bit pixels (432 MB as floats); streaming stays far below.
  const grownMb = (peak - before) / 2 ** 20;
  assert.ok(grownMb < 80, `resident memory grew by ${grownMb.toFixed(1)} MB`);

  await expectDecodeError(readImage(path, { maxPixels: 10_000_000 }), path, /36000000 pixels, more than maxPixels 10000000; pass size or maxSide/);
  assert.deepEqual((await readImage(path, { maxPixels: 10_000_000, maxSide: 100 })).shape, [100, 100, 3]);
  await expectDecodeError(readImage(path, { limitInputPixels: 1_000_000, size: [8, 8] }), path, /6000×6000 = 36000000 pixels is more than limitInputPixels 1000000/);
});

test('writeImage clips to [0,1], picks the format from the extension and leaves no temporary files', async () => {
  const out = join(dir, 'written');
  const img = tensor([-0.5, 0.2, 1.7, 0, 0.5, 1, 1, 1, 1, 0.25, 0.75, 0], [2, 2, 3]);
  await writeImage(join(out, 'a.png'), img);
  const back = await readImage(join(out, 'a.png'));
  assertClose(back, [0, 51, 255, 0, 128, 255, 255, 255, 255, 64, 191, 0].map((v) => v / 255), 1e-7);

  await writeImage(join(out, 'b.jpg'), tensor(new Float32Array(16 * 16 * 3).fill(0.5), [1, 16, 16, 3]), { quality: 80 });
  assert.equal((await sharp(join(out, 'b.jpg')).metadata()).format, 'jpeg');
  const grey = await readImage(join(out, 'b.jpg'));
  assert.deepEqual(grey.shape, [16, 16, 3]);
  assert.ok(Math.abs(pixel(grey, 8, 8)[0]! - 128) <= 2);

  await writeImage(join(out, 'c.png'), tensor([0, 0.5, 1, 0.25], [2, 2, 1]));
  assert.equal((await sharp(join(out, 'c.png')).metadata()).channels, 1);
  assert.deepEqual(readdirSync(out).sort(), ['a.png', 'b.jpg', 'c.png']);

  await assert.rejects(writeImage(join(out, 'd.png'), tensor([1, 2, 3])), (e: unknown) => e instanceof ShapeError && /\[3\] must be \[height, width, channels\]/.test(e.message));
  await assert.rejects(encodeImage(tensor([1, 2, 3, 4], [1, 2, 2], 'int32')), DTypeError);
  await assert.rejects(encodeImage(img, { quality: 0 }), /quality must be an integer in 1..100/);
});

test('imageToTensorBatch stacks images of different sizes into [N,h,w,C]', async () => {
  const paths = await Promise.all([[30, 10], [12, 40], [8, 8]].map(async ([w, h], i) => {
    const path = join(dir, `batch${i}.png`);
    await sharp({ create: { width: w!, height: h!, channels: 3, background: { r: i * 100, g: 0, b: 0 } } }).png().toFile(path);
    return path;
  }));
  const batch = await imageToTensorBatch(paths, [8, 8]);
  assert.deepEqual(batch.shape, [3, 8, 8, 3]);
  const d = batch.data();
  assert.equal(Math.round(d[8 * 8 * 3 * 2]! * 255), 200, 'third image keeps its order');
});

test('the codec seam: an installed codec serves readImage', async () => {
  const node = await getImageCodec();
  const calls: string[] = [];
  const fake: ImageCodec = {
    name: 'fake',
    probe: async () => ({ width: 1, height: 1, format: 'fake' }),
    decode: async (source, request) => {
      calls.push(`${String(source)}:${request.channels}`);
      return { data: new Uint8Array([255, 0, 51]), width: 1, height: 1, channels: 3 };
    },
    encode: (image, request) => node.encode(image, request),
    rasterizeSvg: (svg) => node.rasterizeSvg(svg),
  };
  setImageCodec(fake);
  try {
    const img = await readImage('canvas://anything');
    assertClose(img, [1, 0, 0.2], 1e-7);
    assert.deepEqual(calls, ['canvas://anything:3']);
    assert.deepEqual((await readImagePixels('x', { channels: 1 })).channels, 3);
  } finally {
    setImageCodec(node);
  }
});
