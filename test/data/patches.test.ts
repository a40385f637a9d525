import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { ArgumentError } from '../../src/index.js';
import { artistFromFileName, cutPatches, planPatches, type PatchManifest, type PatchRecord } from '../../src/data/patches.js';
import { parseLabelsCsv } from '../../src/data/labels-csv.js';
import { readImagePixels } from '../../src/io/image.js';
import { repoRoot, tempDir } from '../helpers/temp-dir.js';

const out = tempDir('patches');
const paintings = join(repoRoot(), 'assets/paintings');

function overlaps(a: PatchRecord, b: PatchRecord): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The no-leakage audit: no region of any source painting is in both splits. */
function assertNoLeakage(manifest: PatchManifest): void {
  const bySource = new Map<string, PatchRecord[]>();
  for (const p of manifest.patches) bySource.set(p.source, [...(bySource.get(p.source) ?? []), p]);
  for (const [source, patches] of bySource) {
    const train = patches.filter((p) => p.split === 'train');
    const val = patches.filter((p) => p.split === 'val');
    for (const t of train) for (const v of val) assert.ok(!overlaps(t, v), `${source}: train patch ${t.path} overlaps val patch ${v.path}`);
  }
}

test('artistFromFileName follows the reference prefix rule', () => {
  assert.equal(artistFromFileName('vincent_van_gogh_the_starry_night.jpg'), 'vincent_van');
  assert.equal(artistFromFileName('/a/b/claude_monet_water_lilies_crop.jpg'), 'claude_monet');
  assert.equal(artistFromFileName('jmw_turner_the_shipwreck_of_the_minotaur.jpg'), 'jmw_turner');
  assert.equal(artistFromFileName('katsushika_hokusai_the_great_wave_off_kanagawa.jpg'), 'katsushika_hokusai');
});

test('cutPatches on the shipped paintings: labels, split rule, no leakage, pixels match the manifest', async () => {
  const dir = join(out, 'paintings');
  const warnings: string[] = [];
  const manifest = await cutPatches(paintings, dir, { size: 64, perImage: 4, valPerImage: 2, seed: 3, onWarning: (m) => warnings.push(m) });
  assert.deepEqual(warnings, []);
  // The shipped paintings carry labels.json: artists' proper names, in the same order as the prefixes.
  assert.equal(manifest.labels, join(paintings, 'labels.json'));
  assert.deepEqual(manifest.classes, [
    'Claude Monet', 'Edvard Munch', 'Francis Picabia', 'Henri Matisse', 'J. M. W. Turner', 'Katsushika Hokusai',
    'Paul Gauguin', 'Piet Mondrian', 'Vincent van Gogh', 'Wassily Kandinsky',
  ]);
  assert.equal(manifest.sources.length, 16);
  const shipped = JSON.parse(readFileSync(join(paintings, 'labels.json'), 'utf8')) as Record<string, string>;
  for (const p of manifest.patches) assert.equal(p.label, shipped[p.source]);

  // Several paintings: the last by file name is validation only, the others train only.
  const van = manifest.sources.filter((s) => s.label === 'Vincent van Gogh');
  assert.deepEqual(van.map((s) => s.role), ['train', 'train', 'train', 'train', 'train', 'val']);
  assert.equal(van.at(-1)!.file, 'vincent_van_gogh_wheat_field_with_cypresses.jpg');
  assert.deepEqual(manifest.sources.filter((s) => s.label === 'Francis Picabia').map((s) => [s.file, s.role]),
    [['francis_picabia_edtaonisl.jpg', 'train'], ['francis_picabia_udnie.jpg', 'val']]);
  for (const s of manifest.sources.filter((x) => x.role !== 'split')) {
    const splits = new Set(manifest.patches.filter((p) => p.source === s.file).map((p) => p.split));
    assert.deepEqual([...splits], [s.role === 'val' ? 'val' : 'train'], `${s.file} is in one split only`);
  }
  // One painting: left part trains, right part validates, never crossing the boundary.
  const munch = manifest.sources.find((s) => s.label === 'Edvard Munch')!;
  assert.equal(munch.role, 'split');
  assert.deepEqual([munch.width, munch.height], [402, 512], 'downscaled to 512 on the long side like PIL thumbnail');
  assert.equal(munch.boundary, Math.floor(402 * 0.75));
  for (const s of manifest.sources.filter((x) => x.role === 'split')) {
    for (const p of manifest.patches.filter((q) => q.source === s.file)) {
      if (p.split === 'train') assert.ok(p.x + p.width <= s.boundary!, `${p.path} ends left of ${s.boundary}`);
      else assert.ok(p.x >= s.boundary!, `${p.path} starts right of ${s.boundary}`);
      assert.ok(p.x + p.width <= s.width && p.y + p.height <= s.height, `${p.path} inside the painting`);
    }
  }
  // The 192-pixel Monet: its right quarter is narrower than a patch, so the boundary moves to width - size.
  const monet = manifest.sources.find((s) => s.label === 'Claude Monet')!;
  assert.equal(monet.boundary, 192 - 64);
  assertNoLeakage(manifest);

  const counts = { train: 0, val: 0 };
  for (const split of ['train', 'val'] as const) {
    for (const label of readdirSync(join(dir, split))) counts[split] += readdirSync(join(dir, split, label)).length;
  }
  assert.deepEqual(counts, { train: 5 * 4 + 1 * 4 + 8 * 4, val: 2 + 2 + 8 * 2 });
  assert.equal(manifest.patches.length, counts.train + counts.val);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')), JSON.parse(JSON.stringify(manifest)));

  // A patch's pixels are exactly the recorded region of the downscaled painting.
  const patch = manifest.patches.find((p) => p.source === 'edvard_munch_the_scream.jpg' && p.split === 'val')!;
  const painting = await readImagePixels(join(paintings, patch.source), { maxSide: 512 });
  const pixels = await readImagePixels(join(dir, patch.path));
  assert.deepEqual([pixels.width, pixels.height], [64, 64]);
  for (const [dx, dy] of [[0, 0], [63, 0], [17, 40], [63, 63]] as const) {
    for (let k = 0; k < 3; k++) {
      assert.equal(pixels.data[(dy * 64 + dx) * 3 + k], painting.data[((patch.y + dy) * painting.width + patch.x + dx) * 3 + k]);
    }
  }

  await assert.rejects(cutPatches(paintings, dir, { perImage: 1, valPerImage: 1 }), /already has train, val, manifest.json; pass overwrite: true/);
});

