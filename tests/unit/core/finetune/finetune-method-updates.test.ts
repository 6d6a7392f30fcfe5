/**
 * One update of each trajectory method (§6.1–6.5) takes the documented optimiser steps on its documented loss. On the
 * one-parameter mean-shift policy with plain SGD (Δs = −lr·∂L/∂s) the expected shift after an update is computed here
 * step by step from the loss functions (whose gradients finetune-gradients.test.ts checks against hand formulas):
 * `innerSteps` steps, each at the moved parameter, with the documented defaults (GRPO β_KL = 0.04, VMPO-Diff β_KL = 1,
 * VMPO-R2G no KL, the clip range and globalStd as set), the gradient-norm clip as set, and the loss of the first
 * step returned. Also the per-method defaults that the settings documentation states.
 */
import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { batchAdvantages, groupAdvantages } from '../../../../src/core/finetune/advantages';
import { parseFineTuneSettings } from '../../../../src/core/finetune/config';
import type { FineTuneSettingsInput } from '../../../../src/core/finetune/config';
import { ddpoIs, ppoClipLoss } from '../../../../src/core/finetune/ddpoIs';
import { ddpoSf, ddpoSfLoss } from '../../../../src/core/finetune/ddpoSf';
import { grpo, grpoLoss } from '../../../../src/core/finetune/grpo';
import { logVariancePolicyLoss } from '../../../../src/core/finetune/logVarianceStep';
import { rewardToGoOffsets, tweediePotentialOffsets } from '../../../../src/core/finetune/logWeights';
import { MeanShiftPolicy } from '../../../../src/core/finetune/meanShiftPolicy';
import type { FineTuneMethod } from '../../../../src/core/finetune/method';
import { allMethods } from '../../../../src/core/finetune/registry';
import { rgdm, rgdmLoss, rgdmTargets } from '../../../../src/core/finetune/rgdm';
import { poolWeights, rwr, rwrLoss } from '../../../../src/core/finetune/rwr';
import type { RegressionBatch } from '../../../../src/core/finetune/rwr';
import { baseSampler } from '../../../../src/core/samplers/base';
import { T_MIN } from '../../../../src/core/schedule';
import { disposeTrajectories, sampleTrajectories } from '../../../../src/core/finetune/trajectories';
import type { TrajectoryBatch } from '../../../../src/core/finetune/trajectories';
import { vmpoDiff } from '../../../../src/core/finetune/vmpoDiff';
import { vmpoR2g } from '../../../../src/core/finetune/vmpoR2g';
import { GmmDenoiser } from '../../../../src/core/models/gmm';
import { Rng } from '../../../../src/core/rng';
import { linearReward, SINGLE_GAUSSIAN } from '../../fixtures';

const U = [1, -0.5] as [number, number];
const reward = linearReward([1, -0.5]);
const LAMBDA = 0.7;
const BETA = 1 / LAMBDA;
const LR = 0.05;
const S0 = 0.2;
const N = 32;
const K = 3;

function keepTargets(t: ReturnType<typeof rgdmTargets>): ReturnType<typeof rgdmTargets> {
  return { candidates: tf.keep(t.candidates), weights: tf.keep(t.weights) };
}

type LossAt = (probe: MeanShiftPolicy, batch: TrajectoryBatch) => tf.Scalar;

/** Loss and dL/ds of `loss` at shift s, on a probe policy (the policy under update is left alone). */
async function lossAndSlope(
  base: GmmDenoiser,
  s: number,
  batch: TrajectoryBatch,
  loss: LossAt,
): Promise<[number, number]> {
  const probe = new MeanShiftPolicy(base, U, s);
  const { value, grads } = tf.variableGrads(() => loss(probe, batch), [probe.shift]);
  const out: [number, number] = [(await value.data())[0], (await grads[probe.shift.name].data())[0]];
  tf.dispose([value, ...Object.values(grads)]);
  probe.dispose();
  return out;
}

/**
 * Runs one update of `method` from shift S0 and returns what it did: the returned loss, the new shift, and the
 * expected pair from `steps` SGD steps on `loss` (each gradient clipped to norm `clip` when set).
 */
