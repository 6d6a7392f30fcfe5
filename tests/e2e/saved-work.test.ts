/**
 * Saved in this browser: a model trained in the page is offered again and runs after a reload of the same link,
 * with its points; it can be renamed, exported, deleted and imported back; a link naming a model this browser
 * lacks says so, runs the default model and keeps the rest of its scenario.
 * Screenshot: test-results/saved-panel.png.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launch, openApp, screenshotPath, stopOwnServer, waitComputed, waitNewRun, runId } from './harness';
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

let trainedName = '';

test(
  'a model trained in the page is still offered and runs after a reload of the same link',
  { timeout: 200_000 },
  async () => {
    const page = s.page;
    await page.setInputFiles('[data-testid=csv-input]', {
      name: 'ring.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(ringCsv(200)),
    });
    await page.waitForSelector('[data-testid=data-count]:has-text("200 points (ring.csv)")');
    await page.selectOption('.panel:has([data-testid=train-button]) select', '500');
    const before = await runId(page);
    await page.click('[data-testid=train-button]');
    await page.waitForSelector('[data-testid=loss-chart] .chart__summary:has-text("Trained 500 steps")', {
      timeout: 150_000,
    });
    await waitNewRun(page, before);
    trainedName = (await page.inputValue('[data-testid=model-select]')).replace(/^mlp:/, '');
    assert.match(trainedName, /^my-data-\d+$/);
    await page.waitForSelector(`[data-testid=saved-model][data-name="${trainedName}"]`, { timeout: 30_000 });
    await waitComputed(page);
    // The link now names the trained model; wait for the scenario save (debounced) before reloading.
    await page.waitForFunction((name) => location.hash.includes(name), trainedName);
    const link = page.url();
    await page.waitForTimeout(1200);

    await page.reload();
    assert.equal(page.url(), link);
    await page.waitForSelector(`[data-testid=model-select] option[value="mlp:${trainedName}"]`, {
      state: 'attached',
      timeout: 30_000,
    });
    assert.equal(await page.inputValue('[data-testid=model-select]'), `mlp:${trainedName}`);
    await waitComputed(page, 120_000);
    assert.equal(await page.getAttribute('[data-testid=canvas-a]', 'data-status'), 'done', 'the saved model ran');
    assert.match(
      (await page.textContent('[data-testid=data-count]')) ?? '',
      /200 points \(ring\.csv\)/,
      'the points came back',
    );
    assert.match(
      (await page.textContent(`[data-testid=saved-model][data-name="${trainedName}"]`)) ?? '',
      /Your data \(ring\.csv\).*trained/,
    );
    assert.equal(await page.locator('[data-testid=saved-notice]').count(), 0, 'no notice: nothing is missing');
    await page.locator('[data-testid=saved-panel]').screenshot({ path: screenshotPath('saved-panel') });
    assert.deepEqual(s.errors, [], 'no console errors');
  },
);

test('a saved model is renamed, exported, deleted and imported back', { timeout: 120_000 }, async () => {
  const page = s.page;
  const row = page.locator(`[data-testid=saved-model][data-name="${trainedName}"]`);
  await row.getByRole('button', { name: /^Rename/ }).click();
  await page.fill('[data-testid=saved-rename-input]', 'Ring of 200');
  await page.keyboard.press('Enter');
  await page.waitForSelector(`[data-testid=model-select] option[value="mlp:${trainedName}"]:has-text("Ring of 200")`, {
    state: 'attached',
  });

  const download = page.waitForEvent('download');
  await row.getByRole('button', { name: /^Export/ }).click();
  const file = await (await download).path();
  const text = await readFile(file, 'utf8');
  assert.match(text, /"format":"tiltlab-model"/);

  await row.getByRole('button', { name: /^Delete/ }).click();
  await page.waitForSelector(`[data-testid=saved-model][data-name="${trainedName}"]`, { state: 'detached' });
  assert.equal(
    await page.locator(`[data-testid=model-select] option[value="mlp:${trainedName}"]`).count(),
    0,
    'no longer offered',
  );
  // The page was sampling it: the default model runs instead.
  assert.doesNotMatch(await page.inputValue('[data-testid=model-select]'), /^mlp:/);

  await page.setInputFiles('[data-testid=saved-import]', {
    name: 'ring.tiltlab-model.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text),
  });
  await page.waitForSelector('[data-testid=saved-message]:has-text("Imported \\"Ring of 200\\"")');
  await page.selectOption('[data-testid=model-select]', `mlp:${trainedName}`);
  await waitComputed(page, 120_000);
  assert.equal(await page.getAttribute('[data-testid=canvas-a]', 'data-status'), 'done', 'the imported model runs');

  await page.setInputFiles('[data-testid=saved-import]', {
    name: 'bad.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format":"something-else"}'),
  });
  await page.waitForSelector('[data-testid=saved-message]:has-text("bad.json was not imported")');
  assert.deepEqual(s.errors, [], 'no console errors');
});

test('opened without a link, the page offers the scenario the last visit ended on', { timeout: 90_000 }, async () => {
  const page = s.page;
  await page.waitForFunction((name) => location.hash.includes(name), trainedName);
  await page.waitForTimeout(1200); // the scenario is saved half a second after its last change
  await page.goto(new URL(page.url()).origin + new URL(page.url()).pathname);
  await waitComputed(page);
  assert.doesNotMatch(await page.inputValue('[data-testid=model-select]'), /^mlp:/, 'a bare link opens the default');
  await page.click('[data-testid=saved-open-last]');
  await page.waitForFunction((name) => location.hash.includes(name), trainedName);
  await waitComputed(page, 120_000);
  assert.equal(await page.inputValue('[data-testid=model-select]'), `mlp:${trainedName}`);
  assert.equal(await page.getAttribute('[data-testid=canvas-a]', 'data-status'), 'done');
  assert.deepEqual(s.errors, [], 'no console errors');
});

test(
  'a link naming a model this browser lacks says so, runs the default model and keeps the rest',
  { timeout: 90_000 },
  async () => {
    // A fresh context: another browser, where the link's model was never trained.
    const scenario = {
      model: { kind: 'mlp', name: 'my-data-3' },
      reward: { kind: 'linear', theta: [0.5, 1.5] },
      sampler: { kind: 'smc', lambda: 0.8 },
      particles: 512,
      steps: 40,
      seed: 7,
    };
    const other = await openApp(browser, { path: `#scenario=${encodeURIComponent(JSON.stringify(scenario))}` });
    const notice = await other.page.waitForSelector('[data-testid=saved-notice]', { timeout: 60_000 });
    assert.match(
      (await notice.textContent()) ?? '',
      /asks for the model "my-data-3", which is not saved in this browser.*The default model runs instead/,
    );
    await waitComputed(other.page);
    assert.equal(await other.page.getAttribute('[data-testid=canvas-a]', 'data-status'), 'done');
    assert.doesNotMatch(await other.page.inputValue('[data-testid=model-select]'), /^mlp:/);
    const hash = decodeURIComponent(new URL(other.page.url()).hash);
    assert.match(hash, /"theta":\[0\.5,1\.5\]/, 'the reward is kept');
    assert.match(hash, /"kind":"smc"/, 'the sampler is kept');
    assert.match(hash, /"particles":512/);
    const body = (await other.page.textContent('body')) ?? '';
    assert.doesNotMatch(body, /Unexpected token|doctype/i, 'no raw parser error');
    assert.deepEqual(other.errors, [], 'no console errors');
    await other.context.close();
  },
);
