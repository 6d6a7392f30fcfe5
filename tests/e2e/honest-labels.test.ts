/**
 * The summary's labels in the page: "targets the law exactly" apart from "this run is reliable". The default
 * scenario (KL-tilt on the DDPM chain) reads discretised and is not flagged; SMC at λ = 1e-6 (final ESS ≈ 1) shows
 * the degenerate warning with its N_eff; base on the closed-form kernel reads exact; KL-tilt's ESS chart is labelled
 * as its diagnostic weights'. Screenshot: test-results/honest-labels-degenerate.png.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launch, openApp, screenshotPath, stopOwnServer, summaryCell, waitComputed } from './harness';

let browser: Browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await stopOwnServer();
});

function link(scenario: object): string {
  return `#scenario=${encodeURIComponent(JSON.stringify(scenario))}`;
}

const FIXTURE = {
  kind: 'gmm',
  weights: [0.3, 0.5, 0.2],
  means: [[-2, 0], [2, 0], [0, 2.5]],
  covs: [[[0.4, 0], [0, 0.4]], [[0.4, 0], [0, 0.4]], [[0.4, 0], [0, 0.4]]],
};

async function verdict(page: import('playwright-core').Page, row: string): Promise<string | null> {
  return page.getAttribute(`[data-testid=summary-a-${row}] [data-verdict]`, 'data-verdict');
}

test('the default run: discretised (K = 100), not flagged, KL-tilt’s ESS labelled as a diagnostic', { timeout: 120_000 }, async () => {
  const s = await openApp(browser);
  await waitComputed(s.page);
  assert.equal(await verdict(s.page, 'method'), 'discretised');
  assert.match(await summaryCell(s.page, 'a', 'method'), /exact-gmm discretised \(K = 100\)/);
  assert.equal(await verdict(s.page, 'reliability'), 'unweighted');
  assert.equal(await s.page.locator('[data-testid=degenerate-a]').count(), 0, 'no degenerate warning');
  await s.page.waitForFunction(() => (document.querySelector('[data-testid=chart-ess]')?.textContent ?? '').includes('diagnostic'), null, { timeout: 20_000 });
  assert.match((await s.page.textContent('[data-testid=chart-ess]')) ?? '', /KL-tilt.*\(diagnostic weights\)/s);
  assert.deepEqual(s.errors, []);
  await s.context.close();
});

test('SMC at λ = 1e-6 ends with ESS ≈ 1: the warning says what the estimate rests on', { timeout: 120_000 }, async () => {
  const s = await openApp(browser, { path: link({ model: FIXTURE, reward: { kind: 'linear', theta: [1, -0.5] }, sampler: { kind: 'smc', lambda: 1e-6 }, particles: 1024, steps: 100, seed: 1 }) });
  await waitComputed(s.page);
  assert.equal(await verdict(s.page, 'reliability'), 'degenerate');
  const warning = (await s.page.textContent('[data-testid=degenerate-a]')) ?? '';
  assert.match(warning, /Degenerate weights\. The estimate rests on N_eff ≈ 1(\.\d)? particles? of N = 1024/);
  assert.match(await summaryCell(s.page, 'a', 'reliability'), /^degenerate: rests on 1(\.\d)? particles?$/);
  // The method still targets q: the two verdicts are separate.
  assert.equal(await verdict(s.page, 'method'), 'discretised');
  await s.page.locator('[data-testid=summary]').screenshot({ path: screenshotPath('honest-labels-degenerate') });
  assert.deepEqual(s.errors, []);
  await s.context.close();
});

test('SMC at λ = 0.7 is not flagged; base on the closed-form kernel reads exact', { timeout: 120_000 }, async () => {
  const smc = await openApp(browser, { path: link({ model: FIXTURE, reward: { kind: 'linear', theta: [1, -0.5] }, sampler: { kind: 'smc', lambda: 0.7 }, particles: 1024, steps: 100, seed: 1 }) });
  await waitComputed(smc.page);
  assert.equal(await verdict(smc.page, 'reliability'), 'reliable');
  assert.equal(await smc.page.locator('[data-testid=degenerate-a]').count(), 0);
  await smc.context.close();
  const base = await openApp(browser, { path: link({ model: { ...FIXTURE, kernel: 'exact' }, reward: { kind: 'linear', theta: [1, -0.5] }, sampler: { kind: 'base' }, particles: 1024, steps: 100, seed: 1 }) });
  await waitComputed(base.page);
  assert.equal(await verdict(base.page, 'method'), 'exact');
  assert.match(await summaryCell(base.page, 'a', 'method'), /base\/exact-kernel exact target/);
  assert.deepEqual(base.errors, []);
  await base.context.close();
});
