/**
 * The embedding example (examples/index.html, served beside the library build): two figures mounted with
 * `mount` show a finished run first (cached-first), then go live — particles move and the charts fill —
 * each with its own engine worker, with no console error and no request leaving the page's origin; and
 * the page still fits a phone-width screen.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launch, openApp, screenshotPath, stopOwnServer } from './harness';
import type { Session } from './harness';

const EXAMPLE = 'examples/index.html';
/** The two example scenarios, in page order: their steps, and the charts that have a point per step (W-prox carries no weights). */
const FIGURES = [
  { steps: 60, charts: ['reward', 'logweight', 'ess'] },
  { steps: 50, charts: ['reward'] },
];

let browser: Browser;
let s: Session;

declare global {
  interface Window {
    tiltlabStates?: string[][];
  }
}

before(async () => {
  browser = await launch();
  s = await openApp(browser, { width: 1200, height: 1400, path: EXAMPLE });
  // Record every (phase, status) each figure passes through, from the very start of a fresh load.
  // A string, not a function: the test's compiler would add helpers the page does not have.
  await s.context.addInitScript(`
    window.tiltlabStates = [];
    const record = () =>
      document.querySelectorAll('.tiltlab').forEach((el, i) => {
        const state = el.getAttribute('data-phase') + ':' + el.querySelector('[data-testid=figure-canvas]')?.getAttribute('data-status');
        const seen = (window.tiltlabStates[i] ??= []);
        if (seen[seen.length - 1] !== state) seen.push(state);
      });
    new MutationObserver(record).observe(document, { subtree: true, childList: true, attributes: true });
  `);
  await s.page.reload();
});

after(async () => {
  await browser?.close();
  await stopOwnServer();
});

function figure(i: number): string {
  return `[data-testid=example-figure] >> nth=${i}`;
}

test('both figures show a finished run first, then go live', async () => {
  await s.page.waitForFunction(() => document.querySelectorAll('.tiltlab[data-phase=live]').length === 2, null, { timeout: 60_000 });
  const states = await s.page.evaluate(() => window.tiltlabStates ?? []);
  assert.equal(states.length, 2);
  for (const seen of states) {
    const preview = seen.indexOf('preview:done');
    const live = seen.findIndex((x) => x.startsWith('live:running'));
    assert.ok(preview >= 0, `a finished run was shown first: ${seen.join(' → ')}`);
    assert.ok(live > preview, `then the live run: ${seen.join(' → ')}`);
  }
  // One engine worker per figure.
  assert.ok(s.page.workers().length >= 2, `workers: ${s.page.workers().length}`);
});

test('particles move and the charts fill in each figure', async () => {
  for (const [i, { steps, charts }] of FIGURES.entries()) {
    const root = s.page.locator(figure(i));
    const canvas = root.locator('[data-testid=figure-canvas]');
    const play = root.getByTestId('figure-play');
    const seenSteps = new Set<string>();
    const pictures = new Set<string>();
    const deadline = Date.now() + 60_000;
    // Sample the canvas while the live run plays: the step shown and the pixels must both change.
    while (Date.now() < deadline && (seenSteps.size < 4 || pictures.size < 3)) {
      // A figure that does not loop stops at its end: Play replays it from the first step.
      if ((await play.textContent()) === 'Play') await play.click();
      seenSteps.add((await canvas.getAttribute('data-step')) ?? '');
      pictures.add(await canvas.locator('canvas').evaluate((c: HTMLCanvasElement) => c.toDataURL()));
      await s.page.waitForTimeout(120);
    }
    assert.ok(seenSteps.size >= 4, `figure ${i}: steps shown ${[...seenSteps].join(',')}`);
    assert.ok(pictures.size >= 3, `figure ${i}: distinct canvas pictures ${pictures.size}`);
    // Every chart reaches one point per step (figure 0 loops, so wait for a moment at the end).
    for (const chart of charts) {
      const handle = await root.locator(`[data-testid=chart-${chart}]`).elementHandle();
      await s.page.waitForFunction(([el, n]) => Number((el as Element).getAttribute('data-points')) >= (n as number), [handle, steps] as const, { timeout: 60_000 });
    }
    if (charts.includes('ess')) {
      // ESS is a fraction of the live run's N: it must stay in (0, 1] (it is divided by the live N, not the preview's).
      const summary = (await root.locator('[data-testid=chart-ess]').textContent()) ?? '';
      const fraction = Number(/ESS ([0-9.]+)·N/.exec(summary)?.[1]);
      assert.ok(fraction > 0 && fraction <= 1, `figure ${i}: ESS fraction ${fraction} in "${summary}"`);
    }
    const rewardPoints = Number(await root.locator('[data-testid=chart-reward]').getAttribute('data-points'));
    assert.ok(rewardPoints >= steps, `figure ${i}: reward chart has ${rewardPoints} points, expected ${steps}`);
    const line = await root.locator('[data-testid=chart-reward] path.recharts-line-curve').first().getAttribute('d');
    assert.ok(line && (line.match(/[ML]/g) ?? []).length >= steps / 2, `figure ${i}: the reward line is drawn`);
  }
  await s.page.screenshot({ path: screenshotPath('embed-example'), fullPage: true });
});

