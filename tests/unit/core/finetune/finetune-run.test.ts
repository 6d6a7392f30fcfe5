/**
 * The fine-tuning loop (run.ts): on the one-parameter mean-shift policy with a tiny batch, each figure a run reports
 * is recomputed here from a batch drawn with the run's documented streams (Rng(seed, 'finetune') forked into
 * 'eval/…' and 'update-u/…'): mean reward, Var_i log w(τ_i) with log w = r/λ + Σ_k (log π_ref,k − log π_θ,k), the
 * path KL mean_i Σ_k KL_k (§6.3–6.4) and the V-statistic energy distance to the target's draws, all by hand. Also the
 * β warm-up, the summary, the stop signal and the evaluation size.
 */
import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { parseFineTuneSettings } from '../../../../src/core/finetune/config';
import type { FineTuneSettingsInput } from '../../../../src/core/finetune/config';
import { MeanShiftPolicy } from '../../../../src/core/finetune/meanShiftPolicy';
import { fineTune, runFineTune } from '../../../../src/core/finetune/run';
import type { BatchFigures, UpdateReport } from '../../../../src/core/finetune/run';
import { exactFineTuneTarget } from '../../../../src/core/finetune/target';
import { disposeTrajectories, sampleTrajectories } from '../../../../src/core/finetune/trajectories';
import { GmmDenoiser } from '../../../../src/core/models/gmm';
import { Rng } from '../../../../src/core/rng';
import type { Reward } from '../../../../src/core/types';
import { linearReward, SINGLE_GAUSSIAN } from '../../fixtures';

const U = [1, -0.5] as [number, number];
const reward = linearReward([1, -0.5]);
const LAMBDA = 0.7;
const SEED = 3;
const base = new GmmDenoiser(SINGLE_GAUSSIAN, 'single');

function settingsOf(input: Partial<FineTuneSettingsInput> = {}) {
  return parseFineTuneSettings({
    method: 'ddpo-sf',
    lambda: LAMBDA,
    updates: 3,
    batch: 4,
    steps: 2,
    seed: SEED,
    ...input,
  });
}

/** 2·mean‖a_i − b_j‖ − mean‖a_i − a_i'‖ − mean‖b_j − b_j'‖ over all pairs (diagonal included). */
function energyByHand(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const pairMean = (p: ArrayLike<number>, q: ArrayLike<number>) => {
    let s = 0;
    for (let i = 0; i < p.length / 2; i++)
      for (let j = 0; j < q.length / 2; j++) s += Math.hypot(p[2 * i] - q[2 * j], p[2 * i + 1] - q[2 * j + 1]);
    return s / ((p.length / 2) * (q.length / 2));
  };
  return 2 * pairMean(a, b) - pairMean(a, a) - pairMean(b, b);
}

/** The figures of a batch drawn from `policy` with the run's streams `name/init`, `name/noise`. */
async function figuresByHand(
  policy: MeanShiftPolicy,
  name: string,
  n: number,
  draws: Float32Array,
): Promise<BatchFigures> {
  const reference = new MeanShiftPolicy(base, U, 0);
  const root = new Rng(SEED, 'finetune');
  const batch = await sampleTrajectories(policy, reference, reward, {
    n,
    steps: 2,
    init: root.fork(`${name}/init`),
    noise: root.fork(`${name}/noise`),
  });
  const logW: number[] = [];
  let kl = 0;
  for (let i = 0; i < n; i++) {
    let l = batch.reward[i] / LAMBDA;
    for (const step of batch.steps) {
      l += step.logProbRef[i] - step.logProbOld[i];
      kl += step.kl[i] / n;
    }
    logW.push(l);
  }
  let meanReward = 0;
  for (let i = 0; i < n; i++) meanReward += batch.reward[i] / n;
  const meanLogW = logW.reduce((a, b) => a + b, 0) / n;
  const logWeightVar = logW.reduce((a, l) => a + (l - meanLogW) ** 2, 0) / n;
  const distance = energyByHand((await batch.terminal.data()) as Float32Array, draws);
  disposeTrajectories(batch);
  reference.dispose();
  return { meanReward, logWeightVar, klToReference: kl, energyDistance: distance };
}

function expectFigures(got: BatchFigures | null, want: BatchFigures) {
  expect(got).not.toBeNull();
  expect(got!.meanReward).toBeCloseTo(want.meanReward, 5);
  expect(got!.logWeightVar).toBeCloseTo(want.logWeightVar, 5);
  expect(got!.klToReference).toBeCloseTo(want.klToReference, 6);
  expect(got!.energyDistance).toBeCloseTo(want.energyDistance!, 5);
}

