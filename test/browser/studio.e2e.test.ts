/**
 * The studio end to end in headless Chromium: the real server (createStudioServer, jobs run by the
 * `atelier` CLI in child processes) on a free port with a temporary runs folder holding a tiny GAN
 * and a tiny text run built here. Through the pages, as a person would:
 *   Train    start a tiny MNIST classifier job and follow its progress stream to the end (curves);
 *            a job on bad data fails and shows the CLI's message; a second job waits in the queue,
 *            and cancelling the first starts it;
 *   Runs     the trained run with its metrics and curves;
 *   Classify a digit's top classes as bars, and an explanation's heat map (two methods);
 *   Draw     a digit drawn on the canvas, classified in the browser by the engine's wasm backend in a
 *            Web Worker (the stroke-to-bars times are reported, not asserted);
 *   Generate a GAN grid, a latent walk, and a poem.
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
import { tempDir } from '../helpers/temp-dir.js';

const CHROMIUM = process.env.ATELIER_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = process.env.ATELIER_STUDIO_SCREENSHOTS;
const TIMEOUT = 120_000;

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

test('Runs: the trained run with its kind, data, metrics and curves', { timeout: TIMEOUT }, async () => {
  await open('runs');
  await page.click('li[data-run=digits]');
  await imagesLoaded('.run-view img.curve');
  const facts = await page.textContent('.run-view table.facts');
  assert.match(facts ?? '', /val_accuracy/);
  assert.match(facts ?? '', /mnist-300/);
  const kinds = await page.$$eval('.runs li', (items) => items.map((li) => `${li.getAttribute('data-run')}:${li.querySelector('.kind')?.textContent}`));
  for (const expected of ['digits:classify', 'digits-gan:gan', 'tang-tiny:text']) assert.ok(kinds.includes(expected), `${expected} in ${kinds.join(' ')}`);
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
  assert.deepEqual(pageErrors, [], 'no errors on any page');
});
