/**
 * The first screen a teacher projects: at 1280×720 and 1366×768 the canvas, the play bar and two charts are on
 * screen without scrolling; at λ = 0.05 (KL-tilt, linear reward) the framing keeps the particles inside the
 * canvas (the exact target, computed here in closed form, lies in the window shown, and the canvas shows
 * particle-coloured pixels); both lanes share one window in compare mode; drag, wheel, keys and "Fit" move it;
 * the keyboard reaches the canvas and Play early (a skip link, then the visual order) and the charts only by
 * their summaries; presentation mode and a 480×400 embed show what they must without scrolling.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { tiltGmm } from '../../src/core/exact/tilt';
import { appUrl, launch, openApp, runId, screenshotPath, stopOwnServer, waitComputed, waitNewRun, waitPlayed } from './harness';

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

interface View {
  cx: number;
  cy: number;
  half: number;
}

async function viewOf(page: Page, lane: 'a' | 'b' = 'a'): Promise<View> {
  const raw = (await page.getAttribute(`[data-testid=canvas-${lane}] canvas`, 'data-view')) ?? '';
  const [cx, cy, half] = raw.split(',').map(Number);
  return { cx, cy, half };
}

/** Waits until the camera has settled (its window unchanged over a few frames). */
async function settled(page: Page): Promise<View> {
  let last = '';
  for (let i = 0; i < 60; i++) {
    const now = (await page.getAttribute('[data-testid=canvas-a] canvas', 'data-view')) ?? '';
    if (now === last) return viewOf(page);
    last = now;
    await page.waitForTimeout(150);
  }
  throw new Error('the view kept moving');
}

/** Pixels of the canvas in lane a's particle colour (#0072B2: strongly blue, unlike the grey-blue density). */
async function particlePixels(page: Page, lane: 'a' | 'b' = 'a'): Promise<number> {
  return page.$eval(`[data-testid=canvas-${lane}] canvas`, (c) => {
    const canvas = c as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let p = 0; p < data.length; p += 4) if (data[p + 2] - data[p] > 110 && data[p + 2] > 120) n++;
    return n;
  });
}

async function box(page: Page, selector: string) {
  const b = await page.locator(selector).first().boundingBox();
  assert.ok(b, `${selector} is shown`);
  return b;
}

for (const [width, height] of [
  [1280, 720],
  [1366, 768],
] as const) {
  test(`at ${width}×${height} the canvas, the play bar and two charts are on the first screen`, { timeout: 90_000 }, async () => {
    const s = await openApp(browser, { width, height });
    await waitPlayed(s.page);
    await s.page.waitForSelector('[data-testid=chart-logweight] svg', { timeout: 30_000 });
    // After the probe: the badge then names the backend it chose (with WASM, its thread count), and the header must
    // not grow a second row because of it.
    await s.page.waitForFunction(() => !document.querySelector('.backend__probing') && document.querySelector('[data-testid=backend-badge]')?.getAttribute('data-backend') !== 'cpu', null, {
      timeout: 60_000,
    });
    assert.equal(await s.page.evaluate(() => window.scrollY), 0);
    for (const sel of ['[data-testid=canvas-a] canvas', '.transport', '[data-testid=chart-reward]', '[data-testid=chart-logweight]']) {
      const b = await box(s.page, sel);
      assert.ok(b.y >= 0 && b.y + b.height <= height && b.x >= 0 && b.x + b.width <= width, `${sel} lies in the first screen: ${JSON.stringify(b)}`);
    }
    const canvas = await box(s.page, '[data-testid=canvas-a] canvas');
    assert.ok(canvas.width >= 440, `the canvas is large: ${canvas.width} px`);
    await s.page.screenshot({ path: screenshotPath(`first-screen-${width}x${height}`) });
    assert.deepEqual(s.errors, []);
    await s.context.close();
  });
}

test('at λ = 0.05 (KL-tilt, linear reward) the particles are inside the canvas', { timeout: 90_000 }, async () => {
  const theta: [number, number] = [1, -0.5];
  const s = await openApp(browser, { width: 1280, height: 720, path: link({ model: TWO_BLOBS, reward: { kind: 'linear', theta }, sampler: { kind: 'kl-tilt', lambda: 0.05 } }) });
  await waitPlayed(s.page);
  const view = await settled(s.page);
  const target = tiltGmm(TWO_BLOBS as never, { A: [[0, 0], [0, 0]], b: theta, c: 0 }, 0.05).spec;
  // The target's mass sits near (8, −3): far outside the base's own window (half-width ≈ 4.5 about 0).
  target.means.forEach((m, k) => {
    if (target.weights[k] < 1e-3) return;
    const sd = Math.sqrt(Math.max(target.covs[k][0][0], target.covs[k][1][1]));
    for (const [dx, dy] of [[-3, -3], [3, 3], [-3, 3], [3, -3]]) {
      const [x, y] = [m[0] + dx * sd, m[1] + dy * sd];
      assert.ok(Math.abs(x - view.cx) <= view.half && Math.abs(y - view.cy) <= view.half, `(${x.toFixed(2)}, ${y.toFixed(2)}) is in the window ${JSON.stringify(view)}`);
    }
  });
  assert.ok(view.cx - view.half <= -2 - 1.5, 'the base density stays in the picture too');
  assert.ok((await particlePixels(s.page)) > 2000, 'the canvas shows the particles');
  await s.page.screenshot({ path: screenshotPath('framing-lambda-0.05') });
  await s.context.close();
});

