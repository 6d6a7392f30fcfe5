/**
 * Bring-your-own-data, compare mode, the lost-device fallback, and the page at phone width and as an embed.
 * Screenshots: test-results/compare.png, trained-model.png, phone.png, embed.png, device-lost.png.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launch, openApp, runId, screenshotPath, stopOwnServer, waitComputed, waitNewRun, waitPlayed } from './harness';
import type { Session } from './harness';

let browser: Browser;
let s: Session;

before(async () => {
  browser = await launch();
  s = await openApp(browser);
  await waitComputed(s.page);
});

after(async () => {
  await browser?.close();
  await stopOwnServer();
});

function ringCsv(n: number): string {
  const lines = ['x,y'];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    lines.push(`${(2 * Math.cos(a)).toFixed(4)},${(2 * Math.sin(a)).toFixed(4)}`);
  }
  return lines.join('\n');
}

async function upload(name: string, text: string): Promise<void> {
  await s.page.setInputFiles('[data-testid=csv-input]', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

test('a CSV loads; a bad line is reported by its number and the current data are kept', { timeout: 30_000 }, async () => {
  await upload('ring.csv', ringCsv(200));
  await s.page.waitForSelector('[data-testid=data-count]:has-text("200 points (ring.csv)")');
  await upload('bad.csv', 'x,y\n1,2\n3,abc\n4,5\n');
  const error = await s.page.waitForSelector('[data-testid=csv-error]');
  assert.match((await error.textContent()) ?? '', /bad\.csv, line 3: "abc" is not a number/);
  assert.match((await s.page.textContent('[data-testid=data-count]')) ?? '', /200 points \(ring\.csv\)/);
  await upload('short.csv', '1,2,3\n');
  await s.page.waitForSelector('[data-testid=csv-error]:has-text("short.csv, line 1: expected two numbers")');
  assert.match((await s.page.textContent('[data-testid=data-count]')) ?? '', /200 points/);
});

test('points drawn on the canvas are added to the data', { timeout: 30_000 }, async () => {
  await s.page.click('[data-testid=draw-toggle]');
  const canvas = s.page.locator('[data-testid=canvas-a] canvas');
  const box = await canvas.boundingBox();
  assert.ok(box);
  for (let i = 0; i < 10; i++) await canvas.click({ position: { x: box.width * (0.45 + 0.01 * i), y: box.height * 0.5 } });
  assert.match((await s.page.textContent('[data-testid=data-count]')) ?? '', /210 points/);
  await s.page.click('[data-testid=draw-toggle]');
});

test('a model trains on the points with a live loss chart, then every sampler samples it', { timeout: 150_000 }, async () => {
  await s.page.selectOption('.panel:has([data-testid=train-button]) select', '500');
  const before = await runId(s.page);
  await s.page.click('[data-testid=train-button]');
  await s.page.waitForFunction(() => Number(document.querySelector('[data-testid=loss-chart]')?.getAttribute('data-points')) >= 3, null, { timeout: 60_000 });
  await s.page.waitForSelector('[data-testid=loss-chart] .chart__summary:has-text("Trained 500 steps")', { timeout: 120_000 });
  const lossPath = await s.page.getAttribute('[data-testid=loss-chart] path.plot__line', 'd');
  assert.ok(lossPath && lossPath.length > 20, 'the loss curve is drawn');
  await waitNewRun(s.page, before);
  assert.match(await s.page.inputValue('[data-testid=model-select]'), /^mlp:my-data-/);
  await waitPlayed(s.page);
  assert.equal(await s.page.getAttribute('[data-testid=canvas-a]', 'data-status'), 'done');
  await s.page.screenshot({ path: screenshotPath('trained-model'), fullPage: true });
  for (const kind of ['base', 'w-prox', 'smc', 'kl-tilt']) {
    const id = await runId(s.page);
    await s.page.click(`[data-testid=sampler-a-${kind}]`);
    await waitNewRun(s.page, id);
    await waitComputed(s.page);
    assert.equal(await s.page.getAttribute('[data-testid=canvas-a]', 'data-status'), 'done', `${kind} on the trained model`);
  }
  // A bad CSV now must not touch the trained model or its runs.
  const id = await runId(s.page);
  await upload('bad.csv', '1;2\n;\n');
  await s.page.waitForSelector('[data-testid=csv-error]:has-text("line 2")');
  assert.match(await s.page.inputValue('[data-testid=model-select]'), /^mlp:my-data-/);
  assert.equal(await runId(s.page), id);
});

test('compare mode runs two samplers on the same model, reward and seed, with the charts overlaid', { timeout: 90_000 }, async () => {
  await s.page.selectOption('[data-testid=model-select]', 'three-blobs');
  let id = await runId(s.page);
  await s.page.click('[data-testid=sampler-a-kl-tilt]');
  id = await waitNewRun(s.page, id);
  await s.page.click('[data-testid=compare-toggle]');
  await waitNewRun(s.page, id);
  await s.page.waitForSelector('[data-testid=canvas-b]');
  await waitPlayed(s.page);
  assert.equal(await s.page.getAttribute('[data-testid=canvas-b]', 'data-status'), 'done');
  assert.equal(await s.page.textContent('[data-testid=canvas-b] .stage__tag'), 'SMC');
  assert.equal(await s.page.locator('[data-testid=chart-reward] path.plot__line').count(), 2, 'two mean-reward lines');
  assert.match(decodeURIComponent(await s.page.evaluate(() => location.hash)), /compare=\{"kind":"smc"/);
  await s.page.screenshot({ path: screenshotPath('compare'), fullPage: true });
  await s.page.click('[data-testid=compare-toggle]');
  await waitComputed(s.page);
});

test('a lost GPU device falls back to another backend and keeps the scenario', { timeout: 90_000 }, async (t) => {
  // WebGL runs on a software rasteriser here: a small run keeps the test short.
  let id = await runId(s.page);
  await s.page.selectOption('[data-testid=particles-select]', '256');
  id = await waitNewRun(s.page, id);
  await waitComputed(s.page);
  const hash = await s.page.evaluate(() => location.hash);
  await s.page.click('[data-testid=backend-badge]');
  const note = s.page.locator('label:has([data-testid=backend-option-webgl]) small');
  const webgl = (await note.count()) > 0 ? await note.textContent() : '';
  await s.page.click('[data-testid=backend-option-webgl]');
  const ok = await s.page
    .waitForFunction(() => document.querySelector('[data-testid=backend-badge]')?.getAttribute('data-backend') === 'webgl', null, { timeout: 30_000 })
    .then(() => true)
    .catch(() => false);
  if (!ok) {
    t.skip(`WebGL is not available in this browser (${webgl || 'probe said nothing'})`);
    return;
  }
  id = await waitNewRun(s.page, id);
  await waitComputed(s.page);
  await s.page.click('[data-testid=backend-badge]');
  await s.page.click('[data-testid=lose-device]');
  const notice = await s.page.waitForSelector('[data-testid=backend-notice]', { timeout: 30_000 });
  assert.match((await notice.textContent()) ?? '', /WebGL: the WebGL context was lost; switched to (WASM|CPU|WebGPU)\. Your scenario was kept and re-run\./);
  assert.notEqual(await s.page.getAttribute('[data-testid=backend-badge]', 'data-backend'), 'webgl');
  await waitNewRun(s.page, id);
  await waitPlayed(s.page);
  assert.equal(await s.page.evaluate(() => location.hash), hash, 'same scenario');
  assert.equal(await s.page.getAttribute('[data-testid=canvas-a]', 'data-status'), 'done');
  await s.page.screenshot({ path: screenshotPath('device-lost'), fullPage: false });
});

test('at phone width (and a 2× screen) the page fits, the canvas is sharp, and it runs', { timeout: 60_000 }, async () => {
  const phone = await openApp(browser, { width: 390, height: 844, deviceScaleFactor: 2 });
  await waitPlayed(phone.page);
  const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px`);
  const canvas = await phone.page.locator('[data-testid=canvas-a] canvas').boundingBox();
  assert.ok(canvas && canvas.width >= 300 && canvas.width <= 390, `canvas ${canvas?.width}px wide`);
  const backing = await phone.page.$eval('[data-testid=canvas-a] canvas', (c) => (c as HTMLCanvasElement).width);
  assert.equal(backing, Math.round(canvas.width * 2), 'the canvas draws at the screen\'s pixel density');
  await phone.page.screenshot({ path: screenshotPath('phone'), fullPage: true });
  assert.deepEqual(phone.errors, []);
  await phone.context.close();
});

test('?embed shows the chrome-less figure', { timeout: 60_000 }, async () => {
  const embed = await openApp(browser, { width: 960, height: 560, path: '?embed' });
  await waitPlayed(embed.page);
  assert.equal(await embed.page.locator('.controls').count(), 0);
  assert.equal(await embed.page.locator('[data-testid=chart-reward]').count(), 1);
  await embed.page.screenshot({ path: screenshotPath('embed') });
  assert.deepEqual(embed.errors, []);
  await embed.context.close();
});

test('no console errors, and no request left the page\'s origin', () => {
  assert.deepEqual(s.errors, []);
  assert.deepEqual(s.foreign, []);
});
