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

test('a broken link is replaced in the address bar by the scenario shown; its notice goes with an edit or its ×', { timeout: 90_000 }, async () => {
  const s = await openApp(browser, { path: '#scenario=%7B%22model%22%3A1' });
  await waitComputed(s.page);
  const notice = s.page.locator('[data-testid=link-problems]');
  assert.match((await notice.textContent()) ?? '', /link: the scenario is not valid JSON/);
  // Copying the address now passes on what the page shows, not the broken link.
  const hash = await s.page.evaluate(() => decodeURIComponent(location.hash));
  assert.match(hash, /^#scenario=\{.*"sampler":\{"kind":"kl-tilt"/);
  // An edit makes the scenario the user's own: the notice about the link goes.
  await s.page.focus('[data-testid=lambda-a]');
  await s.page.keyboard.press('ArrowRight');
  await notice.waitFor({ state: 'detached', timeout: 10_000 });
  await s.context.close();

  const again = await openApp(browser, { path: '#scenario=%7B%22model%22%3A1' });
  await again.page.click('[data-testid=link-problems] >> role=button[name="Dismiss the link\'s problems"]');
  assert.equal(await again.page.locator('[data-testid=link-problems]').count(), 0);
  assert.deepEqual([...s.errors, ...again.errors], [], 'no console errors');
  await again.context.close();
});