test('one window for both lanes; drag pans, the wheel and the keys zoom, Fit returns to the fitted window', { timeout: 120_000 }, async () => {
  const s = await openApp(browser, { width: 1366, height: 768 });
  await waitComputed(s.page);
  const id = await runId(s.page);
  await s.page.click('[data-testid=compare-toggle]');
  await waitNewRun(s.page, id);
  await waitPlayed(s.page);
  const fitted = await settled(s.page);
  assert.deepEqual(await viewOf(s.page, 'b'), fitted, 'lane B shows the same window');

  const canvas = await box(s.page, '[data-testid=canvas-a] canvas');
  const [x, y] = [canvas.x + canvas.width / 2, canvas.y + canvas.height / 2];
  await s.page.mouse.move(x, y);
  await s.page.mouse.down();
  await s.page.mouse.move(x + 40, y + 10, { steps: 5 });
  await s.page.mouse.move(x + 100, y + 20, { steps: 5 });
  await s.page.mouse.up();
  const panned = await viewOf(s.page);
  const scale = canvas.width / (2 * fitted.half);
  assert.ok(Math.abs(panned.cx - (fitted.cx - 100 / scale)) < 0.05 * fitted.half, `a drag right by 100 px moves the window left: ${JSON.stringify(panned)}`);
  assert.ok(Math.abs(panned.cy - (fitted.cy + 20 / scale)) < 0.05 * fitted.half);
  assert.deepEqual(await viewOf(s.page, 'b'), panned, 'lane B follows');
  assert.equal(await s.page.getAttribute('[data-testid=view-fit]', 'aria-pressed'), 'false', 'Fit says the window is the user\'s');

  await s.page.mouse.wheel(0, -300);
  await s.page.waitForFunction((h) => Number(document.querySelector('[data-testid=canvas-a] canvas')?.getAttribute('data-view')?.split(',')[2]) < h, panned.half);

  await s.page.focus('[data-testid=canvas-a] canvas');
  const beforeKey = await viewOf(s.page);
  await s.page.keyboard.press('-');
  const zoomedOut = await viewOf(s.page);
  assert.ok(Math.abs(zoomedOut.half / beforeKey.half - 1.25) < 1e-6, 'minus zooms out by 1.25');
  await s.page.keyboard.press('ArrowRight');
  assert.ok((await viewOf(s.page)).cx > zoomedOut.cx, 'the arrow pans');

  await s.page.click('[data-testid=view-fit]');
  const back = await settled(s.page);
  for (const k of ['cx', 'cy', 'half'] as const) assert.ok(Math.abs(back[k] - fitted[k]) < 1e-6, `Fit returns to the fitted window (${k})`);
  assert.equal(await s.page.getAttribute('[data-testid=view-fit]', 'aria-pressed'), 'true');
  await s.context.close();
});