test('planPatches is deterministic per seed and never leaks, for any seed', () => {
  const sources = [
    { file: 'a_b_one.jpg', label: 'a_b', width: 300, height: 200 },
    { file: 'a_b_two.jpg', label: 'a_b', width: 100, height: 100 },
    { file: 'c_d_only.jpg', label: 'c_d', width: 200, height: 90 },
  ];
  const plan = (seed: number) => planPatches(sources, { size: 64, perImage: 50, valPerImage: 20, seed });
  assert.deepEqual(plan(1), plan(1));
  assert.notDeepEqual(plan(1).patches, plan(2).patches);
  for (let seed = 0; seed < 20; seed++) {
    const { sources: s, patches } = plan(seed);
    assertNoLeakage({ version: 1, size: 64, seed, maxSide: 512, labels: 'prefix', classes: [], sources: s, patches });
    for (const p of patches) {
      const src = sources.find((x) => x.file === p.source)!;
      assert.ok(p.x >= 0 && p.y >= 0 && p.x + 64 <= src.width && p.y + 64 <= src.height);
    }
  }
  // Every position in the allowed range is reachable: x spans [0, boundary - size] for training.
  const xs = new Set(plan(0).patches.filter((p) => p.source === 'c_d_only.jpg' && p.split === 'train').map((p) => p.x));
  assert.ok(Math.max(...xs) <= 150 - 64 && xs.size > 10);
  assert.throws(() => planPatches([{ file: 'x_y.jpg', label: 'x', width: 100, height: 100 }], { size: 64, perImage: 1, valPerImage: 1, seed: 0 }),
    (e: unknown) => e instanceof ArgumentError && /only painting of 'x'\) is 100 pixels wide; splitting it left\/right needs at least 128/.test(e.message));
  assert.throws(() => planPatches([{ file: 'tiny.jpg', label: 't', width: 50, height: 300 }], { size: 64, perImage: 1, valPerImage: 1, seed: 0 }), /smaller than a 64-pixel patch/);
});

