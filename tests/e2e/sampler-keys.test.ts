/**
 * The sampler picker is a radio group as the keyboard expects one: a single tab stop (the checked button), the arrow
 * keys and Home/End move the choice and the focus together, and the focused button's ring is drawn inside it, where
 * the group's rounded clipping cannot hide it.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launch, openApp, runId, stopOwnServer, waitComputed, waitNewRun } from './harness';
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

const focusedId = () => s.page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
const checked = (kind: string) => s.page.getAttribute(`[data-testid=sampler-a-${kind}]`, 'aria-checked');

test('one tab stop: only the checked sampler button is in the tab order', async () => {
  // The sidebar's panels load after the first particles move, possibly after the run is computed.
  await s.page.waitForSelector('[data-testid=sampler-a-smc][role=radio]');
  const tabIndexes = await s.page.$$eval('[data-testid^=sampler-a-][role=radio]', (els) => els.map((e) => [e.getAttribute('data-kind'), (e as HTMLElement).tabIndex]));
  assert.deepEqual(tabIndexes, [
    ['base', -1],
    ['kl-tilt', 0],
    ['w-prox', -1],
    ['smc', -1],
  ]);
});

test('arrow keys, Home and End move the choice and the focus, wrapping around, and the last choice runs', async () => {
  const first = await runId(s.page);
  await s.page.focus('[data-testid=sampler-a-kl-tilt]');
  const steps: Array<[string, string]> = [
    ['ArrowRight', 'w-prox'],
    ['ArrowDown', 'smc'],
    ['ArrowRight', 'base'],
    ['ArrowLeft', 'smc'],
    ['Home', 'base'],
    ['End', 'smc'],
    ['ArrowUp', 'w-prox'],
  ];
  for (const [key, kind] of steps) {
    await s.page.keyboard.press(key);
    assert.equal(await checked(kind), 'true', `${key} checks ${kind}`);
    assert.equal(await focusedId(), `sampler-a-${kind}`, `${key} moves the focus to ${kind}`);
  }
  await waitNewRun(s.page, first);
  await waitComputed(s.page);
  assert.equal(await s.page.evaluate(() => JSON.parse(new URLSearchParams(location.hash.slice(1)).get('scenario') ?? '{}').sampler?.kind), 'w-prox', 'the link holds the chosen sampler');
});

test("the focused button's ring is visible: at least 2 px, drawn inside the button", async () => {
  await s.page.focus('[data-testid=sampler-a-w-prox]');
  await s.page.keyboard.press('ArrowLeft'); // keyboard focus, so :focus-visible applies
  const ring = await s.page.evaluate(() => {
    const cs = getComputedStyle(document.activeElement!);
    return { style: cs.outlineStyle, width: parseFloat(cs.outlineWidth), offset: parseFloat(cs.outlineOffset), color: cs.outlineColor, background: cs.backgroundColor };
  });
  assert.equal(ring.style, 'solid');
  assert.ok(ring.width >= 2, `ring width ${ring.width}`);
  assert.ok(ring.offset + ring.width <= 0, `the ring (offset ${ring.offset}, width ${ring.width}) lies inside the button, not under the group's clip`);
  assert.notEqual(ring.color, ring.background, 'the ring differs from the button it is drawn on');
});