test('keyboard: a skip link to the canvas, Play within the first stops, charts only as named summaries', { timeout: 90_000 }, async () => {
  const s = await openApp(browser, { width: 1280, height: 720 });
  await waitPlayed(s.page);
  await s.page.waitForSelector('[data-testid=chart-ess] svg', { timeout: 30_000 });
  await s.page.keyboard.press('Tab');
  assert.equal(await s.page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'skip-link');
  const ring = await s.page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  const skip = await box(s.page, '[data-testid=skip-link]');
  assert.ok(skip.y >= 0, 'the skip link shows when focused');
  assert.ok(ring === 'solid' || ring === 'auto');
  const hash = await s.page.evaluate(() => location.hash);
  await s.page.keyboard.press('Enter');
  assert.equal(await s.page.evaluate(() => document.activeElement?.id), 'stage');
  assert.equal(await s.page.evaluate(() => location.hash), hash, 'the address (which holds the scenario) is left alone');

  // From the page's start, in visual order: skip link, header, canvas, view controls, then the play bar.
  await s.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await s.page.mouse.click(5, 700);
  const order: string[] = [];
  for (let i = 0; i < 40; i++) {
    await s.page.keyboard.press('Tab');
    order.push(await s.page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      return el.getAttribute('data-testid') ?? el.tagName.toLowerCase();
    }));
    const ring = await s.page.evaluate(() => {
      const cs = getComputedStyle(document.activeElement!);
      return cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
    });
    assert.ok(ring, `${order[order.length - 1]} shows a focus ring`);
  }
  const play = order.indexOf('play-pause');
  assert.ok(play >= 0 && play < 14, `Play is tab stop ${play + 1}: ${order.slice(0, play + 1).join(', ')}`);
  assert.ok(order.indexOf('run-button') > play && order.indexOf('run-button') < 16);
  assert.ok(order.indexOf('canvas-a') === -1 && order.includes('canvas'), 'the canvas takes the keyboard');
  const charts = order.filter((t) => t.startsWith('chart-'));
  assert.deepEqual(charts, ['chart-reward', 'chart-logweight', 'chart-ess'], 'each chart is one tab stop, after the play bar');
  assert.ok(order.indexOf('chart-reward') > play && order.indexOf('chart-reward') < order.indexOf('sampler-a-kl-tilt'), 'charts come before the sidebar');
  assert.equal(await s.page.$$eval('.chart svg[tabindex], .chart [tabindex="0"]', (els) => els.length), 0, 'no SVG tab stops inside the charts');
  const name = await s.page.$eval('[data-testid=chart-reward]', (el) => {
    const label = document.getElementById(el.getAttribute('aria-labelledby')!)?.textContent;
    const description = document.getElementById(el.getAttribute('aria-describedby')!)?.textContent;
    return `${label} — ${description}`;
  });
  assert.match(name, /^Mean reward r\(x̂₀\) per step — KL-tilt: mean reward -?\d+\.\d{3} at step 100 of 100/);
  await s.context.close();
});

test('the sidebar collapses and the stage grows; presentation mode shows the canvas and three charts in large type', { timeout: 90_000 }, async () => {
  const s = await openApp(browser, { width: 1280, height: 720 });
  await waitPlayed(s.page);
  const before = await box(s.page, '[data-testid=canvas-a] canvas');
  await s.page.click('[data-testid=sidebar-toggle]');
  assert.equal(await s.page.getAttribute('[data-testid=sidebar-toggle]', 'aria-expanded'), 'false');
  assert.equal(await s.page.isVisible('#controls'), false);
  await s.page.click('[data-testid=sidebar-toggle]');
  assert.equal(await s.page.isVisible('#controls'), true);
  assert.ok(before.width > 0);

  await s.page.click('[data-testid=present-toggle]');
  await s.page.waitForSelector('.app--present');
  await s.page.waitForSelector('[data-testid=chart-ess] svg', { timeout: 30_000 });
  assert.equal(await s.page.isVisible('#controls'), false, 'no controls');
  assert.equal(await s.page.isVisible('[data-testid=summary-a-method]'), false, 'no summary');
  const root = await s.page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  assert.ok(root >= 19, `large type: ${root}px`);
  for (const sel of ['[data-testid=canvas-a] canvas', '.transport', '[data-testid=chart-reward]', '[data-testid=chart-logweight]']) {
    const b = await box(s.page, sel);
    assert.ok(b.y + b.height <= 720, `${sel} on screen in presentation mode`);
  }
  await s.page.screenshot({ path: screenshotPath('presentation-mode') });
  await s.page.keyboard.press('Escape');
  await s.page.waitForSelector('.app:not(.app--present)');
  await s.context.close();
});

test('?embed fits a 480×400 iframe: canvas, one chart and the play bar, no scroll', { timeout: 90_000 }, async () => {
  const url = await appUrl();
  const s = await openApp(browser, { width: 700, height: 600, path: '?embed' });
  await s.page.setContent(`<!doctype html><body style="margin:0"><iframe src="${new URL('?embed', url).href}" width="480" height="400" style="border:0"></iframe></body>`);
  const frame = await (await s.page.waitForSelector('iframe')).contentFrame();
  assert.ok(frame);
  await frame.waitForFunction(() => document.querySelector('[data-testid=play-pause]')?.getAttribute('aria-label') === 'Play' && document.querySelector('[data-testid=canvas-a]')?.getAttribute('data-status') === 'done', null, { timeout: 60_000 });
  await frame.waitForSelector('[data-testid=chart-reward] svg', { timeout: 30_000 });
  const fit = await frame.evaluate(() => ({ h: document.documentElement.scrollHeight, w: document.documentElement.scrollWidth }));
  assert.ok(fit.h <= 400 && fit.w <= 480, `no scroll: ${JSON.stringify(fit)}`);
  for (const sel of ['[data-testid=canvas-a] canvas', '[data-testid=play-pause]', '[data-testid=scrubber]', '[data-testid=chart-reward]']) {
    const b = await frame.locator(sel).boundingBox();
    assert.ok(b && b.y >= 0 && b.y + b.height <= 400 && b.x >= 0 && b.x + b.width <= 480, `${sel} inside the frame: ${JSON.stringify(b)}`);
  }
  const canvas = (await frame.locator('[data-testid=canvas-a] canvas').boundingBox())!;
  assert.ok(canvas.width >= 200, `the canvas is not cropped to a sliver: ${canvas.width}px`);
  await s.page.screenshot({ path: screenshotPath('embed-480x400') });
  await s.context.close();
});

