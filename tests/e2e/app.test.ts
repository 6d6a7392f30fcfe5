/**
 * The page as a user meets it: the default run on load, each sampler run to the end with one chart point per
 * step (screenshots kept in test-results/), the backend badge, switching sampler mid-run, a bad formula, and
 * — over the whole session — no console errors and no request leaving the page's origin.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  chartPoints,
  launch,
  lineVertices,
  openApp,
  runId,
  screenshotPath,
  sleep,
  stopOwnServer,
  summaryCell,
  waitComputed,
  waitNewRun,
  waitPlayed,
} from './harness';
import type { Session } from './harness';

let browser: Browser;
let s: Session;
let baselineTensors: string | null = null;

before(async () => {
  browser = await launch();
  s = await openApp(browser);
});

after(async () => {
  await browser?.close();
  await stopOwnServer();
});

async function liveTensors(): Promise<string | null> {
  return s.page.getAttribute('.app', 'data-live-tensors');
}

/** The probe runs once the first run is over; wait for it so that later timings and backends are settled. */
async function waitProbeDone(): Promise<string> {
  await s.page.waitForFunction(() => !document.querySelector('.backend__probing') && document.querySelector('[data-testid=backend-badge]')?.getAttribute('data-backend'), null, {
    timeout: 60_000,
  });
  return (await s.page.getAttribute('[data-testid=backend-badge]', 'data-backend')) ?? '';
}

test('the default scenario runs on load: particles move and every chart fills, one point per step', { timeout: 90_000 }, async () => {
  await s.page.waitForFunction(() => performance.getEntriesByName('tiltlab:particles-moving').length > 0, null, { timeout: 30_000 });
  await waitPlayed(s.page);
  assert.equal(await s.page.textContent('[data-testid=step-label]'), 'final samples');
  assert.equal(await chartPoints(s.page, 'reward'), 100);
  assert.equal(await lineVertices(s.page, 'reward'), 100, 'the mean-reward line has one vertex per step');
  assert.equal(await chartPoints(s.page, 'logweight'), 100);
  assert.equal(await chartPoints(s.page, 'ess'), 100);
  assert.match(await summaryCell(s.page, 'a', 'method'), /exact-gmm/);
  assert.match(await s.page.textContent('[data-testid=chart-reward] .chart__summary') ?? '', /exact E_q r = 1\.8/);
  await waitProbeDone();
  await s.page.waitForFunction(() => document.querySelector('.app')?.getAttribute('data-live-tensors') !== '', null, { timeout: 10_000 });
  baselineTensors = await liveTensors();
});

test('the backend badge shows the backend that runs, and the menu changes it', { timeout: 120_000 }, async () => {
  const probed = await waitProbeDone();
  assert.ok(['webgpu', 'webgl', 'wasm', 'cpu'].includes(probed), `probed backend "${probed}"`);
  const label: Record<string, string> = { webgpu: 'WebGPU', webgl: 'WebGL', wasm: 'WASM', cpu: 'CPU' };
  let id = await runId(s.page);
  await s.page.click('[data-testid=run-button]');
  id = await waitNewRun(s.page, id);
  await waitComputed(s.page);
  assert.equal(await s.page.textContent('[data-testid=backend-name]'), label[probed]);
  assert.match(await summaryCell(s.page, 'a', 'ms-per-step'), new RegExp(`\\(${label[probed]}\\)`));

  // Switch to CPU from the menu: the engine stops, switches and the page re-runs the same scenario.
  await s.page.click('[data-testid=backend-badge]');
  await s.page.click('[data-testid=backend-option-cpu]');
  await s.page.waitForFunction(() => document.querySelector('[data-testid=backend-badge]')?.getAttribute('data-backend') === 'cpu', null, { timeout: 30_000 });
  id = await waitNewRun(s.page, id);
  await waitComputed(s.page);
  assert.equal(await s.page.textContent('[data-testid=backend-name]'), 'CPU');
  assert.match(await summaryCell(s.page, 'a', 'ms-per-step'), /\(CPU\)/);
  assert.equal(await s.page.evaluate(() => localStorage.getItem('tiltlab.backend')), 'cpu', 'the choice is cached');

  // Back to the probe's choice.
  await s.page.click('[data-testid=backend-badge]');
  await s.page.click('[data-testid=backend-option-auto]');
  await s.page.waitForFunction((b) => document.querySelector('[data-testid=backend-badge]')?.getAttribute('data-backend') === b && !document.querySelector('.backend__probing'), probed, {
    timeout: 60_000,
  });
  await waitNewRun(s.page, id);
  await waitPlayed(s.page);
  assert.match(await summaryCell(s.page, 'a', 'ms-per-step'), new RegExp(`\\(${label[probed]}\\)`));

  // The menu lists the probe's timings (and why a backend was skipped); Escape closes it.
  await s.page.click('[data-testid=backend-badge]');
  const menu = (await s.page.textContent('.backend__menu')) ?? '';
  assert.match(menu, /ms \/ probe/);
  assert.match(menu, /WebGPU/);
  await s.page.screenshot({ path: screenshotPath('backend-menu') });
  await s.page.keyboard.press('Escape');
  assert.equal(await s.page.locator('.backend__menu').count(), 0);
});

