/**
 * The embedding example (examples/index.html, served beside the library build): three `<tilt-lab>` figures in a
 * blog-like page — SMC (looping), KL-tilt on the shipped learned "moons" model (found with no option), and W-prox
 * read from a scenario file by `src` without autoplay. Each shows a finished picture first and goes live when it
 * is on screen — particles move and the charts fill — each with its own engine worker, with no console error and
 * no request leaving the page's origin; and the page still fits a phone-width screen.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launch, openApp, screenshotPath, stopOwnServer } from './harness';
import type { Session } from './harness';

const EXAMPLE = 'examples/index.html';
/** The three example scenarios, in page order: their steps, and the charts that have a point per step (W-prox carries no weights). */
const FIGURES = [
  { steps: 60, charts: ['reward', 'logweight', 'ess'] },
  { steps: 60, charts: ['reward'] },
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
  // Record every state each figure passes through, from the very start of a fresh load (the element reports
  // each change as a bubbling tiltlab-state event). A string, not a function: the test's compiler would add
  // helpers the page does not have.
  await s.context.addInitScript(`
    window.tiltlabStates = [];
    document.addEventListener('tiltlab-state', (e) => {
      const i = [...document.querySelectorAll('tilt-lab')].indexOf(e.target);
      const seen = (window.tiltlabStates[i] ??= []);
      if (seen[seen.length - 1] !== e.detail.state) seen.push(e.detail.state);
    });
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

test('each figure shows a finished picture first, then goes live on screen (the src one on Play)', async () => {
  for (const i of [0, 1, 2]) {
    await s.page.locator(figure(i)).scrollIntoViewIfNeeded();
    await s.page.waitForFunction((n) => ['running', 'done'].includes(document.querySelectorAll('tilt-lab')[n as number]?.getAttribute('state') ?? ''), i, { timeout: 90_000 });
  }
  // The third has no autoplay: it waits, finished, until Play.
  await s.page.waitForFunction(() => document.querySelectorAll('tilt-lab')[2]?.getAttribute('state') === 'done', null, { timeout: 90_000 });
  assert.equal(await s.page.locator(figure(2)).locator('.tiltlab').getAttribute('data-phase'), 'preview');
  await s.page.locator(figure(2)).getByTestId('figure-play').click();
  await s.page.waitForFunction(() => document.querySelectorAll('tilt-lab')[2]?.getAttribute('state') === 'running', null, { timeout: 90_000 });
  const states = await s.page.evaluate(() => window.tiltlabStates ?? []);
  assert.equal(states.length, 3);
  for (const [i, seen] of states.entries()) {
    assert.equal(seen[0], 'idle', `figure ${i} starts idle: ${seen.join(' → ')}`);
    const loading = seen.indexOf('loading');
    const live = seen.indexOf('running');
    assert.ok(loading > 0 && live > loading, `figure ${i}: idle → loading → running: ${seen.join(' → ')}`);
  }
  // The src figure showed its finished picture (done) before Play made it run.
  assert.ok(states[2].indexOf('done') < states[2].indexOf('running'), states[2].join(' → '));
  // One engine worker per figure.
  assert.ok(s.page.workers().length >= 3, `workers: ${s.page.workers().length}`);
});

test('particles move and the charts fill in each figure', async () => {
  for (const [i, { steps, charts }] of FIGURES.entries()) {
    const root = s.page.locator(figure(i));
    const canvas = root.locator('[data-testid=figure-canvas]');
    const play = root.getByTestId('figure-play');
    const seenSteps = new Set<string>();
    const pictures = new Set<string>();
    const deadline = Date.now() + 60_000;
    await root.scrollIntoViewIfNeeded();
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
    await root.scrollIntoViewIfNeeded();
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
    const line = await root.locator('[data-testid=chart-reward] path.plot__line').first().getAttribute('d');
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