describe('fineTune: what each update and the summary report', () => {
  it('figures of the evaluations and the first update, recomputed by hand; β warms up linearly; the summary', async () => {
    const before = tf.memory().numTensors;
    const target = exactFineTuneTarget(SINGLE_GAUSSIAN, reward, LAMBDA, 16, SEED)!;
    const policy = new MeanShiftPolicy(base, U, 0);
    const reports: UpdateReport[] = [];
    const t0 = performance.now();
    const summary = await runFineTune(
      { policy, reward, settings: settingsOf({ betaWarmup: 2 }), target, evalParticles: 8 },
      { onUpdate: (r) => void reports.push(r) },
    );
    const wall = performance.now() - t0;
    // β = (1/λ)·min(1, u/2): half at the first update, full from the second.
    expect(reports.map((r) => r.update)).toEqual([1, 2, 3]);
    expect(reports.map((r) => r.beta)).toEqual(
      [0.5 / LAMBDA, 1 / LAMBDA, 1 / LAMBDA].map((b) => expect.closeTo(b, 12)),
    );
    for (const r of reports) {
      expect(Number.isFinite(r.loss)).toBe(true);
      expect(r.ms).toBeGreaterThanOrEqual(0);
      expect(r.ms).toBeLessThanOrEqual(wall);
    }
    expect(summary).toMatchObject({
      method: 'ddpo-sf',
      label: 'DDPO-SF (REINFORCE)',
      updates: 3,
      stopped: false,
      backend: 'cpu',
    });
    expect(summary.exactMeanReward).toBe(target.meanReward);
    expect(summary.baseMeanReward).toBe(target.baseMeanReward);
    expect(summary.ms).toBeGreaterThanOrEqual(0);
    expect(summary.ms).toBeLessThanOrEqual(wall);

    // Before the first update the policy is its own reference: KL 0, log w = r/λ (whatever the warm-up).
    const start = new MeanShiftPolicy(base, U, 0);
    const initial = await figuresByHand(start, 'eval', 8, target.draws);
    expect(initial.klToReference).toBe(0);
    expectFigures(summary.initial, initial);
    expectFigures(reports[0], await figuresByHand(start, 'update-1', 4, target.draws));
    start.dispose();
    // The final evaluation samples the trained policy; its figures use the full β = 1/λ.
    const shift = (await policy.shift.data())[0];
    expect(shift).not.toBe(0);
    const final = await figuresByHand(policy, 'eval', 8, target.draws);
    expect(final.klToReference).toBeGreaterThan(0);
    expectFigures(summary.final, final);
    policy.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('without a target the distance is null and the summary has no exact rewards; evalParticles 0 skips the evaluations', async () => {
    const before = tf.memory().numTensors;
    const policy = new MeanShiftPolicy(base, U, 0);
    const reports: UpdateReport[] = [];
    const summary = await runFineTune(
      { policy, reward, settings: settingsOf({ updates: 2 }), evalParticles: 0 },
      {
        onUpdate: (r) => void reports.push(r),
      },
    );
    expect(reports.map((r) => r.energyDistance)).toEqual([null, null]);
    expect(reports.map((r) => r.beta)).toEqual([1 / LAMBDA, 1 / LAMBDA]);
    expect(summary.initial).toBeNull();
    expect(summary.final).toBeNull();
    expect('exactMeanReward' in summary).toBe(false);
    expect('baseMeanReward' in summary).toBe(false);
    policy.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('evaluates 1024 trajectories by default, and runs without a callback', async () => {
    const before = tf.memory().numTensors;
    const policy = new MeanShiftPolicy(base, U, 0);
    const target = exactFineTuneTarget(SINGLE_GAUSSIAN, reward, LAMBDA, 16, SEED)!;
    const summary = await runFineTune({ policy, reward, settings: settingsOf({ updates: 1 }), target });
    const start = new MeanShiftPolicy(base, U, 0);
    expectFigures(summary.initial, await figuresByHand(start, 'eval', 1024, target.draws));
    start.dispose();
    policy.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a raised signal stops the run between updates; it still evaluates, says it stopped, and releases everything', async () => {
    const before = tf.memory().numTensors;
    const policy = new MeanShiftPolicy(base, U, 0);
    const signal = { aborted: false };
    // VMPO-Diff owns state (its baseline M_φ), which the run must release.
    const run = fineTune({
      policy,
      reward,
      settings: settingsOf({ method: 'vmpo-diff', updates: 5 }),
      evalParticles: 4,
      signal,
    });
    const first = await run.next();
    expect(first.done).toBe(false);
    expect((first.value as UpdateReport).update).toBe(1);
    signal.aborted = true;
    const last = await run.next();
    expect(last.done).toBe(true);
    expect(last.value).toMatchObject({ updates: 1, stopped: true });
    expect((last.value as { final: BatchFigures | null }).final).not.toBeNull();
    policy.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a method that fails to start passes its error on and the run releases the reference and the optimiser', async () => {
    const before = tf.memory().numTensors;
    const policy = new MeanShiftPolicy(base, U, 0);
    // RWR scores its pool of reference draws when it starts; this reward refuses.
    const refusing: Reward = {
      ...reward,
      value: () => {
        throw new Error('reward refused');
      },
    };
    await expect(
      runFineTune({ policy, reward: refusing, settings: settingsOf({ method: 'rwr', rwrPool: 16 }), evalParticles: 0 }),
    ).rejects.toThrow('reward refused');
    policy.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('GRPO batches are drawn in groups sharing x_{t_K}, of the set group size', async () => {
    const before = tf.memory().numTensors;
    const policy = new MeanShiftPolicy(base, U, 0);
    const settings = settingsOf({ method: 'grpo', updates: 1, batch: 4, groupSize: 2 });
    const run = fineTune({ policy, reward, settings, evalParticles: 0 });
    const r = (await run.next()).value as UpdateReport;
    // Recompute update 1's batch with groups of 2: same mean reward.
    const root = new Rng(SEED, 'finetune');
    const ref = new MeanShiftPolicy(base, U, 0);
    const batch = await sampleTrajectories(ref, ref, reward, {
      n: 4,
      steps: 2,
      groupSize: 2,
      init: root.fork('update-1/init'),
      noise: root.fork('update-1/noise'),
    });
    expect(r.meanReward).toBeCloseTo((batch.reward[0] + batch.reward[1] + batch.reward[2] + batch.reward[3]) / 4, 5);
    disposeTrajectories(batch);
    ref.dispose();
    await run.return(undefined as never);
    policy.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
