/**
 * Long runs show their progress and can be stopped. A run of 16,384 particles × 1,000 steps (a big-cloud run: the
 * canvas draws it through one image, and the engine sends every second step's positions) shows "computing step k
 * of 1000" with a progress bar; Stop ends it where it is — its steps stay on the canvas and in the charts, the
 * message over the canvas says the user stopped it, nothing is left computing and no tensor is left behind. An
 * edit's run computing behind a finished picture shows its progress too, and Stop drops it and keeps the picture.
 * No timing assertions: the waits are on conditions.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { DEFAULT_SCENARIO } from '../../src/core/scenario';
import { launch, laneStatus, openApp, runId, stopOwnServer, waitPlayed } from './harness';

let browser: Browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await stopOwnServer();
});

const LONG = { ...DEFAULT_SCENARIO, particles: 16384, steps: 1000 };
const linkTo = (scenario: unknown) => `#${new URLSearchParams({ scenario: JSON.stringify(scenario) }).toString()}`;

async function computedSteps(page: Page): Promise<number> {
  const text = (await page.textContent('[data-testid=progress]').catch(() => null)) ?? '';
  const m = /step (\d+) of 1000/.exec(text);
  return m ? Number(m[1]) : 0;
}

async function liveTensorsAfterIdle(page: Page): Promise<number> {
  await page.waitForFunction(() => (document.querySelector('.app')?.getAttribute('data-live-tensors') ?? '') !== '', null, { timeout: 60_000 });
  return Number(await page.getAttribute('.app', 'data-live-tensors'));
}

test('a long run shows its progress, and Stop ends it where it is, keeping what it computed', { timeout: 240_000 }, async () => {
  const s = await openApp(browser, { path: `/${linkTo(LONG)}` });
  const { page } = s;
  // Progress in words and as a bar, counting up.
  await page.waitForFunction(() => /computing step ([2-9]\d|\d{3,}) of 1000/.test(document.querySelector('[data-testid=progress]')?.textContent ?? ''), null, { timeout: 120_000 });
  const bar = page.locator('[data-testid=progress] progress');
  assert.equal(await bar.getAttribute('max'), '1000');
  assert.ok(Number(await bar.getAttribute('value')) >= 20);
  assert.equal(await laneStatus(page), 'running');
  const id = await runId(page);

  await page.click('[data-testid=stop-button]');
  await page.waitForFunction(() => document.querySelector('[data-testid=canvas-a]')?.getAttribute('data-status') === 'cancelled', null, { timeout: 30_000 });
  assert.equal(await runId(page), id, 'Stop ends the run on screen; it does not start another');
  assert.equal(await page.locator('[data-testid=progress]').count(), 0, 'nothing is computing any more');
  assert.equal(await page.locator('[data-testid=stop-button]').count(), 0);
  // The message over the canvas says who stopped it and at which step; the steps computed stay shown.
  const said = (await page.textContent('[data-testid=run-problem-a]')) ?? '';
  const stoppedAt = Number(/stopped after step (\d+) of 1000/.exec(said)?.[1] ?? 0);
  assert.ok(stoppedAt >= 20, said);
  assert.match(said, /You stopped it with Stop\./);
  assert.doesNotMatch(said, /newer run/);
  const points = Number(await page.getAttribute('[data-testid=chart-reward]', 'data-points').catch(() => '0'));
  assert.ok(points === 0 || points <= stoppedAt, 'the charts hold no step beyond the last computed one');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=canvas-a]')?.getAttribute('data-step')) >= 1, null, { timeout: 30_000 });
  const first = await liveTensorsAfterIdle(page);

  // Run again computes it afresh; stopping that one leaves the engine's tensors as the first stop did.
  await page.click('[data-testid=run-button]');
  await page.waitForFunction((old) => Number(document.querySelector('[data-testid=canvas-a]')?.getAttribute('data-run-id')) > old, id, { timeout: 30_000 });
  await page.waitForFunction(() => /computing step \d+ of 1000/.test(document.querySelector('[data-testid=progress]')?.textContent ?? ''), null, { timeout: 60_000 });
  await page.click('[data-testid=stop-button]');
  await page.waitForFunction(() => document.querySelector('[data-testid=canvas-a]')?.getAttribute('data-status') === 'cancelled', null, { timeout: 30_000 });
  await page.waitForTimeout(500);
  assert.equal(await liveTensorsAfterIdle(page), first, 'no tensor is left behind by a stopped run');
  assert.deepEqual(s.errors, []);
  await page.context().close();
});

test("an edit's run computing behind the finished picture shows its progress, and Stop keeps the picture", { timeout: 240_000 }, async () => {
  const s = await openApp(browser);
  const { page } = s;
  await waitPlayed(page);
  const shown = await runId(page);
  // An edit (a link changed by hand) to a long run: the finished picture stays while it computes.
  await page.evaluate((hash) => {
    location.hash = hash;
  }, linkTo(LONG));
  await page.waitForFunction(() => /new run: step ([1-9]\d*) of 1000/.test(document.querySelector('[data-testid=progress]')?.textContent ?? ''), null, { timeout: 120_000 });
  assert.equal(await runId(page), shown, 'the finished run stays on screen while the new one computes');
  assert.equal(await laneStatus(page), 'done');
  assert.ok((await computedSteps(page)) >= 1);
  await page.click('[data-testid=stop-button]');
  await page.waitForFunction(() => document.querySelector('[data-testid=progress]') === null, null, { timeout: 30_000 });
  assert.equal(await runId(page), shown);
  assert.equal(await laneStatus(page), 'done');
  assert.equal(await page.getAttribute('.app', 'data-run-pending'), 'false');
  assert.equal(await page.locator('[data-testid=run-problem-a]').count(), 0, 'the finished picture is not marked as failed');
  assert.deepEqual(s.errors, []);
  await page.context().close();
});
