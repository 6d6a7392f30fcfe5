/**
 * Links that would once blank the page: 5,000 levels of brackets, and a link far longer than any scenario. The
 * page opens the default scenario, runs it, and says what was wrong with the link by name — in an embed too, whose
 * figure would otherwise show defaults in place of what its author linked without a word.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launch, openApp, stopOwnServer, waitComputed } from './harness';

let browser: Browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await stopOwnServer();
});

const CASES = [
  {
    name: 'a 5,000-deep link',
    hash: `#scenario=${'%5B'.repeat(5000)}${'%5D'.repeat(5000)}`,
    says: /link: the scenario nests deeper than 32 levels/,
  },
  {
    name: 'a 100 kB link',
    hash: `#scenario=${encodeURIComponent(JSON.stringify({ reward: { kind: 'formula', expr: 'x'.repeat(100_000) } }))}`,
    says: /link: the scenario is \d+ kB, more than the 64 kB a link may carry/,
  },
];

for (const c of CASES) {
  test(`${c.name} leaves the app running with a notice`, { timeout: 90_000 }, async () => {
    const s = await openApp(browser, { path: c.hash });
    await waitComputed(s.page);
    assert.equal(
      await s.page.getAttribute('[data-testid=canvas-a]', 'data-status'),
      'done',
      'the default scenario ran',
    );
    assert.match((await s.page.textContent('.notices')) ?? '', c.says);
    assert.deepEqual(s.errors, [], 'no console errors');
    await s.context.close();
  });
}

test('an embed with a broken link shows the defaults and says why, above the figure', { timeout: 90_000 }, async () => {
  const s = await openApp(browser, { path: '?embed#scenario=%7B%22model%22%3A1', width: 480, height: 400 });
  await waitComputed(s.page);
  assert.equal(await s.page.getAttribute('[data-testid=canvas-a]', 'data-status'), 'done', 'the default scenario ran');
  const notice = s.page.locator('[data-testid=embed-link-problems]');
  assert.match((await notice.textContent()) ?? '', /not valid; defaults stand in for what is named: link: the scenario is not valid JSON\./);
  // Where the reader looks: inside the 480 × 400 frame, above the canvas.
  const box = await notice.boundingBox();
  const canvas = await s.page.locator('[data-testid=canvas-a]').boundingBox();
  assert.ok(box && canvas && box.y >= 0 && box.y + box.height <= canvas.y, `notice at ${JSON.stringify(box)}, canvas at ${JSON.stringify(canvas)}`);
  assert.deepEqual(s.errors, [], 'no console errors');
  await s.context.close();
});
