/**
 * Accessibility: axe-core, injected into the page, finds no serious or critical violation on the full page
 * (after a run, in compare mode, with the link and export panels open); and the keyboard alone runs, pauses
 * and steps the sampler, with a visible focus ring on every control it reaches.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launch, openApp, runId, screenshotPath, stopOwnServer, waitNewRun, waitPlayed } from './harness';
import type { Session } from './harness';

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let browser: Browser;
let s: Session;

before(async () => {
  browser = await launch();
  s = await openApp(browser);
});

after(async () => {
  await browser?.close();
  await stopOwnServer();
});

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SOURCE });
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  })) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** Presses Tab until the element with this test id has the focus; fails when it is not reachable. */
async function tabTo(page: Page, testId: string, limit = 150): Promise<number> {
  for (let i = 1; i <= limit; i++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === testId) return i;
  }
  throw new Error(`${testId} is not reachable with Tab`);
}

/** The focused element draws a focus ring of at least 2 px. */
async function focusRing(page: Page): Promise<{ style: string; width: number }> {
  return page.evaluate(() => {
    const cs = getComputedStyle(document.activeElement!);
    return { style: cs.outlineStyle, width: parseFloat(cs.outlineWidth) };
  });
}

test('axe: no serious or critical violations after the first run', { timeout: 90_000 }, async () => {
  await waitPlayed(s.page);
  await s.page.waitForSelector('[data-testid=chart-reward]', { timeout: 30_000 });
  await s.page.click('.link-panels summary');
  assert.deepEqual(await seriousViolations(s.page), []);
});

test('axe: no serious or critical violations in compare mode with a run-file error shown', { timeout: 90_000 }, async () => {
  const id = await runId(s.page);
  await s.page.click('[data-testid=compare-toggle]');
  await waitNewRun(s.page, id);
  await waitPlayed(s.page);
  await s.page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['{'], 'broken.json', { type: 'application/json' }));
    document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await s.page.waitForSelector('[data-testid=run-file-error]');
  assert.deepEqual(await seriousViolations(s.page), []);
  await s.page.screenshot({ path: screenshotPath('a11y-compare'), fullPage: true });
  const before = await runId(s.page);
  await s.page.click('[data-testid=compare-toggle]');
  await waitNewRun(s.page, before);
  await waitPlayed(s.page);
});

test('axe: no serious or critical violations on the embedded figure', { timeout: 90_000 }, async () => {
  const embed = await openApp(browser, { path: '?embed', width: 720, height: 900 });
  await waitPlayed(embed.page);
  await embed.page.waitForSelector('[data-testid=chart-reward]', { timeout: 30_000 });
  assert.deepEqual(await seriousViolations(embed.page), []);
  assert.deepEqual(embed.errors, []);
  await embed.context.close();
});

test('every stop of the first screen, the canvas and the charts included, draws the same dark focus ring', { timeout: 90_000 }, async () => {
  await waitPlayed(s.page);
  await s.page.waitForSelector('[data-testid=chart-reward]', { timeout: 30_000 });
  await s.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await s.page.mouse.click(5, 5);
  const rings: string[] = [];
  for (let i = 0; i < 22; i++) {
    await s.page.keyboard.press('Tab');
    rings.push(
      await s.page.evaluate(() => {
        const el = document.activeElement!;
        const cs = getComputedStyle(el);
        const name = el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.tagName.toLowerCase();
        return `${name}: ${cs.outlineStyle} ${parseFloat(cs.outlineWidth)}px ${cs.outlineColor}`;
      }),
    );
  }
  // The canvas and the chart figures are among the stops.
  assert.ok(rings.some((r) => r.startsWith('Particles of ')), rings.join('\n')); // the canvas, named by its aria-label
  assert.ok(rings.some((r) => r.startsWith('chart-')), rings.join('\n'));
  // #005a8c: 3:1 or more against the page and the canvas's light background (WCAG non-text contrast).
  for (const r of rings) assert.match(r, /: solid 3px rgb\(0, 90, 140\)$/, r);
});

test('keyboard only: run, pause, play and step, each control with a visible focus ring', { timeout: 90_000 }, async () => {
  await s.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await s.page.mouse.click(5, 5); // a neutral start point for Tab: the page itself
  // Run: Tab to "Run again" and press Enter.
  await tabTo(s.page, 'run-button');
  assert.deepEqual(await focusRing(s.page), { style: 'solid', width: 3 });
  const id = await runId(s.page);
  await s.page.keyboard.press('Enter');
  await waitNewRun(s.page, id);
  await waitPlayed(s.page);
  await s.page.screenshot({ path: screenshotPath('keyboard-focus'), clip: (await s.page.locator('.transport').boundingBox())! });

  // The scrubber: Home goes to the first step.
  await tabTo(s.page, 'scrubber');
  assert.equal((await focusRing(s.page)).style, 'solid');
  await s.page.keyboard.press('Home');
  await s.page.waitForFunction(() => document.querySelector('[data-testid=step-label]')?.textContent === 'step 1 of 100');

  // Step forward: Shift+Tab back to it, Space.
  for (let i = 0; i < 5 && (await s.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) !== 'step-forward'; i++) await s.page.keyboard.press('Shift+Tab');
  assert.equal(await s.page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'step-forward');
  assert.equal((await focusRing(s.page)).style, 'solid');
  await s.page.keyboard.press('Space');
  await s.page.waitForFunction(() => document.querySelector('[data-testid=step-label]')?.textContent === 'step 2 of 100');
  await s.page.keyboard.press('Enter');
  await s.page.waitForFunction(() => document.querySelector('[data-testid=step-label]')?.textContent === 'step 3 of 100');

  // Play, then pause: the cursor stops where it was.
  await s.page.keyboard.press('Shift+Tab');
  assert.equal(await s.page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'play-pause');
  await s.page.keyboard.press('Space');
  await s.page.waitForFunction(() => document.querySelector('[data-testid=play-pause]')?.getAttribute('aria-label') === 'Pause');
  await s.page.waitForTimeout(300);
  await s.page.keyboard.press('Space');
  assert.equal(await s.page.getAttribute('[data-testid=play-pause]', 'aria-label'), 'Play');
  const paused = await s.page.textContent('[data-testid=step-label]');
  assert.match(paused ?? '', /^step \d+ of 100$/, 'paused mid-run');
  assert.notEqual(paused, 'step 3 of 100', 'it played before the pause');
  await s.page.waitForTimeout(400);
  assert.equal(await s.page.textContent('[data-testid=step-label]'), paused, 'and stays paused');

  // Play to the end from the keyboard.
  await s.page.keyboard.press('Enter');
  await waitPlayed(s.page);
  assert.equal(await s.page.textContent('[data-testid=step-label]'), 'final samples');
});

test('every visible control has an accessible name', { timeout: 60_000 }, async () => {
  const unnamed = await s.page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('button, input, select, textarea, summary, [tabindex]')]
      .filter((el) => !(el as HTMLButtonElement).disabled && el.offsetParent !== null && el.tabIndex >= 0)
      .filter((el) => {
        const labelled = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || (el as HTMLInputElement).labels?.length || el.textContent?.trim() || el.title;
        return !labelled;
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
  assert.deepEqual(unnamed, []);
});

test('no console errors, and no request left the page\'s origin', () => {
  assert.deepEqual(s.errors, []);
  assert.deepEqual(s.foreign, []);
});
