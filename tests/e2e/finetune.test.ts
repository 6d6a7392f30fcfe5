/**
 * The fine-tune panel: a short fine-tune of the analytic GMM in the worker, one chart point per update on every
 * chart, pause and resume, then the fine-tuned model drawn by the base sampler at its own K with the exact target kept,
 * then with SMC; RWR on the learned moons model blows up and ends with a warning, not "Finished". No console errors.
 * Screenshot: test-results/finetune.png.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { chartPoints, launch, lineVertices, openApp, runId, screenshotPath, sleep, stopOwnServer, summaryCell, waitComputed, waitNewRun, waitPlayed } from './harness';
import type { Session } from './harness';

let browser: Browser;
let s: Session;

const UPDATES = 25;
const CHARTS = ['reward', 'logweight', 'kl', 'distance'] as const;

before(async () => {
  browser = await launch();
  s = await openApp(browser);
  await waitComputed(s.page);
});

after(async () => {
  await browser?.close();
  await stopOwnServer();
});

async function points(page: Page, chart: (typeof CHARTS)[number]): Promise<number> {
  return Number(await page.getAttribute(`[data-testid=finetune-chart-${chart}]`, 'data-points'));
}

async function panelStatus(page: Page): Promise<string | null> {
  return page.getAttribute('[data-testid=finetune-panel]', 'data-status');
}

async function waitPanel(page: Page, status: string, timeout = 120_000): Promise<void> {
  await page.waitForFunction((st) => document.querySelector('[data-testid=finetune-panel]')?.getAttribute('data-status') === st, status, { timeout });
}

test('a fine-tune streams one chart point per update, pauses and resumes', { timeout: 240_000 }, async () => {
  const { page } = s;
  // The sidebar's panels load once the first particles move; wait for this one.
  await page.waitForSelector('[data-testid=finetune-method]', { timeout: 30_000 });
  // Every control is labelled.
  for (const id of ['method', 'lambda', 'lr', 'batch', 'updates', 'steps']) {
    const labelled = await page.evaluate((tid) => {
      const el = document.querySelector(`[data-testid=finetune-${tid}]`) as HTMLInputElement | HTMLSelectElement | null;
      return !!el && (el.labels?.length ?? 0) > 0 && (el.labels?.[0].textContent ?? '').trim().length > 0;
    }, id);
    assert.ok(labelled, `finetune-${id} has a label`);
  }
  assert.match((await page.textContent('[data-testid=finetune-panel]')) ?? '', /toy budget/i);
  assert.match((await page.textContent('[data-testid=finetune-panel]')) ?? '', /q ∝ p·e/);
  await page.selectOption('[data-testid=finetune-updates]', String(UPDATES));
  await page.selectOption('[data-testid=finetune-method]', 'vmpo-r2g');
  // Keyboard reachable: focus Start and press Enter.
  await page.focus('[data-testid=finetune-start]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=finetune-chart-reward]')?.getAttribute('data-points')) >= 2, null, { timeout: 120_000 });

  await page.click('[data-testid=finetune-pause]');
  await waitPanel(page, 'paused', 10_000);
  // The update in flight when Pause was pressed still lands; after that nothing moves.
  await sleep(1500);
  const held = await points(page, 'reward');
  await sleep(2000);
  assert.equal(await points(page, 'reward'), held, 'no update while paused');
  assert.equal(await panelStatus(page), 'paused');
  assert.ok(held < UPDATES, `paused before the end (${held} of ${UPDATES})`);
  assert.match((await page.textContent('[data-testid=finetune-status]')) ?? '', new RegExp(`Paused after update ${held} of ${UPDATES}`));

  await page.click('[data-testid=finetune-resume]');
  await waitPanel(page, 'done', 180_000);
  for (const chart of CHARTS) {
    assert.equal(await points(page, chart), UPDATES, `${chart}: one point per update`);
    const d = await page.getAttribute(`[data-testid=finetune-chart-${chart}] path.plot__line`, 'd');
    assert.equal((d?.match(/[ML]/g) ?? []).length, UPDATES, `${chart}: one vertex per update`);
  }
  const summary = (await page.textContent('[data-testid=finetune-summary]')) ?? '';
  assert.match(summary, new RegExp(`Over ${UPDATES} updates`));
  assert.match(summary, /exact target E_q r = 1\.8/);
  assert.match(summary, /energy distance to q/);
  assert.match((await page.textContent('[data-testid=finetune-status]')) ?? '', new RegExp(`Finished after ${UPDATES} updates`));
});

test('the fine-tuned model is drawn by the base sampler at its own K, with the exact target kept; then SMC samples it', { timeout: 120_000 }, async () => {
  const { page } = s;
  // The page ran KL-tilt at K = 100; the fine-tuned model is meant to be the tilted law itself.
  assert.equal(await page.getAttribute('[data-testid=sampler-a-kl-tilt]', 'aria-checked'), 'true');
  assert.match((await page.textContent('[data-testid=finetune-sample-note]')) ?? '', /base sampler at K = 10 steps.*page's K changes to 10.*exact q stays on screen/s);
  const before = await runId(page);
  await page.click('[data-testid=finetune-sample]');
  await waitNewRun(page, before);
  assert.match(await page.inputValue('[data-testid=model-select]'), /^mlp:fine-tuned-\d+$/);
  await waitPlayed(page);
  assert.equal(await page.getAttribute('[data-testid=canvas-a]', 'data-status'), 'done');
  assert.equal(await page.getAttribute('[data-testid=sampler-a-base]', 'aria-checked'), 'true', 'the base sampler draws it');
  assert.equal(await page.inputValue('[data-testid=steps-select]'), '10', 'at the K it was trained on');
  assert.equal(await chartPoints(page, 'reward'), 10);
  // The exact target line stays: E_q r of the target the fine-tune trained towards, as its own summary states it.
  const target = /exact target E_q r = (-?[0-9.]+)/.exec((await page.textContent('[data-testid=finetune-summary]')) ?? '')?.[1];
  assert.ok(target, 'the fine-tune states its exact target');
  assert.equal(await summaryCell(page, 'a', 'exact-mean-reward'), target);
  assert.ok(Number.isFinite(Number(await summaryCell(page, 'a', 'energy-distance'))), 'distance to q shown');
  assert.match((await page.textContent('[data-testid=chart-reward]')) ?? '', /exact E_q r/);
  assert.match((await page.textContent('[data-testid=run-note-a]')) ?? '', /the law the model was fine-tuned to/);
  assert.match(await summaryCell(page, 'a', 'method'), /base\/ddpm discretised \(K = 10\)/);
  const id = await runId(page);
  await page.click('[data-testid=sampler-a-smc]');
  await waitNewRun(page, id);
  await waitPlayed(page);
  assert.equal(await page.getAttribute('[data-testid=canvas-a]', 'data-status'), 'done', 'SMC on the fine-tuned model');
  // The fine-tuned chain has K = 10 steps: one ESS point per step.
  assert.equal(await chartPoints(page, 'ess'), 10);
  assert.equal(await lineVertices(page, 'ess'), 10);
  await page.locator('[data-testid=finetune-panel]').scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('finetune'), fullPage: true });
  assert.deepEqual(s.errors, [], 'no console errors');
  assert.deepEqual(s.foreign, [], 'no request left the page');
});

test('fine-tuning again replaces the model and leaks no tensors', { timeout: 180_000 }, async () => {
  const { page } = s;
  const tensors = async () => Number(await page.getAttribute('.app', 'data-live-tensors'));
  // After the SMC run on the fine-tuned model: the engine holds the fine-tuned model and nothing of the runs.
  const held = await tensors();
  const first = await page.inputValue('[data-testid=model-select]');
  // The page shows the fine-tuned model: a new job starts again from its source, the analytic GMM.
  assert.match((await page.textContent('[data-testid=finetune-source]')) ?? '', /exact model \+ a residual net/);
  await page.selectOption('[data-testid=finetune-updates]', '10');
  const before = await runId(page);
  await page.click('[data-testid=finetune-start]');
  await page.waitForFunction(() => document.querySelector('[data-testid=finetune-panel]')?.getAttribute('data-status') !== 'done', null, { timeout: 10_000 });
  await waitPanel(page, 'done', 120_000);
  for (const chart of CHARTS) assert.equal(await points(page, chart), 10, `${chart}: one point per update`);
  console.log(`second fine-tune: ${await page.textContent('[data-testid=finetune-status]')}`);
  // The page was sampling the old fine-tuned model, so it moves on to the new one.
  await waitNewRun(page, before);
  await waitComputed(page);
  const second = await page.inputValue('[data-testid=model-select]');
  assert.notEqual(second, first);
  // Both are saved in this browser (storage/savedWork.ts), so both stay offered.
  assert.equal(await page.locator('[data-testid=model-select] option[value^="mlp:fine-tuned-"]').count(), 2, 'both saved fine-tuned models are offered');
  await page.waitForFunction(() => document.querySelector('.app')?.getAttribute('data-run-pending') === 'false');
  assert.equal(await tensors(), held, 'the engine holds as many tensors as after the first fine-tune');
  assert.deepEqual(s.errors, [], 'no console errors');
});

test('RWR on moons blows up and ends with a warning that says so, not "Finished"', { timeout: 180_000 }, async () => {
  const { page } = s;
  const before = await runId(page);
  await page.selectOption('[data-testid=model-select]', 'mlp:moons');
  await waitNewRun(page, before);
  await waitComputed(page);
  await page.selectOption('[data-testid=finetune-method]', 'rwr');
  await page.selectOption('[data-testid=finetune-updates]', '50');
  await page.click('[data-testid=finetune-start]');
  await page.waitForFunction(() => document.querySelector('[data-testid=finetune-panel]')?.getAttribute('data-status') !== 'done', null, { timeout: 10_000 });
  await waitPanel(page, 'done', 120_000);
  const status = (await page.textContent('[data-testid=finetune-status]')) ?? '';
  assert.match(status, /The fine-tune diverged: Var log w rose from .* above log 512 = 6\.24/);
  assert.match(status, /KL to the reference/);
  assert.doesNotMatch(status, /Finished/);
  assert.match(status, /Ran after 50 updates/);
  await page.locator('[data-testid=finetune-panel]').screenshot({ path: screenshotPath('finetune-diverged') });
  assert.deepEqual(s.errors, [], 'no console errors');
});
