/**
 * Offline after the first visit: the service worker (vite.config.ts, VitePWA) precaches the app, the wasm
 * binaries, the fonts and the shipped models; with the network off, a reload loads and runs — the analytic model
 * and a shipped learned one. Screenshot: test-results/offline.png.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { appUrl, launch, screenshotPath, stopOwnServer, waitComputed } from './harness';

let browser: Browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await stopOwnServer();
});

test('after a first visit, a reload with the network off loads and runs', { timeout: 180_000 }, async () => {
  const url = await appUrl();
  // No request routing here (the shared harness routes every request, which would stand between the page and its
  // service worker); requests leaving the origin are still counted.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const foreign: string[] = [];
  const errors: string[] = [];
  context.on('request', (r) => {
    if (!r.url().startsWith('data:') && !r.url().startsWith('blob:') && new URL(r.url()).origin !== new URL(url).origin)
      foreign.push(r.url());
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(url);
  await waitComputed(page);
  // The service worker is active once it has precached everything.
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return registration.active?.state;
  });

  await context.setOffline(true);
  await page.reload();
  await waitComputed(page, 120_000);
  assert.equal(
    await page.getAttribute('[data-testid=canvas-a]', 'data-status'),
    'done',
    'the default scenario ran offline',
  );
  assert.ok(
    await page.evaluate(() => navigator.serviceWorker.controller !== null),
    'the page is served by the service worker',
  );

  // A shipped learned model (its card and weights come from the precache too).
  const scenario = {
    model: { kind: 'mlp', name: 'moons' },
    reward: { kind: 'linear', theta: [1, 0] },
    sampler: { kind: 'kl-tilt', lambda: 1 },
    particles: 512,
    steps: 30,
  };
  await page.goto(`${url}#scenario=${encodeURIComponent(JSON.stringify(scenario))}`);
  await page.reload();
  await waitComputed(page, 120_000);
  assert.equal(await page.getAttribute('[data-testid=canvas-a]', 'data-status'), 'done', 'a shipped model ran offline');
  assert.equal(await page.inputValue('[data-testid=model-select]'), 'mlp:moons');
  await page.screenshot({ path: screenshotPath('offline') });
  assert.deepEqual(foreign, [], 'nothing left the origin');
  assert.deepEqual(errors, [], 'no console errors');
  await context.close();
});