test('chart y-labels are never clipped, even for small values such as 0.0165 or 4e-4', { timeout: 90_000 }, async () => {
  const s = await openApp(browser, { width: 1280, height: 720, path: link({ model: TWO_BLOBS, reward: { kind: 'linear', theta: [0.0123, -0.0045] }, sampler: { kind: 'smc', lambda: 0.7 } }) });
  await waitPlayed(s.page);
  await s.page.waitForSelector('[data-testid=chart-ess] svg', { timeout: 30_000 });
  const clipped = await s.page.$$eval('.chart', (charts) =>
    charts.flatMap((chart) => {
      const svg = chart.querySelector('svg.plot');
      if (!svg) return [];
      const frame = svg.getBoundingClientRect();
      return [...chart.querySelectorAll('.plot__axis--y .plot__tick-label')]
        .filter((t) => t.getBoundingClientRect().left < frame.left - 0.5)
        .map((t) => `${chart.getAttribute('data-testid')}: ${t.textContent}`);
    }),
  );
  const labels = await s.page.$$eval('.plot__axis--y .plot__tick-label', (ts) => ts.map((t) => t.textContent));
  assert.ok(labels.some((l) => /e-|0\.00/.test(l ?? '')), `small labels are drawn: ${labels.join(' ')}`);
  assert.deepEqual(clipped, []);
  await s.context.close();
});

test('with a quadratic reward a click moves the target c and a drag only pans', { timeout: 90_000 }, async () => {
  const c = [1, 1];
  const s = await openApp(browser, { width: 1280, height: 720, path: link({ model: TWO_BLOBS, reward: { kind: 'quadratic', A: [[1, 0], [0, 1]], c }, sampler: { kind: 'kl-tilt', lambda: 0.7 } }) });
  await waitPlayed(s.page);
  const fitted = await settled(s.page);
  const rewardC = () => s.page.evaluate(() => (JSON.parse(new URLSearchParams(location.hash.slice(1)).get('scenario') ?? '{}') as { reward: { c: number[] } }).reward.c);
  const canvas = await box(s.page, '[data-testid=canvas-a] canvas');
  const id = await runId(s.page);
  await s.page.mouse.move(canvas.x + 200, canvas.y + 200);
  await s.page.mouse.down();
  await s.page.mouse.move(canvas.x + 260, canvas.y + 240, { steps: 6 });
  await s.page.mouse.up();
  await s.page.waitForTimeout(600);
  assert.deepEqual(await rewardC(), c, 'the drag left c alone');
  assert.equal(await runId(s.page), id, 'and started no run');
  assert.notDeepEqual(await viewOf(s.page), fitted, 'the drag panned');
  await s.page.mouse.click(canvas.x + canvas.width * 0.25, canvas.y + canvas.height * 0.25);
  await s.page.waitForFunction((old) => JSON.stringify((JSON.parse(new URLSearchParams(location.hash.slice(1)).get('scenario') ?? '{}') as { reward: { c: number[] } }).reward.c) !== JSON.stringify(old), c);
  await waitComputed(s.page);
  await s.context.close();
});

for (const [width, height] of [
  [390, 844],
  [1366, 768],
] as const) {
  test(`at ${width}×${height} the backend menu opens inside the screen`, { timeout: 90_000 }, async () => {
    const s = await openApp(browser, { width, height });
    await waitComputed(s.page);
    await s.page.click('[data-testid=backend-badge]');
    const menu = await s.page.locator('.backend__menu').boundingBox();
    assert.ok(menu, 'the menu is open');
    // The badge sits at the start of its row on a phone and at the end of the header on a laptop.
    assert.ok(menu.x >= 0 && menu.x + menu.width <= width, `the menu lies across the screen: ${JSON.stringify(menu)}`);
    await s.context.close();
  });
}
