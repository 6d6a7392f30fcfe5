/**
 * Every sampler on every model and reward preset the page offers (the analytic GMMs and any learned model
 * shipped in public/models), through the controls, at a small N and K so that the whole grid runs in well
 * under a minute. Each run must finish without an error and with a finite mean reward.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launch, openApp, runId, stopOwnServer, summaryCell, waitComputed, waitNewRun } from './harness';
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

/** Changes a control and waits for the run it starts to finish. */
async function change(action: () => Promise<unknown>): Promise<void> {
  const id = await runId(s.page);
  await action();
  await waitNewRun(s.page, id);
  await waitComputed(s.page);
}

test('every sampler runs on every model and reward preset', { timeout: 170_000 }, async () => {
  await change(() => s.page.selectOption('[data-testid=particles-select]', '256'));
  await change(() => s.page.selectOption('[data-testid=steps-select]', '20'));
  const models = await s.page.$$eval('[data-testid=model-select] option', (options) => options.map((o) => (o as HTMLOptionElement).value));
  const rewards = await s.page.$$eval('[data-testid=reward-select] option', (options) => options.map((o) => (o as HTMLOptionElement).value));
  assert.ok(models.length >= 4 && rewards.length === 4);
  const failures: string[] = [];
  let runs = 0;
  for (const model of models) {
    if ((await s.page.inputValue('[data-testid=model-select]')) !== model) await change(() => s.page.selectOption('[data-testid=model-select]', model));
    for (const reward of rewards) {
      if ((await s.page.inputValue('[data-testid=reward-select]')) !== reward) await change(() => s.page.selectOption('[data-testid=reward-select]', reward));
      for (const sampler of ['base', 'kl-tilt', 'w-prox', 'smc']) {
        const button = `[data-testid=sampler-a-${sampler}]`;
        if ((await s.page.getAttribute(button, 'aria-checked')) !== 'true') await change(() => s.page.click(button));
        runs++;
        const status = await s.page.getAttribute('[data-testid=canvas-a]', 'data-status');
        const mean = Number(await summaryCell(s.page, 'a', 'mean-reward'));
        if (status !== 'done' || !Number.isFinite(mean)) {
          const noteLocator = s.page.locator('[data-testid=run-note-a]');
          const note = (await noteLocator.count()) > 0 ? await noteLocator.textContent() : '';
          failures.push(`${model} × ${reward} × ${sampler}: ${status}, mean reward ${mean} ${note}`);
        }
      }
    }
  }
  assert.deepEqual(failures, [], `${failures.length} of ${runs} runs failed`);
  assert.equal(runs, models.length * rewards.length * 4);
  assert.deepEqual(s.errors, []);
  assert.deepEqual(s.foreign, []);
});