const SAMPLERS = ['base', 'kl-tilt', 'w-prox', 'smc'] as const;

for (const kind of SAMPLERS) {
  test(`${kind}: runs to the end, one chart point per step, numbers in the summary`, { timeout: 90_000 }, async () => {
    const before = await runId(s.page);
    const button = `[data-testid=sampler-a-${kind}]`;
    if ((await s.page.getAttribute(button, 'aria-checked')) === 'true') await s.page.click('[data-testid=run-button]');
    else await s.page.click(button);
    await waitNewRun(s.page, before);
    await waitPlayed(s.page);
    assert.equal(await s.page.getAttribute('[data-testid=canvas-a]', 'data-status'), 'done');
    assert.equal(await chartPoints(s.page, 'reward'), 100);
    assert.equal(await lineVertices(s.page, 'reward'), 100);
    const meanReward = Number(await summaryCell(s.page, 'a', 'mean-reward'));
    assert.ok(Number.isFinite(meanReward), `mean reward "${meanReward}"`);
    const msPerStep = await summaryCell(s.page, 'a', 'ms-per-step');
    assert.match(msPerStep, /^\d+(\.\d+)? \((WebGPU|WebGL|WASM|CPU)\)$/);

    if (kind === 'w-prox' || kind === 'base') {
      const na = await s.page.textContent('[data-testid=logweight-na]');
      assert.match(na ?? '', /n\/a/);
      assert.match(na ?? '', kind === 'w-prox' ? /deterministic|no importance weights/ : /no target tilt|no importance weights/);
    } else {
      assert.equal(await chartPoints(s.page, 'logweight'), 100);
    }
    if (kind === 'w-prox') assert.ok(Number.isFinite(Number(await summaryCell(s.page, 'a', 'transport-cost'))), 'transport cost shown');
    if (kind === 'smc') {
      assert.equal(await chartPoints(s.page, 'ess'), 100);
      assert.ok(Number.isFinite(Number(await summaryCell(s.page, 'a', 'log-z-hat'))), 'log Ẑ shown');
      const resamplings = Number(await summaryCell(s.page, 'a', 'resamplings'));
      const marks = await s.page.locator('[data-testid=chart-ess] .plot__marks path').count();
      assert.equal(marks, resamplings, 'one resampling mark per resampling');
    }
    if (kind !== 'base') {
      assert.ok(Number.isFinite(Number(await summaryCell(s.page, 'a', 'exact-mean-reward'))), 'exact E_q r shown for the analytic GMM with a linear reward');
      assert.ok(Number.isFinite(Number(await summaryCell(s.page, 'a', 'energy-distance'))), 'distance to the exact target shown');
    }
    await s.page.screenshot({ path: screenshotPath(`sampler-${kind}`), fullPage: true });
  });
}

