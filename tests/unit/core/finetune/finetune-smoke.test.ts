/**
 * §7 check 30, for every method: starting from the exact fixture GMM (a ResidualPolicy whose residual starts at 0),
 * with the linear fixture reward and λ = 0.7, 100 updates of batch 64 on a K = 10 chain raise the mean reward by more
 * than 0.3·(E_q r − E_p r) (closed forms, §2.3) and lower the energy distance to exact draws of q. Also: the tensor
 * count after a run equals the count before, and a run stops between updates when its signal says so.
 */
import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../../src/cli/backend';
import { METHOD_KINDS, parseFineTuneSettings } from '../../../../src/core/finetune/config';
import { ResidualPolicy } from '../../../../src/core/finetune/residualPolicy';
import { fineTune, runFineTune } from '../../../../src/core/finetune/run';
import type { UpdateReport } from '../../../../src/core/finetune/run';
import { exactFineTuneTarget } from '../../../../src/core/finetune/target';
import { GmmDenoiser } from '../../../../src/core/models/gmm';
import { FIXTURE_GMM, FIXTURE_LINEAR, fixtureLinearReward } from '../../fixtures';

beforeAll(async () => {
  await useNodeBackend('wasm');
});
afterAll(async () => {
  await useNodeBackend('cpu');
});

const reward = fixtureLinearReward();
const target = exactFineTuneTarget(FIXTURE_GMM, reward, FIXTURE_LINEAR.lambda, 1024, 1)!;

function freshPolicy() {
  return ResidualPolicy.create(new GmmDenoiser(FIXTURE_GMM), 1);
}

describe('§7 check 30: each method raises the mean reward within 100 updates', () => {
  const gap = target.meanReward - target.baseMeanReward;

  it('the closed-form gap is the §2.3 one', () => {
    expect(target.baseMeanReward).toBeCloseTo(-0.3, 10);
    expect(gap).toBeGreaterThan(2);
  });

  it.each(METHOD_KINDS.map((m) => [m]))('%s', async (method) => {
    const before = tf.memory().numTensors;
    const policy = freshPolicy();
    const settings = parseFineTuneSettings({ method, lambda: FIXTURE_LINEAR.lambda, updates: 100, batch: 64, steps: 10, seed: 1 });
    const summary = await runFineTune({ policy, reward, settings, target, evalParticles: 512 });
    policy.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const initial = summary.initial!;
    const final = summary.final!;
    expect(summary.updates).toBe(100);
    expect(final.meanReward - initial.meanReward).toBeGreaterThan(0.3 * gap);
    expect(final.energyDistance!).toBeLessThan(initial.energyDistance!);
  });
});

describe('the fine-tuning loop', () => {
  it('stops between updates when the signal is raised, reports each update, and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const policy = freshPolicy();
    const signal = { aborted: false };
    const seen: UpdateReport[] = [];
    const settings = parseFineTuneSettings({ method: 'vmpo-diff', lambda: 0.7, updates: 50, batch: 16, steps: 4 });
    const summary = await runFineTune(
      { policy, reward, settings, target, evalParticles: 32, signal },
      {
        onUpdate: async (r) => {
          seen.push(r);
          // A paused driver simply holds the loop here.
          await new Promise((resolve) => setTimeout(resolve, 1));
          if (r.update === 3) signal.aborted = true;
        },
      },
    );
    expect(seen.map((r) => r.update)).toEqual([1, 2, 3]);
    expect(summary.stopped).toBe(true);
    expect(summary.updates).toBe(3);
    expect(summary.final).not.toBeNull();
    for (const r of seen) {
      for (const v of [r.meanReward, r.logWeightVar, r.klToReference, r.energyDistance!, r.loss]) expect(Number.isFinite(v)).toBe(true);
    }
    // The first update's batch comes from the pretrained model itself: no KL to the reference yet.
    expect(seen[0].klToReference).toBe(0);
    policy.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a generator returned early releases everything, and the same seed gives the same numbers', async () => {
    const before = tf.memory().numTensors;
    const first: number[] = [];
    for (let rep = 0; rep < 2; rep++) {
      const policy = freshPolicy();
      const settings = parseFineTuneSettings({ method: 'grpo', lambda: 0.7, updates: 10, batch: 16, steps: 4, seed: 3 });
      const run = fineTune({ policy, reward, settings, target, evalParticles: 0 });
      const a = await run.next();
      const b = await run.next();
      await run.return(undefined as never);
      const values = [a, b].map((r) => (r.done ? NaN : r.value.meanReward + r.value.loss));
      if (rep === 0) first.push(...values);
      else expect(values).toEqual(first);
      policy.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
