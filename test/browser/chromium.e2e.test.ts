/**
 * End to end in headless Chromium: the engine's entry point loaded as plain ES modules from dist/
 * (no bundler), served by a static server with and without the COOP/COEP headers.
 *
 * (a) in a module Web Worker on an isolated page, a 2-thread wasm backend (its workers nested in
 *     that worker) trains a small conv model (loss falls) and matches the js backend within 1e-4;
 * (b) the same on the page's main thread (the pool spins instead of Atomics.wait there);
 * (c) on a page without the headers, `ready()` falls back to js with exactly one warning naming
 *     the headers, and everything still computes.
 *
 * Needs Debian's Chromium at /usr/bin/chromium (or ATELIER_CHROMIUM); .ci/run installs it. Without
 * it the tests fail with the command that installs it, rather than passing silently.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { serveDist, type StaticServer } from './static-server.js';
import type { FallbackReport, WasmReport } from './pages/checks.js';

const CHROMIUM = process.env.ATELIER_CHROMIUM ?? '/usr/bin/chromium';
/** dist/ of this repository: this file is dist/test/browser/chromium.e2e.test.js. */
const DIST = fileURLToPath(new URL('../../', import.meta.url));
const CHECKS = '/dist/test/browser/pages/checks.js';
const WORKER = '/dist/test/browser/pages/worker-entry.js';
const TIMEOUT = 240_000;

let browser: Browser | null = null;
let isolated: StaticServer | null = null;
let plain: StaticServer | null = null;
let launchError: Error | null = null;

before(async () => {
  isolated = await serveDist(DIST, true);
  plain = await serveDist(DIST, false);
  if (!existsSync(CHROMIUM)) {
    launchError = new Error(
      `Chromium not found at ${CHROMIUM}. The browser end-to-end tests need it: install Debian's package ` +
        `('apt-get install -y chromium', as .ci/run does) or point ATELIER_CHROMIUM at a Chromium binary.`,
    );
    return;
  }
  // Playwright gives each launch a new empty profile (--user-data-dir) of its own; the flags keep Chromium off the
  // network (this machine's closed network refuses its background connections) and out of the sandbox (root).
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  await isolated?.close();
  await plain?.close();
});

/** A fresh page at `server`'s empty page, recording its console warnings and page errors. */
async function openPage(server: StaticServer | null): Promise<{ page: Page; logs: string[]; warnings: string[]; errors: string[] }> {
  if (launchError) throw launchError;
  const page = await browser!.newPage();
  const logs: string[] = [];
  const warnings: string[] = [];
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'log') logs.push(message.text());
    if (message.type() === 'warning') warnings.push(message.text());
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${server!.origin}/page.html`);
  return { page, logs, warnings, errors };
}

function assertTrained(report: WasmReport, where: string): void {
  assert.equal(report.crossOriginIsolated, true, `${where}: the page is cross-origin isolated`);
  assert.equal(report.readyBackend, 'wasm', `${where}: ready() selects wasm`);
  assert.equal(report.trainedOn, 'wasm');
  assert.equal(report.threads, 2);
  assert.equal(report.workersStarted, 1, `${where}: the Web Worker of the pool started and instantiated the module`);
  // Chromium >= 114 has relaxed SIMD: the fused multiply-add build is fetched and runs in its workers.
  assert.equal(report.kernelBuild, 'relaxed', `${where}: the relaxed-SIMD build of the kernels loads`);
  assert.equal(report.losses.length, 4);
  assert.ok(report.losses.every(Number.isFinite), `${where}: losses ${report.losses}`);
  assert.ok(report.losses[3]! < 0.7 * report.losses[0]!, `${where}: loss falls, ${report.losses.join(' -> ')}`);
  assert.equal(report.outputs, 24 * 3);
  assert.ok(report.maxDiffVsJs <= 1e-4, `${where}: wasm logits within 1e-4 of js, max difference ${report.maxDiffVsJs}`);
}

test('(a) in a module Web Worker on an isolated page, the 2-thread wasm backend trains a conv model and matches js', { timeout: TIMEOUT }, async (t) => {
  const { page, warnings, errors } = await openPage(isolated);
  try {
    const result = await page.evaluate(
      (url) =>
        new Promise<unknown>((resolve) => {
          const worker = new Worker(url, { type: 'module' });
          worker.onmessage = (event) => resolve(event.data);
          worker.onerror = (event) => resolve({ error: event.message || `could not start ${url}` });
        }),
      WORKER,
    );
    assert.ok(!(result as { error?: string }).error, (result as { error?: string }).error);
    t.diagnostic(JSON.stringify(result));
    assertTrained(result as WasmReport, 'worker');
    assert.deepEqual(warnings.filter((w) => w.includes('atelier')), []);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('(b) on the main thread of an isolated page, the 2-thread wasm backend trains a conv model and matches js', { timeout: TIMEOUT }, async (t) => {
  const { page, logs, warnings, errors } = await openPage(isolated);
  try {
    const report = await page.evaluate(async (url) => {
      const checks = (await import(url)) as typeof import('./pages/checks.js');
      return checks.wasmCheck();
    }, CHECKS);
    t.diagnostic(JSON.stringify(report));
    assertTrained(report, 'main thread');
    // The bare name through the page's import map is the same module instance, still on wasm.
    const viaImportMap = await page.evaluate(async () => {
      const atelier = await import('atelier');
      return `${atelier.getBackend().name} ${atelier.matmul(atelier.tensor([[2]]), atelier.tensor([[3]])).data()[0]}`;
    });
    assert.equal(viaImportMap, 'wasm 6');
    assert.ok(logs.some((line) => /^Epoch 4\/4 - .*loss/.test(line)), `fit's progress lines reach the console: ${JSON.stringify(logs)}`);
    assert.deepEqual(warnings.filter((w) => w.includes('atelier')), []);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('(c) without COOP/COEP, ready() falls back to js with exactly one warning naming the headers, and still computes', { timeout: TIMEOUT }, async (t) => {
  const { page, logs, warnings, errors } = await openPage(plain);
  try {
    const report: FallbackReport = await page.evaluate(async (url) => {
      const checks = (await import(url)) as typeof import('./pages/checks.js');
      return checks.fallbackCheck();
    }, CHECKS);
    t.diagnostic(JSON.stringify({ ...report, warnings }));
    assert.equal(report.crossOriginIsolated, false);
    assert.equal(report.sharedArrayBuffer, 'undefined');
    assert.equal(report.readyBackend, 'js');
    assert.equal(report.afterAskingAgain, 'js');
    assert.equal(report.trainedOn, 'js');
    assert.deepEqual(report.matmul, [19, 22, 43, 50]);
    assert.match(report.nodeOnly, /^NodeOnlyError: .*available only on Node\.js/);
    assert.ok(logs.some((line) => /^Epoch 4\/4 - .*loss/.test(line)), `fit's progress lines reach the console: ${JSON.stringify(logs)}`);
    assert.ok(report.losses[3]! < 0.7 * report.losses[0]!, `loss falls, ${report.losses.join(' -> ')}`);
    const ours = warnings.filter((w) => w.includes('atelier'));
    assert.equal(ours.length, 1, `one warning, got ${JSON.stringify(ours)}`);
    assert.match(ours[0]!, /backend 'wasm' is unavailable here, using 'js' instead/);
    assert.match(ours[0]!, /not cross-origin isolated/);
    assert.match(ours[0]!, /Cross-Origin-Opener-Policy: same-origin/);
    assert.match(ours[0]!, /Cross-Origin-Embedder-Policy: require-corp/);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});
