/**
 * A failed run is said over the canvas, where the eye is: the three repros (an unknown model in a link, KL-tilt
 * "Exact only" with a formula reward, exp(100·x) at λ = 0.06) each show a message that names what failed and what
 * to try, and no label reads "waiting" for ever; a run that fails after a good one keeps the good picture on the
 * canvas underneath the message.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launch, openApp, runId, screenshotPath, stopOwnServer, waitComputed, waitNewRun, waitPlayed } from './harness';

let browser: Browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await stopOwnServer();
});

const TWO_BLOBS = { kind: 'gmm', weights: [0.5, 0.5], means: [[-2, 0], [2, 0]], covs: [[[0.3, 0], [0, 0.3]], [[0.3, 0], [0, 0.3]]] };
const link = (scenario: object) => `#scenario=${encodeURIComponent(JSON.stringify(scenario))}`;

/** Pixels in lane a's particle colour. */
async function particlePixels(page: Page): Promise<number> {
  return page.$eval('[data-testid=canvas-a] canvas', (c) => {
    const canvas = c as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let p = 0; p < data.length; p += 4) if (data[p + 2] - data[p] > 110 && data[p + 2] > 120) n++;
    return n;
  });
}

/** Nothing on the page says it is waiting (a few seconds after the run has ended). */
async function noWaiting(page: Page): Promise<void> {
  await page.waitForTimeout(1500);
  const text = (await page.textContent('.stage')) ?? '';
  assert.doesNotMatch(text, /waiting/i, `the stage says: ${text}`);
}

/** The message lies over the canvas and is readable there. */
async function overlayOnCanvas(page: Page): Promise<string> {
  const message = page.locator('[data-testid=run-problem-a]');
  await message.waitFor({ timeout: 60_000 });
  const m = (await message.boundingBox())!;
  const c = (await page.locator('[data-testid=canvas-a] canvas').boundingBox())!;
  assert.ok(m.x >= c.x && m.x + m.width <= c.x + c.width && m.y >= c.y && m.y + m.height <= c.y + c.height, 'the message sits over the canvas');
  assert.ok(m.y + m.height <= 720, 'on the first screen');
  // What is on screen (innerText leaves out the closed "Details" with the engine's own words).
  return message.innerText();
}

const REPROS: Array<{ name: string; scenario: object; expect: RegExp[] }> = [
  {
    name: 'an unknown model name in a link',
    scenario: { model: { kind: 'mlp', name: 'nope' }, reward: { kind: 'linear', theta: [1, 0] }, sampler: { kind: 'kl-tilt', lambda: 0.7 } },
    expect: [/nope/],
  },
  {
    name: 'KL-tilt "Exact only" with a formula reward',
    scenario: { model: TWO_BLOBS, reward: { kind: 'formula', expr: '-(x-1)^2' }, sampler: { kind: 'kl-tilt', lambda: 0.7, method: 'exact' } },
    expect: [/could not start/, /Input: Sampler → KL-tilt method/, /no exact KL-tilt for a formula reward/i, /What to try: Use auto or guidance/],
  },
  {
    name: 'exp(100*x) at λ = 0.06',
    scenario: { model: TWO_BLOBS, reward: { kind: 'formula', expr: 'exp(100*x)' }, sampler: { kind: 'kl-tilt', lambda: 0.06 } },
    expect: [/The run failed at/, /non-finite value \(NaN or ±Inf\) in the reward/, /Input: Reward r → Formula/, /What to try: Check the formula: it is not finite somewhere the particles go/],
  },
];

