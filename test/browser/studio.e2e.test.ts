/**
 * The studio end to end in headless Chromium: the real server (createStudioServer, jobs run by the
 * `atelier` CLI in child processes) on a free port with a temporary runs folder holding a tiny GAN,
 * a tiny text run and a tiny fast style run built here. Through the pages, as a person would:
 *   Train    start a tiny MNIST classifier job and follow its progress stream to the end (curves);
 *            a job on bad data fails and shows the CLI's message; a second job waits in the queue,
 *            and cancelling the first starts it; a tiny fast style job on a shipped painting shows
 *            its preview and curves;
 *   Runs     the trained run with its metrics and curves;
 *   Classify a digit's top classes as bars, and an explanation's heat map (two methods);
 *   Draw     a digit drawn on the canvas, classified in the browser by the engine's wasm backend in a
 *            Web Worker (the stroke-to-bars times are reported, not asserted);
 *   Generate a GAN grid, a latent walk, and a poem; a photo repainted by the style run, beside it.
 * With ATELIER_STUDIO_SCREENSHOTS=<folder> it saves a screenshot of each page there (docs/studio/).
 * Needs Debian's Chromium (see chromium.e2e.test.ts).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createStudioServer, type StudioServer } from '../../src/server/studio/create-studio-server.js';
import { cliExecutor } from '../../src/server/studio/jobs/cli-runner.js';
import { trainGan } from '../../src/art/gan/train.js';
import { trainTextModel } from '../../src/art/text/train.js';
import { trainStyleNetwork } from '../../src/art/style/fast/train.js';
import { shippedPaintingsDir } from '../../src/art/assets.js';
import { shippedPhotoPath } from '../../src/art/style/fast/content.js';
import { randomPng } from '../server/run-fixtures.js';
import { tempDir } from '../helpers/temp-dir.js';

const CHROMIUM = process.env.ATELIER_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = process.env.ATELIER_STUDIO_SCREENSHOTS;
const TIMEOUT = 120_000;
const STARRY_NIGHT = 'vincent_van_gogh_the_starry_night.jpg';

const work = tempDir('studio-e2e');
const runs = join(work, 'runs');
let studio: StudioServer;
let url: string;
let browser: Browser | null = null;
let page: Page;
const pageErrors: string[] = [];

before(async () => {
  await trainGan('mnist', { outDir: join(runs, 'digits-gan'), size: 28, channels: 1, width: 4, latentDim: 8, batchSize: 8, maxSteps: 2, conditional: true, sampleEvery: 1, checkpointEvery: 1, verbose: 0 });
  const corpus = join(work, 'poems.txt');
  const poems = ['床前明月光，疑是地上霜。舉頭望明月，低頭思故鄉。', '白日依山盡，黃河入海流。欲窮千里目，更上一層樓。', '春眠不覺曉，處處聞啼鳥。夜來風雨聲，花落知多少。'];
  writeFileSync(corpus, Array.from({ length: 30 }, (_, i) => poems[i % poems.length]).join('\n'));
  await trainTextModel(corpus, { outDir: join(runs, 'tang-tiny'), layers: 1, units: 16, embeddingDim: 8, seqLen: 16, batchSize: 8, epochs: 1, samples: 1, verbose: 0, onWarning: () => {} });
  // A fast style network of the smallest shape, two steps on two random pictures: what /stylize needs.
  const photos = join(work, 'photos');
  mkdirSync(photos);
  writeFileSync(join(photos, 'a.png'), await randomPng(40, 36, 2));
  writeFileSync(join(photos, 'b.png'), await randomPng(36, 44, 3));
  await trainStyleNetwork(join(shippedPaintingsDir(), STARRY_NIGHT), photos, {
    outDir: join(runs, 'starry-tiny'), steps: 2, size: 32, batchSize: 2, seed: 1, previewEvery: 1000, checkpointEvery: 1000,
    network: { width: 8, residualBlocks: 1, outerKernel: 3, margin: 4 },
  });
  mkdirSync(join(work, 'empty-folder'));
  // One thread per job: the test runner runs two test files at once on the 2-core machines.
  studio = await createStudioServer({ runsDir: runs, executor: cliExecutor({ env: { ATELIER_THREADS: '1' }, watchIntervalMs: 200 }) });
  url = await studio.listen(0);
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: 'apt-get install -y chromium' (as .ci/run does) or set ATELIER_CHROMIUM`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

after(async () => {
  await browser?.close();
  await studio?.close();
});

async function open(route: string): Promise<void> {
  await page.goto(`${url}#/${route}`);
  await page.waitForSelector('header nav');
}

async function screenshot(name: string): Promise<void> {
  if (!SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** True once every `img` matching `selector` has loaded a picture. */
