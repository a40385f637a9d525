/**
 * The studio's `style` job kind: a form naming a shipped painting or an image on the server, and
 * `builtin` or a folder of pictures, becomes one `atelier style train` step; every field is checked
 * and a bad one is named.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shippedPaintingsDir } from '../../../src/art/assets.js';
import { planJob, type PlanContext } from '../../../src/server/studio/jobs/job-plans.js';
import { shippedPaintings } from '../../../src/server/studio/jobs/shipped-paintings.js';
import { tempDir } from '../../helpers/temp-dir.js';

const work = tempDir('studio-style-job');
const runs = join(work, 'runs');
const photos = join(work, 'photos');
mkdirSync(join(runs, 'starry'), { recursive: true });
writeFileSync(join(runs, 'starry', 'history.json'), '{}');
mkdirSync(photos);
writeFileSync(join(work, 'painting.png'), 'not read by the plan');
writeFileSync(join(work, 'notes.txt'), 'not an image');
const context: PlanContext = { resolveRun: (name) => join(runs, name), dataDir: join(runs, '.studio', 'data') };
const STARRY = 'vincent_van_gogh_the_starry_night.jpg';

test('the shipped paintings are the image files of assets/paintings', () => {
  const paintings = shippedPaintings();
  assert.ok(paintings.includes(STARRY), paintings.join(', '));
  assert.ok(paintings.length >= 10);
  assert.ok(paintings.every((p) => /\.(jpg|png)$/.test(p)), 'no labels.json or SOURCES.md');
});

test('a style job on a shipped painting and the built-in content runs `atelier style train` with the options given', () => {
  const plan = planJob({ kind: 'style', run: 'waves', style: STARRY, content: 'builtin', steps: '200', size: 128, batchSize: 4, previewEvery: 20, seed: 3 }, context);
  assert.equal(plan.kind, 'style');
  assert.equal(plan.runDir, join(runs, 'waves'));
  assert.equal(plan.title, `fast style of ${STARRY} on the built-in content, 200 steps`);
  assert.equal(plan.steps.length, 1);
  assert.equal(plan.steps[0]!.label, 'training the style network');
  assert.deepEqual(plan.steps[0]!.argv, [
    'style', 'train', join(shippedPaintingsDir(), STARRY), 'builtin',
    '--out', join(runs, 'waves'), '--steps', '200', '--size', '128', '--batch-size', '4', '--preview-every', '20', '--seed', '3',
  ]);
});

test('a style job on an image and a folder of the server, with a time budget, resuming a run', () => {
  const plan = planJob({ kind: 'style', run: 'starry', style: join(work, 'painting.png'), content: photos, minutes: 2.5, styleSize: 300, resume: true }, context);
  assert.equal(plan.title, `fast style of painting.png on ${photos}, 2.5 min`);
  assert.deepEqual(plan.steps[0]!.argv, ['style', 'train', join(work, 'painting.png'), photos, '--out', join(runs, 'starry'), '--minutes', '2.5', '--style-size', '300', '--resume']);
});

test('style job forms are validated: each error names the field and what was wrong', () => {
  const base = { kind: 'style', run: 'new', style: STARRY, content: 'builtin' };
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ ...base, style: undefined }, /'style' is required/],
    [{ ...base, content: '' }, /'content' is required/],
    [{ ...base, style: 'the_starry_night.jpg' }, /'style' must be a shipped painting \(a file name in assets\/paintings.*\) or an absolute path to an image on the server, got 'the_starry_night.jpg'/],
    [{ ...base, style: join(work, 'missing.jpg') }, /'style' .*missing\.jpg does not exist on the server/],
    [{ ...base, style: photos }, /'style' .*photos is a folder, expected an image file/],
    [{ ...base, style: join(work, 'notes.txt') }, /'style' .*notes\.txt is not an image \(expected a file ending in \.jpg, /],
    [{ ...base, content: 'photos' }, /'content' must be a built-in name or an absolute path on the server, got 'photos'/],
    [{ ...base, content: join(work, 'notes.txt') }, /'content' .*notes\.txt is a file, expected a folder of pictures/],
    [{ ...base, size: 30 }, /'size' must be a multiple of 4 .*got 30/],
    [{ ...base, size: 8 }, /'size' must be a number in 16\.\.1024, got 8/],
    [{ ...base, steps: 0 }, /'steps' must be a number in 1\.\.1000000, got 0/],
    [{ ...base, minutes: 'soon' }, /'minutes' must be a number in 0\.01\.\.10000, got "soon"/],
    [{ ...base, batchSize: 2.5 }, /'batchSize' must be an integer/],
    [{ ...base, run: 'starry' }, /run 'starry' already exists/],
  ];
  for (const [body, message] of cases) assert.throws(() => planJob(body, context), message, JSON.stringify(body));
});