async function oneUpdate(
  method: FineTuneMethod,
  input: Partial<FineTuneSettingsInput>,
  loss: LossAt,
  seed: number,
  groupSize = 1,
  /** Releases what `loss` kept, before the leak check. */
  release: () => void = () => {},
) {
  const before = tf.memory().numTensors;
  const base = new GmmDenoiser(SINGLE_GAUSSIAN, 'single');
  const policy = new MeanShiftPolicy(base, U, S0);
  const reference = new MeanShiftPolicy(base, U, 0);
  const settings = parseFineTuneSettings({
    method: method.kind,
    lambda: LAMBDA,
    batch: N,
    steps: K,
    groupSize: 4,
    ...input,
  });
  const batch = await sampleTrajectories(policy, reference, reward, {
    n: N,
    steps: K,
    groupSize,
    init: new Rng(seed, 'test/init'),
    noise: new Rng(seed, 'test/noise'),
  });
  const optimizer = tf.train.sgd(LR);
  const instance = await method.create({ policy, reference, reward, settings, optimizer });
  const returned = await instance.update({ batch, beta: BETA, rng: new Rng(seed, 'test/method') });
  const shift = (await policy.shift.data())[0];
  let s = S0;
  let first = NaN;
  const steps = settings.innerSteps ?? method.defaultInnerSteps;
  for (let j = 0; j < steps; j++) {
    const [value, slope] = await lossAndSlope(base, s, batch, loss);
    if (j === 0) first = value;
    const clip = settings.gradClip;
    s -= LR * (clip !== null && Math.abs(slope) > clip ? Math.sign(slope) * clip : slope);
  }
  instance.dispose();
  optimizer.dispose();
  disposeTrajectories(batch);
  policy.dispose();
  reference.dispose();
  release();
  expect(tf.memory().numTensors).toBe(before);
  return { returned, shift, expectedLoss: first, expectedShift: s, moved: Math.abs(s - S0) };
}

function expectMatch(r: Awaited<ReturnType<typeof oneUpdate>>): void {
  expect(r.moved).toBeGreaterThan(1e-4); // the update does something measurable
  expect(Math.abs(r.shift - r.expectedShift)).toBeLessThan(1e-3 * r.moved + 1e-6);
  expect(Math.abs(r.returned - r.expectedLoss)).toBeLessThan(1e-4 * Math.max(1, Math.abs(r.expectedLoss)));
}