test('the play bar pauses and scrubs one figure without touching the other', async () => {
  const first = s.page.locator(figure(0));
  const second = s.page.locator(figure(1));
  await second.locator('[data-testid=figure-canvas][data-status=done]').waitFor({ timeout: 60_000 });
  const secondStep = await second.locator('[data-testid=figure-canvas]').getAttribute('data-step');
  const slider = first.getByLabel('Step shown');
  await slider.fill('10');
  assert.equal(await first.locator('[data-testid=figure-canvas]').getAttribute('data-step'), '11');
  assert.equal(await first.getByTestId('figure-play').textContent(), 'Play');
  assert.equal(await second.locator('[data-testid=figure-canvas]').getAttribute('data-step'), secondStep);
});

test('running a figure again leaves no tensor behind in its engine', async () => {
  const second = s.page.locator(figure(1));
  const tiltlab = second.locator('.tiltlab');
  await tiltlab.locator('[data-testid=figure-canvas][data-status=done]').waitFor({ timeout: 60_000 });
  await s.page.waitForFunction((el) => (el as Element).getAttribute('data-live-tensors') !== '', await tiltlab.elementHandle());
  const before = await tiltlab.getAttribute('data-live-tensors');
  const runBefore = Number(await tiltlab.locator('[data-testid=figure-canvas]').getAttribute('data-run-id'));
  await second.getByRole('button', { name: 'Run again' }).click();
  await s.page.waitForFunction(
    ([el, id]) => {
      const canvas = (el as Element).querySelector('[data-testid=figure-canvas]');
      return Number(canvas?.getAttribute('data-run-id')) > (id as number) && canvas?.getAttribute('data-status') === 'done';
    },
    [await tiltlab.elementHandle(), runBefore] as const,
    { timeout: 60_000 },
  );
  await s.page.waitForTimeout(500); // the engine reports its tensor count once it is idle
  assert.equal(await tiltlab.getAttribute('data-live-tensors'), before);
});

test('the example fits a phone-width screen', async () => {
  await s.page.setViewportSize({ width: 360, height: 800 });
  await s.page.waitForTimeout(300);
  const overflow = await s.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `horizontal overflow ${overflow}px`);
  const width = await s.page.locator(figure(0)).locator('canvas').evaluate((c) => c.getBoundingClientRect().width);
  assert.ok(width > 200 && width <= 360, `canvas width ${width}`);
  await s.page.screenshot({ path: screenshotPath('embed-example-narrow'), fullPage: true });
});

test('no console errors and no request leaving the origin', () => {
  assert.deepEqual(s.errors, []);
  assert.deepEqual(s.foreign, []);
});
