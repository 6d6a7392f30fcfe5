/**
 * Input hygiene: the formula box runs a formula only when typing pauses (or on Enter), never a valid prefix typed
 * on the way; a click on the canvas moves a quadratic reward's target and leaves any other reward alone; a drag in
 * drawing mode adds points along its path.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launch, openApp, runId, sleep, stopOwnServer, waitComputed, waitNewRun, waitPlayed } from './harness';
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

interface Reward {
  kind: string;
  expr?: string;
  c?: [number, number];
}

/** The reward of the scenario in the URL hash (`#scenario=<JSON>`). */
async function hashReward(page: Page): Promise<Reward> {
  return page.evaluate(() => {
    const raw = new URLSearchParams(location.hash.slice(1)).get('scenario');
    return (JSON.parse(raw ?? '{}') as { reward: Reward }).reward;
  });
}

/** Records, in the page, every reward written to the URL from now on (with the time it was written). */
async function recordRewards(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __rewards: Array<{ reward: unknown; t: number }>; __recording?: boolean };
    w.__rewards = [];
    if (w.__recording) return;
    w.__recording = true;
    const replace = history.replaceState.bind(history);
    history.replaceState = (data: unknown, unused: string, url?: string | URL | null) => {
      replace(data, unused, url);
      const raw = new URLSearchParams(location.hash.slice(1)).get('scenario');
      if (raw) w.__rewards.push({ reward: (JSON.parse(raw) as { reward: unknown }).reward, t: performance.now() });
    };
  });
}

async function recorded(page: Page): Promise<Array<{ reward: Reward; t: number }>> {
  return page.evaluate(() => (window as unknown as { __rewards: Array<{ reward: Reward; t: number }> }).__rewards);
}

async function typeFormula(page: Page, text: string): Promise<void> {
  await page.click('[data-testid=formula-input]');
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text, { delay: 40 });
}

const PREVIOUS = '-(x-1)^2 + sin(3*y)';

test('the formula box runs a formula when typing pauses or on Enter, never a valid prefix', { timeout: 90_000 }, async () => {
  let id = await runId(s.page);
  await s.page.selectOption('[data-testid=reward-select]', 'formula');
  id = await waitNewRun(s.page, id);
  await waitPlayed(s.page);
  assert.deepEqual(await hashReward(s.page), { kind: 'formula', expr: PREVIOUS });

  // `x +* 2`: its prefix `x` parses, but is never sent to the scenario.
  await recordRewards(s.page);
  await typeFormula(s.page, 'x +* 2');
  await s.page.waitForSelector('[data-testid=formula-error]', { timeout: 10_000 });
  assert.match((await s.page.textContent('[data-testid=formula-error]')) ?? '', /Column \d+/);
  await sleep(800);
  const seen = (await recorded(s.page)).map((r) => r.reward.expr);
  assert.ok(!seen.includes('x'), `the prefix "x" never ran (the URL held ${JSON.stringify(seen)})`);
  assert.deepEqual(await hashReward(s.page), { kind: 'formula', expr: PREVIOUS }, 'the last good run is the previous formula');
  assert.equal(await runId(s.page), id, 'no run started');
  assert.ok(await s.page.isVisible('[data-testid=formula-error]'), 'the error stays shown');

  // A valid formula runs once typing pauses (≥ 400 ms), and only the whole formula.
  await recordRewards(s.page);
  await typeFormula(s.page, 'x + y');
  await s.page.waitForSelector('[data-testid=formula-error]', { state: 'detached', timeout: 10_000 });
  id = await waitNewRun(s.page, id);
  assert.deepEqual(await hashReward(s.page), { kind: 'formula', expr: 'x + y' });
  assert.deepEqual(
    (await recorded(s.page)).map((r) => r.reward.expr),
    ['x + y'],
    'only the finished formula was sent',
  );
  await waitPlayed(s.page);

  // Enter runs it at once, without waiting for the pause.
  await recordRewards(s.page);
  await typeFormula(s.page, '2*x');
  const pressed = await s.page.evaluate(() => performance.now());
  await s.page.keyboard.press('Enter');
  await s.page.waitForFunction(() => decodeURIComponent(location.hash).includes('"expr":"2*x"'), null, { timeout: 5_000 });
  const writes = await recorded(s.page);
  assert.deepEqual(
    writes.map((r) => r.reward.expr),
    ['2*x'],
  );
  assert.ok(writes[0].t - pressed < 350, `Enter ran the formula ${Math.round(writes[0].t - pressed)} ms after the key, before the pause`);
  await waitNewRun(s.page, id);
  await waitPlayed(s.page);
});

test('a canvas click leaves a formula reward alone; with the quadratic reward it moves c', { timeout: 60_000 }, async () => {
  const canvas = s.page.locator('[data-testid=canvas-a] canvas');
  const before = await hashReward(s.page);
  assert.equal(before.kind, 'formula');
  const id = await runId(s.page);
  await canvas.click({ position: { x: 40, y: 40 } });
  await sleep(600);
  assert.deepEqual(await hashReward(s.page), before, 'the reward stays the formula');
  assert.equal(await runId(s.page), id, 'no run started');

  // The reward panel's labelled switch (here by the keyboard) makes the reward a target point.
  await s.page.focus('[data-testid=reward-use-target]');
  await s.page.keyboard.press('Enter');
  await s.page.waitForFunction(() => decodeURIComponent(location.hash).includes('"kind":"quadratic"'), null, { timeout: 5_000 });
  await waitComputed(s.page);
  const placed = await hashReward(s.page);
  assert.equal(placed.kind, 'quadratic');

  // With the quadratic reward, a click moves c.
  const box = await canvas.boundingBox();
  assert.ok(box);
  await canvas.click({ position: { x: box.width * 0.2, y: box.height * 0.25 } });
  await s.page.waitForFunction((c) => {
    const raw = new URLSearchParams(location.hash.slice(1)).get('scenario');
    const r = (JSON.parse(raw ?? '{}') as { reward: { c?: number[] } }).reward;
    return r.c !== undefined && JSON.stringify(r.c) !== JSON.stringify(c);
  }, placed.c);
  const moved = await hashReward(s.page);
  assert.equal(moved.kind, 'quadratic');
  assert.ok(moved.c && moved.c[0] < 0 && moved.c[1] > 0, `c moved to the upper left: ${JSON.stringify(moved.c)}`);
  await waitComputed(s.page);
});

test('a drag in drawing mode adds points along its path', { timeout: 30_000 }, async () => {
  await s.page.click('[data-testid=draw-toggle]');
  await sleep(800); // the toggle scrolls the canvas into view, smoothly
  const canvas = s.page.locator('[data-testid=canvas-a] canvas');
  const box = await canvas.boundingBox();
  assert.ok(box);
  const y = box.y + box.height * 0.5;
  await s.page.mouse.move(box.x + box.width * 0.3, y);
  await s.page.mouse.down();
  await s.page.mouse.move(box.x + box.width * 0.7, y + box.height * 0.1, { steps: 25 });
  await s.page.mouse.up();
  const text = (await s.page.textContent('[data-testid=data-count]')) ?? '';
  const count = Number(/([\d,]+) points/.exec(text)?.[1].replace(/,/g, '') ?? 0);
  // The path is ≈ 0.4 of the canvas wide: one point every few pixels is tens of points.
  assert.ok(count >= 20, `a drag added ${count} points (${text})`);
  assert.match(text, /drawn on the canvas/);
  await s.page.click('[data-testid=draw-toggle]');
  assert.deepEqual(s.errors, []);
});