describe('an update takes innerSteps SGD steps on the method’s loss and returns the first loss', () => {
  it('DDPO-SF: batch advantages, one step by default', async () => {
    const r = await oneUpdate(ddpoSf, { gradClip: null }, (p, b) => ddpoSfLoss(p, b, batchAdvantages(b.reward)), 11);
    expectMatch(r);
  });

  it('DDPO-SF with innerSteps = 3 takes three steps, each at the moved parameter', async () => {
    const r = await oneUpdate(
      ddpoSf,
      { gradClip: null, innerSteps: 3 },
      (p, b) => ddpoSfLoss(p, b, batchAdvantages(b.reward)),
      12,
    );
    expectMatch(r);
  });

  it('DDPO-IS: PPO-clip at the set clip range, two steps by default (the second is off-policy)', async () => {
    const r = await oneUpdate(
      ddpoIs,
      { gradClip: null, clipRange: 0.05 },
      (p, b) => ppoClipLoss(p, b, batchAdvantages(b.reward), 0.05),
      13,
    );
    expectMatch(r);
  });

  it('GRPO: group advantages (batch std under globalStd), the set clip range and β_KL = 0.04 by default', async () => {
    for (const globalStd of [false, true]) {
      const r = await oneUpdate(
        grpo,
        { gradClip: null, clipRange: 0.1, globalStd },
        (p, b) => grpoLoss(p, b, groupAdvantages(b.reward, 4, globalStd), 0.1, 0.04),
        14,
        4,
      );
      expectMatch(r);
    }
  });

  it('GRPO: a set klWeight replaces the default', async () => {
    const r = await oneUpdate(
      grpo,
      { gradClip: null, klWeight: 3 },
      (p, b) => grpoLoss(p, b, groupAdvantages(b.reward, 4), 0.2, 3),
      15,
      4,
    );
    expectMatch(r);
  });

  it('the gradient-norm clip of the settings limits each step to lr·clip', async () => {
    const r = await oneUpdate(ddpoSf, { gradClip: 1e-3 }, (p, b) => ddpoSfLoss(p, b, batchAdvantages(b.reward)), 11);
    expect(Math.abs(r.shift - S0)).toBeCloseTo(LR * 1e-3, 8);
    expect(Math.abs(r.shift - r.expectedShift)).toBeLessThan(1e-7);
    expect(Math.abs(r.returned - r.expectedLoss)).toBeLessThan(1e-4 * Math.max(1, Math.abs(r.expectedLoss)));
  });

  it('VMPO-Diff and VMPO-R2G: the θ-step regresses log w_k on M_φ = 0 (its start), with β_KL = 1 and 0', async () => {
    for (const [method, offsets, kl] of [
      [vmpoDiff, tweediePotentialOffsets, 1],
      [vmpoR2g, rewardToGoOffsets, 0],
    ] as const) {
      let fit = 0;
      const r = await oneUpdate(
        method,
        { gradClip: null, innerSteps: 1 },
        (p, b) => {
          const { loss, logWeights } = logVariancePolicyLoss(p, b, offsets(b, BETA), new Array(K).fill(0), kl);
          // The φ-loss at M_φ = 0 is 0.01·mean_{k,i} (log w_k)²; the update returns the sum of both losses.
          fit = tf.tidy(() => tf.addN(logWeights.map((w) => tf.mean(tf.square(w)))).dataSync()[0] / K);
          tf.dispose(logWeights);
          return loss;
        },
        16,
      );
      expect(r.moved).toBeGreaterThan(1e-4);
      expect(Math.abs(r.shift - r.expectedShift)).toBeLessThan(1e-3 * r.moved + 1e-6);
      expect(Math.abs(r.returned - (r.expectedLoss + 0.01 * fit))).toBeLessThan(
        1e-4 * Math.max(1, Math.abs(r.returned)),
      );
    }
  });

  it('VMPO with two inner steps returns the summed loss of the first one', async () => {
    const fits: number[] = [];
    const r = await oneUpdate(
      vmpoDiff,
      { gradClip: null },
      (p, b) => {
        const { loss, logWeights } = logVariancePolicyLoss(
          p,
          b,
          tweediePotentialOffsets(b, BETA),
          new Array(K).fill(0),
          1,
        );
        fits.push(tf.tidy(() => tf.addN(logWeights.map((w) => tf.mean(tf.square(w)))).dataSync()[0] / K));
        tf.dispose(logWeights);
        return loss;
      },
      18,
    );
    // (The second step sees M_φ after its own Adam step, so only the first is recomputed here.)
    expect(Math.abs(r.returned - (r.expectedLoss + 0.01 * fits[0]))).toBeLessThan(
      1e-4 * Math.max(1, Math.abs(r.returned)),
    );
  });

  it('RGDM: candidates around the reference’s step mean by default, around the policy’s with rgdmCentre = "policy"', async () => {
    for (const centre of ['reference', 'policy'] as const) {
      let targets: ReturnType<typeof rgdmTargets>[] = [];
      const base = new GmmDenoiser(SINGLE_GAUSSIAN, 'single');
      const model = new MeanShiftPolicy(base, U, centre === 'reference' ? 0 : S0);
      const r = await oneUpdate(
        rgdm,
        {
          gradClip: null,
          rgdmCentre: centre,
          rgdmRadius: 1.5,
          rgdmCandidates: 5,
          innerSteps: centre === 'policy' ? 2 : undefined,
        },
        (p, b) => {
          if (targets.length === 0) {
            // The same candidates the method drew: same stream, same order (one step after another).
            const rng = new Rng(17, 'test/method');
            // Kept: the loss runs inside variableGrads' scope, and a second inner step needs them again.
            targets = b.steps.map((s) =>
              keepTargets(
                rgdmTargets(s, model, centre === 'reference' ? s.refMean : s.oldMean, reward, BETA, 1.5, 5, rng),
              ),
            );
          }
          return rgdmLoss(p, b, targets);
        },
        17,
        1,
        () => targets.forEach((t) => tf.dispose([t.candidates, t.weights])),
      );
      model.dispose();
      expectMatch(r);
    }
  });
});

