/**
 * Step-through mode: after a KL-tilt run and an SMC run, the keyboard alone enters step-through and walks the
 * phases of a step (KL-tilt: denoise → tilt → weight; SMC with the base proposal: denoise → weight →
 * resample); the step's numbers are the charts' numbers for that step, the resample phase says what the
 * step's ESS and essThreshold decided, and each phase shows a KaTeX formula. No console errors, nothing
 * outside the origin, and axe finds nothing serious. Screenshot: test-results/step-through.png.
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

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);
const text = async (page: Page, id: string) => ((await page.textContent(`[data-testid=${id}]`)) ?? '').trim();

/** Enters step-through from the keyboard (focus the toggle, Space), turning it off first if it is on. */
async function enterStepThrough(page: Page): Promise<void> {
  await page.focus('[data-testid=step-through-toggle]');
  if (await page.isChecked('[data-testid=step-through-toggle]')) await page.keyboard.press('Space');
  await page.keyboard.press('Space');
  await page.waitForSelector('[data-testid=step-through-body][data-step="1"]');
  await page.keyboard.press('Tab'); // Previous phase is disabled at the very start: Tab lands on Next phase
  assert.equal(await focusedId(page), 'phase-next');
}

/** The step shown and its phase, as the panel reports them. */
async function where(page: Page): Promise<{ step: number; phase: string }> {
  const body = page.locator('[data-testid=step-through-body]');
  return { step: Number(await body.getAttribute('data-step')), phase: (await body.getAttribute('data-phase')) ?? '' };
}

/** The step's numbers against the charts', which show rows up to the cursor (the same step). */
async function checkAgainstCharts(page: Page, step: number): Promise<void> {
  await page.waitForFunction((n) => document.querySelector('[data-testid=chart-ess] .chart__summary')?.textContent?.includes(`at step ${n};`), step, { timeout: 10_000 });
  await page.waitForFunction((n) => document.querySelector('[data-testid=chart-logweight] .chart__summary')?.textContent?.includes(`at step ${n}.`), step, { timeout: 10_000 });
  const essSummary = (await page.textContent('[data-testid=chart-ess] .chart__summary')) ?? '';
  const varSummary = (await page.textContent('[data-testid=chart-logweight] .chart__summary')) ?? '';
  assert.ok(essSummary.includes(`ESS ${await text(page, 'step-through-ess')}·N at step ${step};`), `${essSummary} vs ${await text(page, 'step-through-ess')}`);
  assert.ok(varSummary.includes(`incremental ${await text(page, 'step-through-var')},`), `${varSummary} vs ${await text(page, 'step-through-var')}`);
  assert.equal(await text(page, 'step-label'), `step ${step} of 100`, 'the canvas shows this step');
}

test('KL-tilt: Tab and Enter walk denoise → tilt → weight, then the next step; numbers match the charts', { timeout: 120_000 }, async () => {
  await enterStepThrough(s.page);
  const seen: string[] = [];
  for (let i = 0; i < 3; i++) {
    const w = await where(s.page);
    assert.equal(w.step, 1);
    seen.push(w.phase);
    await s.page.waitForSelector('[data-testid=step-through] [data-testid=tex-formula] math', { timeout: 15_000 });
    assert.ok((await s.page.locator('[data-testid=step-through] math').count()) >= 1, 'KaTeX MathML for screen readers');
    await s.page.keyboard.press('Enter');
  }
  assert.deepEqual(seen, ['denoise', 'tilt', 'weight']);
  assert.deepEqual(await where(s.page), { step: 2, phase: 'denoise' });
  assert.equal(await text(s.page, 'step-through-phase'), 'Denoise');
  await checkAgainstCharts(s.page, 2);
  // The tilt phase names λ; Shift+Tab to Previous phase and back.
  await s.page.keyboard.press('Shift+Tab');
  assert.equal(await focusedId(s.page), 'phase-previous');
  await s.page.keyboard.press('Enter');
  assert.deepEqual(await where(s.page), { step: 1, phase: 'weight' });
  assert.match(await text(s.page, 'step-through-explanation'), /V_k = /);
  await s.page.keyboard.press('Enter');
  assert.match(await text(s.page, 'step-through-explanation'), /temperature λ = [\d.]+/);
  await checkAgainstCharts(s.page, 1);
});

test('SMC: denoise → weight → resample, the resample phase explains ESS against essThreshold·N', { timeout: 120_000 }, async () => {
  const id = await runId(s.page);
  await s.page.click('[data-testid=sampler-a-smc]');
  await waitNewRun(s.page, id);
  await waitPlayed(s.page);
  await enterStepThrough(s.page);
  const phases: string[] = [];
  for (let i = 0; i < 3; i++) {
    phases.push((await where(s.page)).phase);
    await s.page.keyboard.press('Enter');
  }
  assert.deepEqual(phases, ['denoise', 'weight', 'resample']);
  // Walk on with the keyboard to the step 5 resample phase, checking the numbers at each step's resample phase.
  for (let step = 2; step <= 5; step++) {
    // From the previous step's resample (or, for step 2, its denoise) to this step's resample.
    for (let i = 0; i < (step === 2 ? 2 : 3); i++) await s.page.keyboard.press('Enter');
    assert.deepEqual(await where(s.page), { step, phase: 'resample' });
    await checkAgainstCharts(s.page, step);
    const resampled = await text(s.page, 'step-through-resampled');
    const explanation = await text(s.page, 'step-through-explanation');
    if (resampled === 'yes') assert.match(explanation, /^Resampled \(systematic resampling\): ESS = [\d.]+ < essThreshold·N = /);
    else assert.match(explanation, /^Not resampled: ESS = [\d.]+ ≥ essThreshold·N = [\d.]+ \(essThreshold = 0\.5\)/);
  }
  assert.match(await text(s.page, 'step-through-title'), /^SMC, step 5 of 100: Resample$/);
  await s.page.waitForSelector('[data-testid=step-through] [data-testid=tex-formula] math', { timeout: 15_000 });
  assert.ok(((await s.page.textContent('[data-testid=step-through] .tex-formula annotation')) ?? '').includes('essThreshold'), 'the formula names essThreshold');
  await s.page.locator('.centre').screenshot({ path: screenshotPath('step-through') });
  assert.deepEqual(await seriousViolations(s.page), []);
});

test('no console errors, and no request left the page\'s origin', () => {
  assert.deepEqual(s.errors, []);
  assert.deepEqual(s.foreign, []);
});