function imagesLoaded(selector: string): Promise<unknown> {
  return page.waitForFunction((s) => {
    const images = Array.from(document.querySelectorAll<HTMLImageElement>(s));
    return images.length > 0 && images.every((i) => i.complete && i.naturalWidth > 0);
  }, selector);
}

test('Train: a tiny MNIST classifier job streams its progress to the page, curves included, and succeeds', { timeout: TIMEOUT }, async (t) => {
  await open('train');
  await page.fill('input[name=run]', 'digits');
  await page.selectOption('select[name=data]', 'mnist');
  await page.fill('input[name=epochs]', '2');
  await page.fill('input[name=digits]', '300');
  await page.click('button[type=submit]');
  await page.waitForSelector('.job-progress[data-state=running]');
  // Progress arrives while the job runs: the step, then the CLI's lines.
  await page.waitForFunction(() => /step 2\/2: training the classifier/.test(document.querySelector('.job-progress .step')?.textContent ?? ''), null, { timeout: 60_000 });
  await page.waitForSelector('.job-progress[data-state=succeeded]', { timeout: 90_000 });
  await imagesLoaded('.job-progress img.curve');
  const log = await page.textContent('.job-progress pre.log');
  assert.match(log ?? '', /Epoch 2\/2/);
  assert.match(log ?? '', /Saved to/);
  t.diagnostic(`curves shown: ${await page.locator('.job-progress img.curve').count()}`);
  await screenshot('train');
});