describe('RWR (§6.5): a pool of reference draws taken once, weighted e^{βr}/mean, minibatches of it', () => {
  it('each update regresses a minibatch of min(batch, pool) pool draws at rwrTimes noise levels, re-weighting when β changes', async () => {
    const before = tf.memory().numTensors;
    const base = new GmmDenoiser(SINGLE_GAUSSIAN, 'single');
    const policy = new MeanShiftPolicy(base, U, S0);
    const reference = new MeanShiftPolicy(base, U, 0);
    const pool = 16;
    const settings = parseFineTuneSettings({
      method: 'rwr',
      lambda: LAMBDA,
      batch: 24,
      steps: 4,
      rwrPool: pool,
      rwrTimes: 3,
      innerSteps: 2,
      gradClip: null,
      seed: 5,
    });
    const optimizer = tf.train.sgd(LR);
    const instance = await rwr.create({ policy, reference, reward, settings, optimizer });
    // The pool: `rwrPool` draws of the reference chain (K = steps, DDPM), from the run's pool seed.
    const run = baseSampler.run(
      {
        denoiser: reference,
        reward,
        particles: pool,
        steps: 4,
        eta: 1,
        kernel: 'ddpm',
        seed: new Rng(5, 'finetune/rwr-pool').nextUint32(),
        emitPositions: false,
      },
      { kind: 'base' },
    );
    let done = await run.next();
    while (!done.done) done = await run.next();
    const points = done.value.samples;
    const rewards = Array.from({ length: pool }, (_, i) => U[0] * points[2 * i] + U[1] * points[2 * i + 1]);
    let s = S0;
    for (const beta of [BETA, 0.5 * BETA]) {
      const stream = new Rng(21, `test/rwr-${beta}`);
      const returned = await instance.update({ batch: null as unknown as TrajectoryBatch, beta, rng: stream });
      // The same draws from a copy of the stream: B = min(24, 16) = 16 pool indices, then 3 times and their noise.
      const copy = new Rng(21, `test/rwr-${beta}`);
      const w = poolWeights(rewards, beta);
      const B = 16;
      const pick = new Float32Array(2 * B);
      const weights = new Float32Array(B);
      for (let i = 0; i < B; i++) {
        const j = copy.int(pool);
        [pick[2 * i], pick[2 * i + 1], weights[i]] = [points[2 * j], points[2 * j + 1], w[j]];
      }
      const times = [0, 1, 2].map(() => T_MIN + (1 - T_MIN) * copy.uniform());
      const data: RegressionBatch = {
        x0: tf.tensor2d(pick, [B, 2]),
        weights,
        times,
        noises: times.map(() => tf.tensor2d(copy.normals(2 * B), [B, 2])),
      };
      const s0 = s;
      let first = NaN;
      for (let j = 0; j < 2; j++) {
        const [value, slope] = await lossAndSlope(base, s, null as unknown as TrajectoryBatch, (p) => rwrLoss(p, data));
        if (j === 0) first = value;
        s -= LR * slope;
      }
      tf.dispose([data.x0, ...data.noises]);
      const shift = (await policy.shift.data())[0];
      expect(Math.abs(s - s0)).toBeGreaterThan(1e-4);
      expect(Math.abs(shift - s)).toBeLessThan(1e-3 * Math.abs(s - s0) + 1e-6);
      expect(Math.abs(returned - first)).toBeLessThan(1e-4 * Math.max(1, Math.abs(first)));
      // Continue from the expected shift, so that the second update is checked on its own.
      const next = tf.scalar(s);
      policy.shift.assign(next);
      next.dispose();
    }
    instance.dispose();
    optimizer.dispose();
    policy.dispose();
    reference.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('per-method defaults (config.ts, §6)', () => {
  it('inner steps: 1 for DDPO-SF, RGDM and RWR, 2 for DDPO-IS, GRPO and VMPO; groups only for GRPO', () => {
    const steps = Object.fromEntries(allMethods().map((m) => [m.kind, m.defaultInnerSteps]));
    expect(steps).toEqual({ 'ddpo-sf': 1, 'ddpo-is': 2, grpo: 2, 'vmpo-diff': 2, 'vmpo-r2g': 2, rgdm: 1, rwr: 1 });
    const settings = parseFineTuneSettings({ method: 'grpo', lambda: 1, batch: 12, groupSize: 6 });
    expect(allMethods().map((m) => m.groupSize(settings))).toEqual([1, 1, 6, 1, 1, 1, 1]);
    expect([rgdm.defaultLearningRate, rwr.defaultLearningRate]).toEqual([1e-3, 1e-3]); // §6.5
  });

  it('each method reports the name its results and the CLI print', () => {
    expect(allMethods().map((m) => m.label)).toEqual([
      'DDPO-SF (REINFORCE)',
      'DDPO-IS (PPO clip)',
      'GRPO (group advantages + KL)',
      'VMPO-Diff (Tweedie potentials + M_φ)',
      'VMPO-R2G (reward-to-go + M_φ)',
      'RGDM (reward-weighted exploration regression)',
      'RWR (terminal reward-weighted regression)',
    ]);
  });
});
