/**
 * A reload after fine-tuning: the panel shows the finished job again (status, per-update charts, the model it made
 * and where it started from), not "Not started" beside a model it no longer explains; a job a reload interrupted is
 * reported once, in the notices.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launch, openApp, stopOwnServer, waitComputed } from './harness';

let browser: Browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await stopOwnServer();
});

async function waitPanel(page: Page, status: string, timeout = 120_000): Promise<void> {
  await page.waitForFunction((st) => document.querySelector('[data-testid=finetune-panel]')?.getAttribute('data-status') === st, status, { timeout });
}

const panelText = async (page: Page, id: string) => ((await page.textContent(`[data-testid=${id}]`)) ?? '').trim();

test('after a reload the panel shows the finished fine-tune again; a reload mid-job says the job was lost', { timeout: 240_000 }, async () => {
  const s = await openApp(browser);
  const { page } = s;
  await waitComputed(page);
  await page.waitForSelector('[data-testid=finetune-method]', { timeout: 30_000 });
  await page.selectOption('[data-testid=finetune-batch]', '16');
  await page.selectOption('[data-testid=finetune-updates]', '10');
  await page.selectOption('[data-testid=finetune-steps]', '5');
  await page.click('[data-testid=finetune-start]');
  await waitPanel(page, 'done');
  const status = await panelText(page, 'finetune-status');
  assert.match(status, /^Finished after 10 updates/);
  const source = await panelText(page, 'finetune-source');
  await page.waitForSelector('[data-testid=finetune-chart-reward][data-points="10"]', { timeout: 30_000 });
  await page.click('[data-testid=finetune-sample]');
  await waitComputed(page);

  await page.reload();
  await waitComputed(page);
  await waitPanel(page, 'done', 30_000);
  assert.equal(await panelText(page, 'finetune-status'), status, 'the same job, as it ended');
  // It started from the model it fine-tuned, not from the fine-tuned model now on show.
  assert.equal(await panelText(page, 'finetune-source'), source);
  await page.waitForSelector('[data-testid=finetune-chart-reward][data-points="10"]', { timeout: 30_000 });
  assert.equal(await panelText(page, 'finetune-sample'), 'Sampling the fine-tuned model');

  // A longer job, interrupted by a reload.
  await page.selectOption('[data-testid=finetune-updates]', '200');
  await page.click('[data-testid=finetune-start]');
  await waitPanel(page, 'running', 60_000);
  await page.reload();
  await waitComputed(page);
  await page.waitForFunction(() => (document.querySelector('.notices')?.textContent ?? '').includes('it was lost'), null, { timeout: 30_000 });
  assert.match((await page.textContent('.notices')) ?? '', /A fine-tune was still running when this page was last closed or reloaded; it was lost/);
  assert.equal(await page.getAttribute('[data-testid=finetune-panel]', 'data-status'), 'idle');
  assert.deepEqual(s.errors, [], 'no console errors');
  await s.context.close();
});
