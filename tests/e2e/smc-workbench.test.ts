/**
 * The SMC workbench (algorithms.md §5.5–5.6) as a user meets it: choosing adaptive tempering in the sampler panel
 * runs it and puts β, the conditional ESS, the surviving lineages and the lineage plot under the summary, each with
 * its sentence; another sampler takes the workbench away.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launch, openApp, runId, screenshotPath, stopOwnServer, waitComputed, waitNewRun } from './harness';
import type { Session } from './harness';

let browser: Browser;
let s: Session;

before(async () => {
  browser = await launch();
  s = await openApp(browser);
  await waitComputed(s.page);
});

after(async () => {
  await browser?.close();
  await stopOwnServer();
});

const linkSampler = () => s.page.evaluate(() => JSON.parse(new URLSearchParams(location.hash.slice(1)).get('scenario') ?? '{}').sampler);

test('adaptive tempering from the panel: the link, the β chart, the lineages and their sentences', async () => {
  assert.equal(await s.page.$('[data-testid=smc-workbench]'), null, 'no workbench without SMC');
  let id = await runId(s.page);
  await s.page.click('[data-testid=sampler-a-smc]');
  id = await waitNewRun(s.page, id);
  await waitComputed(s.page);
  await s.page.selectOption('[data-testid=tempering-a]', 'adaptive');
  await waitNewRun(s.page, id);
  await waitComputed(s.page);
  assert.deepEqual((await linkSampler()).tempering, { kind: 'adaptive', targetEss: 0.5 });
  await s.page.waitForSelector('[data-testid=lineage-plot-a] canvas', { timeout: 60_000 });
  const beta = await s.page.textContent('[data-testid=chart-beta-summary]');
  assert.match(beta ?? '', /SMC, adaptive β: β starts at [0-9.e-]+ and reaches 1 at step 100 of 100/);
  const lineages = await s.page.textContent('[data-testid=chart-lineages-summary]');
  assert.match(lineages ?? '', /final particles descend from \d+ particles of the start/);
  // The lineage plot drew something: some pixels of its canvas are not transparent.
  const inked = await s.page.$eval('[data-testid=lineage-plot-a] canvas', (c) => {
    const canvas = c as HTMLCanvasElement;
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
    let count = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) count++;
    return count;
  });
  assert.ok(inked > 500, `the lineage plot has ink (${inked} pixels)`);
  const label = await s.page.getAttribute('[data-testid=lineage-plot-a] canvas', 'aria-label');
  assert.match(label ?? '', /ancestry of \d+ of the \d+ final particles/);
  await (await s.page.$('[data-testid=smc-workbench]'))!.screenshot({ path: screenshotPath('smc-workbench') });
});

test('another sampler takes the workbench away', async () => {
  const id = await runId(s.page);
  await s.page.click('[data-testid=sampler-a-kl-tilt]');
  await waitNewRun(s.page, id);
  await waitComputed(s.page);
  await s.page.waitForSelector('[data-testid=smc-workbench]', { state: 'detached', timeout: 10_000 });
});
