/**
 * Every sampler on every model and reward preset the page offers (the analytic GMMs and the learned models
 * listed in public/models/index.json), through the controls, at a small N and K. Compare mode runs two
 * samplers at once, so each (model, reward) cell takes two runs: {base, KL-tilt} and {W-prox, SMC}. The
 * cells are visited in a snake order so that entering a cell (one control changed) is itself one of its
 * two runs. Each run must finish without an error and with a finite mean reward.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launch, openApp, runId, stopOwnServer, waitComputed, waitNewRun } from './harness';
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

const PAIRS = [
  ['base', 'kl-tilt'],
  ['w-prox', 'smc'],
] as const;

/** Does something that starts a run, and waits until every lane has finished it. */
async function andRun(action: () => Promise<unknown>): Promise<void> {
  const id = await runId(s.page);
  await action();
  await waitNewRun(s.page, id);
  await waitComputed(s.page);
}

async function selectPair(pair: (typeof PAIRS)[number]): Promise<void> {
  // Both clicks land within the re-run debounce: one run for the pair.
  await s.page.click(`[data-testid=sampler-a-${pair[0]}]`);
  await s.page.click(`[data-testid=sampler-b-${pair[1]}]`);
}

test('every sampler runs on every model and reward preset', { timeout: 170_000 }, async () => {
  await andRun(() => s.page.selectOption('[data-testid=particles-select]', '256'));
  await andRun(() => s.page.selectOption('[data-testid=steps-select]', '10'));
  await andRun(() => s.page.click('[data-testid=compare-toggle]'));
  let pair = 0;
  await andRun(() => selectPair(PAIRS[pair]));

  const models = await s.page.$$eval('[data-testid=model-select] option', (options) => options.map((o) => (o as HTMLOptionElement).value));
  const rewardKinds = await s.page.$$eval('[data-testid=reward-select] option', (options) => options.map((o) => (o as HTMLOptionElement).value));
  assert.ok(models.length >= 4 && rewardKinds.length === 4, `models ${models.join(', ')}; rewards ${rewardKinds.join(', ')}`);

  const failures: string[] = [];
  const seen = new Set<string>();
  const check = async (model: string, reward: string) => {
    const lanes = await s.page.evaluate(() =>
      (['a', 'b'] as const).map((lane) => ({
        status: document.querySelector(`[data-testid=canvas-${lane}]`)?.getAttribute('data-status'),
        mean: Number(document.querySelector(`[data-testid=summary-${lane}-mean-reward]`)?.textContent),
        note: document.querySelector(`[data-testid=run-note-${lane}]`)?.textContent ?? '',
      })),
    );
    lanes.forEach(({ status, mean, note }, i) => {
      const sampler = PAIRS[pair][i];
      seen.add(`${model} × ${reward} × ${sampler}`);
      if (status !== 'done' || !Number.isFinite(mean)) failures.push(`${model} × ${reward} × ${sampler}: ${status}, mean reward ${mean} ${note}`);
    });
  };

  for (const [m, model] of models.entries()) {
    if ((await s.page.inputValue('[data-testid=model-select]')) !== model) await andRun(() => s.page.selectOption('[data-testid=model-select]', model));
    const rewards = m % 2 === 0 ? rewardKinds : [...rewardKinds].reverse();
    for (const reward of rewards) {
      if ((await s.page.inputValue('[data-testid=reward-select]')) !== reward) await andRun(() => s.page.selectOption('[data-testid=reward-select]', reward));
      await check(model, reward);
      pair = 1 - pair;
      await andRun(() => selectPair(PAIRS[pair]));
      await check(model, reward);
    }
  }
  assert.deepEqual(failures, [], `${failures.length} of ${seen.size} runs failed`);
  assert.equal(seen.size, models.length * rewardKinds.length * 4, 'every (model, reward, sampler) ran');
  assert.deepEqual(s.errors, []);
  assert.deepEqual(s.foreign, []);
});
