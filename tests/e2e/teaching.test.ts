/**
 * Teaching: the three guided presets each load their scenario (and story) and run; the "About this sampler"
 * panel shows a KaTeX-typeset formula, the method that ran and the closed form next to the sampler's numbers;
 * the `?embed` options `controls`, `autoplay` and `loop` act, and a bad value is reported by name and ignored.
 * No console errors, no request outside the origin, and axe finds nothing serious on the teaching panels.
 * Screenshots: test-results/teaching-about.png, teaching-smc-small-lambda.png, embed-no-controls.png.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launch, openApp, runId, screenshotPath, stopOwnServer, summaryCell, waitNewRun, waitPlayed } from './harness';
import type { Session } from './harness';

const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let browser: Browser;
let s: Session;

before(async () => {
  browser = await launch();
  s = await openApp(browser);
  await waitPlayed(s.page);
});

after(async () => {
  await browser?.close();
  await stopOwnServer();
});

async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SOURCE });
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  })) as Array<{ id: string; impact: string | null; nodes: Array<{ target: string[] }> }>;
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`);
}

async function loadPreset(page: Page, id: string): Promise<void> {
  const before = await runId(page);
  await page.click(`[data-testid=guided-${id}]`);
  await waitNewRun(page, before);
  await waitPlayed(page);
}

function linkScenario(page: Page): { scenario: Record<string, unknown>; compare: Record<string, unknown> | null } {
  const params = new URLSearchParams(new URL(page.url()).hash.slice(1));
  const compare = params.get('compare');
  return { scenario: JSON.parse(params.get('scenario')!), compare: compare ? JSON.parse(compare) : null };
}

const num = (t: string) => Number(t);

test('"KL reweights modes, W moves mass" compares KL-tilt with W-prox, with the closed form beside each', { timeout: 120_000 }, async () => {
  await loadPreset(s.page, 'kl-vs-w');
  assert.match((await s.page.textContent('[data-testid=guided-story]')) ?? '', /W-prox moves each sample/);
  const link = linkScenario(s.page);
  assert.equal((link.scenario.sampler as { kind: string }).kind, 'kl-tilt');
  assert.equal(link.compare?.kind, 'w-prox');
  // The about panel: one KaTeX formula per lane, the method that ran, and the closed-form table.
  await s.page.waitForSelector('[data-testid=about-b] [data-testid=tex-formula] math', { timeout: 15_000 });
  assert.equal(await s.page.locator('[data-testid=about-sampler] [data-testid=tex-formula]').count(), 2);
  // KL-tilt's formula has two parts (the target and its score), typeset as two formulas that wrap on a phone.
  assert.equal(await s.page.locator('[data-testid=about-a] [data-testid=tex-formula] .katex').count(), 2);
  assert.ok((await s.page.locator('[data-testid=about-a] math').count()) >= 1, 'KaTeX emits MathML (read by screen readers, laid out by the browser)');
  const method = (await s.page.textContent('[data-testid=about-a-method]')) ?? '';
  assert.match(method, /method \S+ ran, which is exact/, method);
  assert.ok(method.includes(await summaryCell(s.page, 'a', 'method').then((m) => m.split(' ')[0])), 'the method is the summary\'s');
  // Closed form next to the sampler: the same numbers as the summary table, and KL-tilt (exact for a linear
  // reward) matches E_q r closely.
  const exactA = num(await s.page.textContent('[data-testid=about-a-mean-reward-exact]') ?? '');
  const sampledA = num(await s.page.textContent('[data-testid=about-a-mean-reward-sampler]') ?? '');
  assert.equal(exactA.toFixed(3), await summaryCell(s.page, 'a', 'exact-mean-reward'));
  assert.equal(sampledA.toFixed(3), await summaryCell(s.page, 'a', 'mean-reward'));
  assert.ok(Math.abs(exactA - sampledA) < 0.1, `KL-tilt mean reward ${sampledA} vs exact ${exactA}`);
  assert.match((await s.page.textContent('[data-testid=about-b-table]')) ?? '', /Transport cost/);
  await s.page.locator('[data-testid=about-sampler]').screenshot({ path: screenshotPath('teaching-about') });
  assert.deepEqual(await seriousViolations(s.page), []);
});

test('"SMC weights degenerate as λ shrinks" runs SMC at a small λ with collapsing ESS', { timeout: 120_000 }, async () => {
  await loadPreset(s.page, 'smc-small-lambda');
  const { scenario, compare } = linkScenario(s.page);
  const sampler = scenario.sampler as { kind: string; lambda: number };
  assert.equal(sampler.kind, 'smc');
  assert.ok(sampler.lambda <= 0.1, `λ = ${sampler.lambda}`);
  assert.equal(compare, null, 'a single run');
  assert.ok(num(await summaryCell(s.page, 'a', 'resamplings')) > 10, 'a small λ forces frequent resampling');
  assert.match((await s.page.textContent('[data-testid=about-a]')) ?? '', /ESS collapse/);
  assert.ok((await s.page.locator('[data-testid=about-a-log-z-exact]').count()) === 1, 'log Z beside log Ẑ');
  await s.page.screenshot({ path: screenshotPath('teaching-smc-small-lambda'), fullPage: true });
});

test('"guidance is biased on mixtures, SMC corrects it": SMC lands closer to the exact mean reward', { timeout: 120_000 }, async () => {
  await loadPreset(s.page, 'guidance-vs-smc');
  const { scenario, compare } = linkScenario(s.page);
  assert.deepEqual(scenario.sampler, { kind: 'kl-tilt', lambda: 0.5, method: 'guidance' });
  assert.equal(compare?.kind, 'smc');
  assert.equal(compare?.proposal, 'guided');
  const exact = num(await s.page.textContent('[data-testid=about-a-mean-reward-exact]') ?? '');
  const guided = num(await s.page.textContent('[data-testid=about-a-mean-reward-sampler]') ?? '');
  const smc = num(await s.page.textContent('[data-testid=about-b-mean-reward-sampler]') ?? '');
  assert.match((await s.page.textContent('[data-testid=about-a-method]')) ?? '', /approximation/);
  assert.ok(Math.abs(smc - exact) < Math.abs(guided - exact), `|SMC − exact| = ${Math.abs(smc - exact)} vs |guidance − exact| = ${Math.abs(guided - exact)}`);
  assert.deepEqual(s.errors, []);
  assert.deepEqual(s.foreign, []);
});

test('?embed&controls=0 hides the play bar; autoplay=0 waits on the first step; loop=1 plays again', { timeout: 120_000 }, async () => {
  const bare = await openApp(browser, { path: '?embed&controls=0', width: 720, height: 700 });
  await bare.page.waitForSelector('[data-testid=canvas-a][data-status=done]', { timeout: 60_000 });
  assert.equal(await bare.page.locator('.transport').count(), 0);
  assert.equal(await bare.page.locator('[data-testid=embed-problems]').count(), 0);
  await bare.page.screenshot({ path: screenshotPath('embed-no-controls') });
  assert.deepEqual(bare.errors, []);
  await bare.context.close();

  const still = await openApp(browser, { path: '?embed&autoplay=0', width: 720, height: 700 });
  await still.page.waitForSelector('[data-testid=canvas-a][data-status=done]', { timeout: 60_000 });
  await still.page.waitForTimeout(500);
  assert.equal(await still.page.getAttribute('[data-testid=play-pause]', 'aria-label'), 'Play');
  assert.equal(await still.page.textContent('[data-testid=step-label]'), 'step 1 of 100');
  await still.context.close();

  const looping = await openApp(browser, { path: '?embed&loop=1', width: 720, height: 700 });
  await waitPlayed(looping.page);
  // After the final samples the playback starts again by itself.
  await looping.page.waitForFunction(() => document.querySelector('[data-testid=play-pause]')?.getAttribute('aria-label') === 'Pause', null, { timeout: 10_000 });
  assert.deepEqual(looping.errors, []);
  await looping.context.close();
});

test('?embed&autoplay=bogus reports the bad option by name and ignores it', { timeout: 90_000 }, async () => {
  const bad = await openApp(browser, { path: '?embed&autoplay=bogus&loop=2', width: 720, height: 700 });
  const problem = (await bad.page.textContent('[data-testid=embed-problems]', { timeout: 30_000 })) ?? '';
  assert.match(problem, /autoplay: "bogus"/);
  assert.match(problem, /loop: "2"/);
  await waitPlayed(bad.page); // the default (autoplay on) still applies
  assert.equal(await bad.page.textContent('[data-testid=step-label]'), 'final samples');
  assert.equal(await bad.page.locator('.transport').count(), 1);
  assert.deepEqual(await seriousViolations(bad.page), []);
  assert.deepEqual(bad.errors, []);
  assert.deepEqual(bad.foreign, []);
  await bad.context.close();
});