test('after a run: scrub to any step, step one forward, draw trails', { timeout: 30_000 }, async () => {
  await s.page.locator('[data-testid=scrubber]').fill('49');
  await s.page.waitForFunction(() => document.querySelector('[data-testid=canvas-a]')?.getAttribute('data-step') === '50');
  assert.equal(await s.page.textContent('[data-testid=step-label]'), 'step 50 of 100');
  await s.page.click('[data-testid=step-forward]');
  await s.page.waitForFunction(() => document.querySelector('[data-testid=canvas-a]')?.getAttribute('data-step') === '51');
  assert.equal(await chartPoints(s.page, 'reward'), 51, 'the charts follow the step shown');
  await s.page.click('[data-testid=trails-toggle]');
  assert.equal(await s.page.isChecked('[data-testid=trails-toggle]'), true);
  await s.page.screenshot({ path: screenshotPath('scrub-trails'), fullPage: false });
  await s.page.click('[data-testid=trails-toggle]');
  await s.page.click('[data-testid=play-pause]');
  await waitPlayed(s.page);
  assert.equal(await chartPoints(s.page, 'reward'), 100);
});

test('switching sampler mid-run cancels the old run cleanly: no stale frames, no leaked tensors', { timeout: 120_000 }, async () => {
  let id = await runId(s.page);
  await s.page.selectOption('[data-testid=steps-select]', '1000');
  // An edit keeps the finished run on screen while the new one computes (the page reads as pending meanwhile).
  await s.page.waitForFunction(() => document.querySelector('.app')?.getAttribute('data-run-pending') === 'true', null, { timeout: 10_000 });
  await sleep(500);
  assert.equal(await runId(s.page), id, 'switched while the 1000-step run was still going (the finished run still shown)');
  assert.equal(await s.page.getAttribute('[data-testid=canvas-a]', 'data-status'), 'done', 'the finished run stays on screen meanwhile');
  // Several quick switches: only the last one may finish.
  for (const kind of ['base', 'w-prox', 'kl-tilt', 'smc']) {
    await s.page.click(`[data-testid=sampler-a-${kind}]`);
    await sleep(200); // longer than the re-run debounce: each click starts a run that the next one replaces
  }
  id = await waitNewRun(s.page, id);
  await waitPlayed(s.page, 120_000);
  assert.equal(await s.page.textContent('[data-testid=canvas-a] .stage__tag'), 'SMC');
  assert.match(await summaryCell(s.page, 'a', 'method'), /smc/i);
  assert.equal(await chartPoints(s.page, 'reward'), 1000, 'the charts hold exactly the new run, nothing of the old one');
  assert.equal(await chartPoints(s.page, 'ess'), 1000);
  await s.page.waitForFunction((b) => document.querySelector('.app')?.getAttribute('data-live-tensors') === b, baselineTensors, { timeout: 10_000 }).catch(() => {});
  assert.equal(await liveTensors(), baselineTensors, 'the engine holds as many tensors as before the runs');
  await s.page.selectOption('[data-testid=steps-select]', '100');
  await waitNewRun(s.page, id);
  await waitPlayed(s.page);
});

