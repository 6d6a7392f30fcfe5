/**
 * Links that would once blank the page: 5,000 levels of brackets, and a link far longer than any scenario. The
 * page opens the default scenario, runs it, and says what was wrong with the link by name.
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
