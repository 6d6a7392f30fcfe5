/**
 * The font warm-up (src/app/fontWarmup.ts) looks up, before the first render, the fonts the page then draws. Their
 * list (src/app/pageFonts.ts) is written by hand; these tests fail, naming the missing entry, when the default page draws a font
 * (weight × size × family) the list lacks, or the first screen draws one listed only for later. The warm-up's
 * hidden box is gone once it has finished.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { FIRST_SCREEN_FONTS, LATER_FONTS } from '../../src/app/pageFonts';
import { launch, openApp, stopOwnServer, waitPlayed } from './harness';

let browser: Browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await stopOwnServer();
});

/** The fonts drawn now: each element that shows text of its own, or a form control, as "style weight size family". */
function drawnFonts(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const drawn: Record<string, string> = {};
    for (const el of document.querySelectorAll('body *')) {
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
      // Form controls draw their value without a text node of their own; the warm-up's own box is not the page's.
      if (!ownText && !el.matches('input, select, textarea')) continue;
      if (el.getClientRects().length === 0 || el.closest('[data-font-warmup]')) continue;
      const cs = getComputedStyle(el);
      const key = `${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      drawn[key] ??= `<${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}"> ${(el.textContent ?? '').trim().slice(0, 30)}`;
    }
    return drawn;
  });
}

/** The listed fonts as the page computes them (the same "style weight size family" form), entry by entry. */
function listedFonts(page: Page, fonts: readonly string[]): Promise<Record<string, string>> {
  return page.evaluate((list) => {
    const out: Record<string, string> = {};
    for (const font of list) {
      const span = document.createElement('span');
      span.style.font = font;
      document.body.append(span);
      const cs = getComputedStyle(span);
      out[`${cs.fontStyle} ${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`] = font;
      span.remove();
    }
    return out;
  }, [...fonts]);
}

function missing(drawn: Record<string, string>, listed: Record<string, string>): string[] {
  return Object.entries(drawn)
    .filter(([key]) => !(key in listed))
    .map(([key, where]) => `${key}   (drawn by ${where})`);
}

test('the first screen draws only fonts the warm-up looks up first, and the whole page only listed fonts', async () => {
  const { page, context, errors } = await openApp(browser);
  try {
    await page.waitForFunction(() => performance.getEntriesByName('tiltlab:first-particles').length > 0, null, { timeout: 30_000 });
    const first = await drawnFonts(page);
    const firstListed = await listedFonts(page, FIRST_SCREEN_FONTS);
    assert.ok(Object.keys(first).length >= 5, `the first screen draws text in several fonts: ${JSON.stringify(first)}`);
    assert.deepEqual(missing(first, firstListed), [], 'add these to FIRST_SCREEN_FONTS');

    await waitPlayed(page);
    // The sidebar, the charts, the below-the-fold parts and the step-through's formulas have loaded.
    await page.waitForSelector('[data-testid=summary]');
    await page.waitForSelector('.katex', { timeout: 20_000 });
    const all = await drawnFonts(page);
    const allListed = await listedFonts(page, [...FIRST_SCREEN_FONTS, ...LATER_FONTS]);
    assert.deepEqual(missing(all, allListed), [], 'add these to LATER_FONTS');
    assert.ok(Object.keys(all).length > Object.keys(first).length, 'the later parts draw fonts of their own');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the warm-up leaves nothing in the page once it has finished', async () => {
  const { page, context } = await openApp(browser);
  try {
    await page.waitForFunction(() => performance.getEntriesByName('tiltlab:particles-moving').length > 0, null, { timeout: 30_000 });
    // One font per task, well under a second for all of them.
    await page.waitForFunction(() => document.querySelector('[data-font-warmup]') === null, null, { timeout: 10_000 });
    assert.equal(await page.locator('body > div[aria-hidden=true]').count(), 0);
  } finally {
    await context.close();
  }
});