test('Train: a job on bad data fails and shows why; a second job waits in the queue until the first is cancelled', { timeout: TIMEOUT }, async () => {
  await open('train');
  await page.fill('input[name=run]', 'bad-data');
  await page.fill('input[name=dataPath]', join(work, 'empty-folder'));
  await page.click('button[type=submit]');
  await page.waitForSelector('.job-progress[data-state=failed]', { timeout: 60_000 });
  const message = await page.textContent('.job-progress .error');
  assert.match(message ?? '', /^Failed: .*empty-folder/);

  await page.fill('input[name=run]', 'long');
  await page.fill('input[name=dataPath]', '');
  await page.fill('input[name=epochs]', '500');
  await page.fill('input[name=digits]', '300');
  await page.click('button[type=submit]');
  await page.waitForSelector('.job-progress[data-state=running]');
  await page.fill('input[name=run]', 'waiting');
  await page.click('button[type=submit]');
  await page.waitForSelector('.job-progress[data-state=queued]');
  assert.match((await page.textContent('.job-progress .state')) ?? '', /queued #1 in queue/);
  await screenshot('train-queue');
  await page.click('.jobs li:has-text("long") button');
  await page.waitForFunction(() => /cancelled/.test(document.querySelector('.jobs li[data-job] .state')?.parentElement?.parentElement?.textContent ?? ''));
  await page.waitForSelector('.job-progress[data-state=running]', { timeout: 30_000 });
  await page.click('.jobs li:has-text("waiting") button');
  await page.waitForSelector('.job-progress[data-state=cancelled]', { timeout: 30_000 });
  const states = await page.$$eval('.jobs li', (items) => items.map((li) => li.textContent ?? ''));
  assert.ok(states.some((s) => /cancelled.*long/.test(s)), JSON.stringify(states));
});

test('Train: a tiny fast style job on a shipped painting shows its preview picture and its loss curves', { timeout: TIMEOUT }, async () => {
  await open('train');
  await page.selectOption('.job-form select >> nth=0', 'style');
  await page.fill('input[name=run]', 'starry-job');
  await page.waitForSelector(`select[name=style] option[value="${STARRY_NIGHT}"]`, { state: 'attached' });
  await page.selectOption('select[name=style]', STARRY_NIGHT);
  await page.selectOption('select[name=content]', 'builtin');
  // 20 steps of 32 px crops: two points of the loss history (one every 10 steps), so a curve.
  await page.fill('input[name=steps]', '20');
  await page.fill('input[name=size]', '32');
  await page.fill('input[name=batchSize]', '1');
  await page.fill('input[name=previewEvery]', '10');
  await page.fill('input[name=checkpointEvery]', '10');
  await page.click('button[type=submit]');
  await page.waitForFunction(() => /step 1\/1: training the style network/.test(document.querySelector('.job-progress .step')?.textContent ?? ''), null, { timeout: 30_000 });
  await page.waitForSelector('.job-progress[data-state=succeeded]', { timeout: 90_000 });
  await imagesLoaded('.job-progress img[alt="previews/latest.png"]');
  await imagesLoaded('.job-progress img.curve');
  assert.match((await page.textContent('.job-progress')) ?? '', new RegExp(`fast style of ${STARRY_NIGHT} on the built-in content, 20 steps`));
  assert.match((await page.textContent('.job-progress pre.log')) ?? '', /Stopped after step 20/);
  await screenshot('train-style');
});

test('Runs: the trained run with its kind, data, metrics and curves', { timeout: TIMEOUT }, async () => {
  await open('runs');
  await page.click('li[data-run=digits]');
  await imagesLoaded('.run-view img.curve');
  const facts = await page.textContent('.run-view table.facts');
  assert.match(facts ?? '', /val_accuracy/);
  assert.match(facts ?? '', /mnist-300/);
  const kinds = await page.$$eval('.runs li', (items) => items.map((li) => `${li.getAttribute('data-run')}:${li.querySelector('.kind')?.textContent}`));
  for (const expected of ['digits:classify', 'digits-gan:gan', 'tang-tiny:text', 'starry-tiny:style', 'starry-job:style']) assert.ok(kinds.includes(expected), `${expected} in ${kinds.join(' ')}`);
  await screenshot('runs');
});

test('Classify: a dropped digit gets its top classes as bars and a heat map, for two explanation methods', { timeout: TIMEOUT }, async () => {
  const digitFolder = join(runs, '.studio', 'data', 'mnist-300', '7');
  const digit = join(digitFolder, readdirSync(digitFolder)[0]!);
  await open('classify');
  await page.selectOption('select[name=method]', 'gradcam');
  await page.setInputFiles('input[type=file]', digit);
  await page.waitForSelector('.card ol.bars li');
  await imagesLoaded('.card img.heat');
  assert.equal(await page.locator('.card ol.bars li').count(), 5);
  assert.match((await page.textContent('.card .small')) ?? '', /gradcam for \d/);
  await page.selectOption('select[name=method]', 'saliency');
  await page.waitForFunction(() => /saliency for/.test(document.querySelector('.card .small')?.textContent ?? ''));
  await imagesLoaded('.card img.heat');
  await page.fill('input[name=opacity]', '0.8');
  assert.equal(await page.$eval('.card img.heat', (img) => (img as HTMLImageElement).style.opacity), '0.8');
  await screenshot('classify');
});

test('Draw: a digit drawn on the canvas is classified in the browser, by the wasm backend in a Web Worker', { timeout: TIMEOUT }, async (t) => {
  await open('draw');
  await page.waitForFunction(() => /loaded in the browser/.test(document.querySelector('[data-status]')?.textContent ?? ''), null, { timeout: 30_000 });
  assert.match((await page.textContent('[data-status]')) ?? '', /on the wasm backend/);
  const box = (await page.locator('canvas.board').boundingBox())!;
  // A "1": one vertical stroke, drawn in small moves as a hand would.
  await page.mouse.move(box.x + 140, box.y + 50);
  await page.mouse.down();
  for (let y = 50; y <= 230; y += 6) await page.mouse.move(box.x + 145 - y / 30, box.y + y);
  await page.mouse.up();
  await page.waitForSelector('[data-latency]');
  await page.waitForSelector('.draw-result ol.bars li');
  const timings = await page.evaluate(() => (window as { atelierDrawTimings?: number[] }).atelierDrawTimings ?? []);
  assert.ok(timings.length >= 3, `predictions while drawing: ${timings.length}`);
  const sorted = [...timings].sort((a, b) => a - b);
  t.diagnostic(`stroke-to-bars ms over ${timings.length} predictions: min ${sorted[0]!.toFixed(1)}, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)}, max ${sorted.at(-1)!.toFixed(1)}`);
  await screenshot('draw');
});

test('Generate: a GAN grid and a latent walk, and a poem', { timeout: TIMEOUT }, async () => {
  await open('generate');
  await page.waitForSelector('.gan-panel button:not([disabled])');
  await page.fill('.gan-panel input[name=seed]', '3');
  await page.selectOption('.gan-panel select[name=class]', '7');
  await page.click('.gan-panel button:has-text("Sample a grid")');
  await imagesLoaded('img[data-grid]');
  await page.click('.gan-panel button:has-text("Latent walk")');
  await imagesLoaded('img[data-walk]');
  await page.waitForSelector('.text-panel button:not([disabled])');
  await page.selectOption('.text-panel select[name=form]', '5x4');
  await page.click('.text-panel button:has-text("Write")');
  await page.waitForSelector('pre[data-sample]');
  const poem = (await page.textContent('pre[data-sample]')) ?? '';
  assert.ok(poem.trim().length > 0, 'a poem was written');
  await screenshot('generate');
});

test('Generate: a dropped photo repainted by a fast style run, beside the original, at the longest side chosen', { timeout: TIMEOUT }, async () => {
  await open('generate');
  const picker = '.stylize-panel label.picker select';
  await page.waitForSelector(`${picker} option[value=starry-tiny]`, { state: 'attached' });
  await page.selectOption(picker, 'starry-tiny');
  await page.selectOption('.stylize-panel select[name=maxSide]', '256');
  await page.setInputFiles('.stylize-panel input[type=file]', shippedPhotoPath());
  await imagesLoaded('.stylize-panel img[data-original]');
  await imagesLoaded('.stylize-panel img[data-stylized]');
  const size = () => page.$eval('.stylize-panel img[data-stylized]', (img) => [(img as HTMLImageElement).naturalWidth, (img as HTMLImageElement).naturalHeight]);
  // figures.jpg is 5184x3456: brought down to 256 on its longer side, its aspect ratio kept.
  assert.deepEqual(await size(), [256, 171]);
  assert.match((await page.textContent('.stylize-panel .side-by-side')) ?? '', /starry-tiny, \d+ ms/);
  await page.selectOption('.stylize-panel select[name=maxSide]', '512');
  await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('.stylize-panel img[data-stylized]')?.naturalWidth ?? 0) === 512);
  assert.deepEqual(await size(), [512, 341]);
  await page.locator('.stylize-panel').scrollIntoViewIfNeeded();
  await screenshot('stylize');
  assert.deepEqual(pageErrors, [], 'no errors on any page');
});