test('labels from a CSV', async () => {
  const images = join(out, 'csv-images');
  mkdirSync(images);
  for (const [name, colour] of [['p1.png', '#f00'], ['p2.png', '#0f0'], ['p3.png', '#00f'], ['unlisted.png', '#fff']] as const) {
    await sharp({ create: { width: 160, height: 96, channels: 3, background: colour } }).png().toFile(join(images, name));
  }
  const csv = join(out, 'labels.csv');
  writeFileSync(csv, 'file,label\np1.png,reds\n"p2.png",greens\np3.png,greens\n');
  const warnings: string[] = [];
  const manifest = await cutPatches(images, join(out, 'csv-out'), { size: 32, perImage: 3, valPerImage: 2, labels: csv, onWarning: (m) => warnings.push(m) });
  assert.deepEqual(manifest.classes, ['greens', 'reds']);
  assert.deepEqual(manifest.sources.map((s) => [s.file, s.role]), [['p2.png', 'train'], ['p3.png', 'val'], ['p1.png', 'split']]);
  assert.match(warnings[0]!, /1 image\(s\) have no label .* unlisted\.png/);
  assertNoLeakage(manifest);
  const green = await readImagePixels(join(out, 'csv-out', manifest.patches.find((p) => p.source === 'p2.png')!.path));
  assert.deepEqual(Array.from(green.data.subarray(0, 3)), [0, 255, 0]);

  assert.deepEqual(parseLabelsCsv('a.jpg,"x, y"\r\n\n# note\nb.jpg,z'), [{ file: 'a.jpg', label: 'x, y' }, { file: 'b.jpg', label: 'z' }]);
  assert.throws(() => parseLabelsCsv('a.jpg,../evil'), /cannot be a folder name/);
  writeFileSync(csv, 'ghost.png,reds\n');
  await assert.rejects(cutPatches(images, join(out, 'csv-out2'), { labels: csv }), /names 'ghost.png', which is not an image/);
});

test('labels from a JSON object; an images folder\'s labels.json is the default; prefix on request', async () => {
  const images = join(out, 'json-images');
  mkdirSync(images);
  for (const [name, colour] of [['ada_lovelace_one.png', '#f00'], ['ada_lovelace_two.png', '#0f0'], ['bob_ross_only.png', '#00f']] as const) {
    await sharp({ create: { width: 160, height: 96, channels: 3, background: colour } }).png().toFile(join(images, name));
  }
  const options = { size: 32, perImage: 2, valPerImage: 1 };
  // No labels.json: the file-name prefix.
  assert.deepEqual((await cutPatches(images, join(out, 'json-out1'), options)).classes, ['ada_lovelace', 'bob_ross']);
  writeFileSync(join(images, 'labels.json'), JSON.stringify({ 'ada_lovelace_one.png': 'Ada Lovelace', 'ada_lovelace_two.png': 'Ada Lovelace', 'bob_ross_only.png': ' Bob Ross ' }));
  const byDefault = await cutPatches(images, join(out, 'json-out2'), options);
  assert.deepEqual(byDefault.classes, ['Ada Lovelace', 'Bob Ross']);
  assert.equal(byDefault.labels, join(images, 'labels.json'));
  assert.deepEqual(readdirSync(join(out, 'json-out2', 'train')).sort(), ['Ada Lovelace', 'Bob Ross']);
  const prefix = await cutPatches(images, join(out, 'json-out3'), { ...options, labels: 'prefix' });
  assert.deepEqual(prefix.classes, ['ada_lovelace', 'bob_ross']);

  const bad = join(out, 'bad-labels.json');
  writeFileSync(bad, JSON.stringify({ 'bob_ross_only.png': '../evil' }));
  await assert.rejects(cutPatches(images, join(out, 'json-out4'), { ...options, labels: bad }), /the label of 'bob_ross_only.png' must be a non-empty string usable as a folder name/);
  writeFileSync(bad, '["a"]');
  await assert.rejects(cutPatches(images, join(out, 'json-out5'), { ...options, labels: bad }), /must hold an object mapping file names to labels/);
});

test('the shipped labels.json names every shipped painting, with the artist of assets/paintings/SOURCES.md', () => {
  const labels = JSON.parse(readFileSync(join(paintings, 'labels.json'), 'utf8')) as Record<string, string>;
  const images = readdirSync(paintings).filter((f) => f.endsWith('.jpg')).sort();
  assert.deepEqual(Object.keys(labels).sort(), images);
  const sources = readFileSync(join(paintings, 'SOURCES.md'), 'utf8');
  for (const [file, artist] of Object.entries(labels)) assert.ok(sources.includes(`| ${file} | ${artist} |`), `${file}: ${artist}`);
  // The reference's prefix rule, kept for `labels: 'prefix'`, maps each artist to one prefix.
  const prefixes = new Map<string, Set<string>>();
  for (const [file, artist] of Object.entries(labels)) prefixes.set(artist, (prefixes.get(artist) ?? new Set()).add(artistFromFileName(file)));
  for (const [artist, set] of prefixes) assert.equal(set.size, 1, artist);
});