for (const [i, repro] of REPROS.entries()) {
  test(`${repro.name}: a plain message over the canvas, nothing waits for ever`, { timeout: 90_000 }, async () => {
    const s = await openApp(browser, { width: 1280, height: 720, path: link(repro.scenario) });
    // Either the run fails (the message) or, where the link is repaired, it runs; never a stage that waits.
    await s.page.waitForFunction(() => ['error', 'done'].includes(document.querySelector('[data-testid=canvas-a]')?.getAttribute('data-status') ?? ''), null, { timeout: 60_000 });
    if (i === 0 && (await s.page.getAttribute('[data-testid=canvas-a]', 'data-status')) === 'done') {
      // The link was repaired to a shipped model: the notice says so by name.
      assert.match((await s.page.textContent('.notices')) ?? '', /nope/);
    } else {
      const text = await overlayOnCanvas(s.page);
      for (const re of repro.expect) assert.match(text, re);
      assert.doesNotMatch(text, /doctype|is not valid JSON/, 'no parser jargon in the message');
      assert.match((await s.page.textContent('[data-testid=step-label]')) ?? '', /failed/);
    }
    await noWaiting(s.page);
    await s.page.screenshot({ path: screenshotPath(`run-failure-${i + 1}`) });
    await s.context.close();
  });
}

test('a run that fails after a good one keeps the good picture under the message; Run again and Hide work', { timeout: 120_000 }, async () => {
  const s = await openApp(browser, { width: 1280, height: 720 });
  await waitPlayed(s.page);
  const good = await particlePixels(s.page);
  assert.ok(good > 1000, 'the good run shows its particles');
  let id = await runId(s.page);
  await s.page.selectOption('[data-testid=method-a]', 'exact');
  id = await waitNewRun(s.page, id);
  await waitComputed(s.page);
  await s.page.selectOption('[data-testid=reward-select]', 'formula');
  await waitNewRun(s.page, id);
  await waitComputed(s.page);
  const text = await overlayOnCanvas(s.page);
  assert.match(text, /The last good picture stays underneath/);
  assert.ok((await particlePixels(s.page)) > good / 4, 'the particles of the good run are still drawn');
  assert.match((await s.page.textContent('[data-testid=canvas-a] .stage__step')) ?? '', /last good picture/);
  await s.page.screenshot({ path: screenshotPath('run-failure-kept-picture') });
  await s.page.click('[data-testid=run-problem-a] >> text=Hide this message');
  assert.equal(await s.page.isVisible('[data-testid=run-problem-a]'), false);
  await s.context.close();
});

test('two failing formulas in a row: the picture, the charts and the summary all stay the last good run’s, marked as such', { timeout: 120_000 }, async () => {
  const s = await openApp(browser, { width: 1280, height: 720 });
  await waitPlayed(s.page);
  await s.page.waitForSelector('[data-testid=chart-reward]', { timeout: 30_000 });
  await s.page.selectOption('[data-testid=reward-select]', 'formula');
  let id = await runId(s.page);
  await waitNewRun(s.page, id);
  await waitComputed(s.page);
  const goodReward = (await s.page.textContent('[data-testid=chart-reward] .chart__summary')) ?? '';
  assert.match(goodReward, /mean reward -?\d/, goodReward);
  for (const formula of ['1/0', 'log(-1-x*x)']) {
    id = await runId(s.page);
    await s.page.fill('[data-testid=formula-input]', formula);
    await s.page.press('[data-testid=formula-input]', 'Enter');
    await waitNewRun(s.page, id);
    await waitComputed(s.page);
    assert.equal(await s.page.getAttribute('[data-testid=canvas-a]', 'data-status'), 'error', formula);
    assert.match((await s.page.textContent('[data-testid=canvas-a] .stage__step')) ?? '', /last good picture/, formula);
    // The charts keep the good run's curves and say whose they are.
    const reward = (await s.page.textContent('[data-testid=chart-reward] .chart__summary')) ?? '';
    assert.equal(reward, goodReward.replace(/^([^:]+):/, '$1 (last good run):'), formula);
    assert.match((await s.page.textContent('[data-testid=run-note-a]')) ?? '', /This run failed: .*The numbers above are the last good run’s\./, formula);
    // The message points at the formula, in the page's step numbers.
    const said = (await s.page.textContent('[data-testid=run-problem-a]')) ?? '';
    assert.match(said, /Input: Reward r → Formula/, formula);
    assert.doesNotMatch(said, /step 0\b|Try a larger λ/, formula);
  }
  assert.deepEqual(s.errors, []);
  await s.context.close();
});