test('a bad formula shows where it fails and the last good run stays', { timeout: 90_000 }, async () => {
  let id = await runId(s.page);
  await s.page.selectOption('[data-testid=reward-select]', 'formula');
  id = await waitNewRun(s.page, id);
  await waitPlayed(s.page);
  const goodReward = await summaryCell(s.page, 'a', 'mean-reward');
  const goodHash = await s.page.evaluate(() => location.hash);
  const points = await chartPoints(s.page, 'reward');

  await s.page.fill('[data-testid=formula-input]', '-(x-1)^2 + sin(3*y');
  await s.page.waitForSelector('[data-testid=formula-error]', { timeout: 10_000 });
  assert.match((await s.page.textContent('[data-testid=formula-error]')) ?? '', /Column \d+/);
  await sleep(800);
  assert.equal(await runId(s.page), id, 'no run started');
  assert.equal(await summaryCell(s.page, 'a', 'mean-reward'), goodReward, 'the last good run stays');
  assert.equal(await chartPoints(s.page, 'reward'), points);
  assert.equal(await s.page.evaluate(() => location.hash), goodHash, 'the link keeps the last good scenario');

  await s.page.fill('[data-testid=formula-input]', '-(x-1)^2 + sin(2*y)');
  await s.page.waitForSelector('[data-testid=formula-error]', { state: 'detached', timeout: 10_000 });
  await waitNewRun(s.page, id);
  await waitPlayed(s.page);
  assert.match(await s.page.evaluate(() => decodeURIComponent(location.hash)), /sin\(2\*y\)/);
});

test('the link restores the scenario, and a bad link is reported by field', { timeout: 60_000 }, async () => {
  const hash = await s.page.evaluate(() => location.hash);
  const restored = await openApp(browser, { path: hash });
  await waitComputed(restored.page);
  assert.equal(await restored.page.inputValue('[data-testid=formula-input]'), '-(x-1)^2 + sin(2*y)');
  // The same scenario and seed on the same backend reproduce the run: put the restored page on the original's
  // backend (its opening run may have used another before the probe), run it again, compare the summary.
  const backend = (await s.page.getAttribute('[data-testid=backend-badge]', 'data-backend')) ?? '';
  await restored.page.waitForFunction(() => !document.querySelector('.backend__probing'), null, { timeout: 60_000 });
  await restored.page.click('[data-testid=backend-badge]');
  await restored.page.click(`[data-testid=backend-option-${backend}]`);
  await restored.page.waitForFunction((b) => document.querySelector('[data-testid=backend-badge]')?.getAttribute('data-backend') === b, backend, { timeout: 30_000 });
  await waitComputed(restored.page);
  const before = await runId(restored.page);
  await restored.page.click('[data-testid=run-button]');
  await waitNewRun(restored.page, before);
  await waitComputed(restored.page);
  for (const cell of ['mean-reward', 'energy-distance', 'log-z-hat', 'transport-cost']) {
    const original = await s.page.textContent(`[data-testid=summary-a-${cell}]`);
    assert.equal(await restored.page.textContent(`[data-testid=summary-a-${cell}]`), original, `summary ${cell}`);
  }
  assert.deepEqual(restored.errors, []);
  await restored.context.close();

  const bad = await openApp(browser, { path: `#scenario=${encodeURIComponent(JSON.stringify({ model: { kind: 'gmm', weights: [1], means: [[0, 0]], covs: [[[1, 0], [0, 1]]] }, reward: { kind: 'linear', theta: [1, 0] }, sampler: { kind: 'smc', lambda: -1 }, particles: 256 }))}` });
  await bad.page.waitForSelector('text=The link\'s scenario was not valid', { timeout: 20_000 });
  assert.match((await bad.page.textContent('.notices')) ?? '', /sampler\.lambda/);
  await waitComputed(bad.page);
  assert.equal(await bad.page.getAttribute('[data-testid=canvas-a]', 'data-status'), 'done', 'the repaired scenario ran');
  // Only the bad field fell back to its default: the link's sampler and model are kept.
  const kept = await bad.page.evaluate(() => decodeURIComponent(location.hash));
  assert.match(kept, /"kind":"smc"/);
  assert.match(kept, /"lambda":0\.7/);
  assert.match(kept, /"weights":\[1\]/);
  await bad.context.close();
});

test('no console errors, and no request left the page\'s origin', () => {
  assert.deepEqual(s.errors, []);
  assert.deepEqual(s.foreign, []);
  assert.ok(s.requests.some((u) => u.endsWith('.js')), 'requests were recorded');
});
