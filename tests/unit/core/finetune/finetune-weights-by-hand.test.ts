/**
 * The weights the methods build, against hand values and closed forms: the host-side log-weight bookkeeping of §6.4
 * on a hand-made two-trajectory, two-step batch (numbers chosen so that every term shows), the VMPO baseline loss
 * 0.01·mean (log w − M_φ)², and RGDM's exploration candidates and their softmax weights (§6.5).
 */
import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { baselineLoss, TimeBaseline } from '../../../../src/core/finetune/baseline';
import {
  pathKlToReference,
  rewardToGoOffsets,
  trajectoryLogWeights,
  tweediePotentialOffsets,
} from '../../../../src/core/finetune/logWeights';
import type { StepRecord, TrajectoryBatch } from '../../../../src/core/finetune/trajectories';

/** Only the per-step numbers the host functions read; in sampling order, k = 2 first. */
function handBatch(): TrajectoryBatch {
  const step = (logProbRef: number[], logProbOld: number[], kl: number[], tweedieReward: number[]) =>
    ({
      logProbRef: Float32Array.from(logProbRef),
      logProbOld: Float32Array.from(logProbOld),
      kl: Float32Array.from(kl),
      tweedieReward: Float32Array.from(tweedieReward),
    }) as unknown as StepRecord;
  return {
    n: 2,
    groupSize: 1,
    grid: [0.001, 0.5, 1],
    steps: [step([-1, -2], [-1.5, -1], [0.5, 1], [1, 2.5]), step([-3, -0.5], [-2, -1], [0.25, 0], [1.5, 3])],
    terminal: null as unknown as tf.Tensor2D,
    reward: Float32Array.from([2, 4]),
  };
}

describe('log-weights of trajectories and their per-step parts (§6.4), by hand', () => {
  const beta = 2;

  it('log w(τ) = β r + Σ_k (log π_ref,k − log π_old,k) and the path KL is the batch mean of Σ_k KL_k', () => {
    const batch = handBatch();
    // τ_0: 2·2 + (−1 + 1.5) + (−3 + 2) = 3.5;  τ_1: 2·4 + (−2 + 1) + (−0.5 + 1) = 7.5.
    expect(Array.from(trajectoryLogWeights(batch, beta))).toEqual([3.5, 7.5]);
    // (0.5 + 1 + 0.25 + 0)/2.
    expect(pathKlToReference(batch)).toBe(0.875);
  });

  it('Tweedie potentials: c_k = β(r̂_{k−1} − r̂_k) + log π_ref,k, with r̂_0 the terminal reward', () => {
    const [c2, c1] = tweediePotentialOffsets(handBatch(), beta);
    // k = 2: 2·(1.5 − 1) − 1 = 0 and 2·(3 − 2.5) − 2 = −1;  k = 1: 2·(2 − 1.5) − 3 = −2 and 2·(4 − 3) − 0.5 = 1.5.
    expect(Array.from(c2)).toEqual([0, -1]);
    expect(Array.from(c1)).toEqual([-2, 1.5]);
  });

  it('reward-to-go: d_k = β r + log π_ref,k + Σ of the later steps’ log-ratios', () => {
    const [d2, d1] = rewardToGoOffsets(handBatch(), beta);
    // k = 1 (the last step) has no later steps: 4 − 3 = 1 and 8 − 0.5 = 7.5.
    expect(Array.from(d1)).toEqual([1, 7.5]);
    // k = 2 adds step 1's log-ratio (−3 + 2, −0.5 + 1): 4 − 1 − 1 = 2 and 8 − 2 + 0.5 = 6.5.
    expect(Array.from(d2)).toEqual([2, 6.5]);
  });
});

describe('VMPO baseline M_φ(t) (§6.4)', () => {
  it('starts at 0 for every t, and its loss is 0.01·mean_{k,i} (log w_k − M_φ(t_k))²', async () => {
    const before = tf.memory().numTensors;
    const baseline = TimeBaseline.create(3);
    const ts = [0.9, 0.2];
    const m = baseline.values(ts);
    expect(m.shape).toEqual([2]);
    expect(Array.from(await m.data())).toEqual([0, 0]);
    m.dispose();
    const logW = [Float32Array.from([1, -1]), Float32Array.from([2, 0])];
    // M = 0: 0.01·(1 + 1 + 4 + 0)/4.
    const at0 = baselineLoss(baseline, ts, logW);
    expect((await at0.data())[0]).toBeCloseTo(0.015, 7);
    at0.dispose();
    // Output bias 0.5 makes M_φ ≡ 0.5: 0.01·(0.25 + 2.25 + 2.25 + 0.25)/4.
    const bias = baseline.variables.at(-1)!;
    tf.tidy(() => bias.assign(tf.fill(bias.shape, 0.5)));
    const at05 = baselineLoss(baseline, ts, logW);
    expect((await at05.data())[0]).toBeCloseTo(0.0125, 7);
    at05.dispose();
    baseline.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('RGDM candidates (§6.5)', () => {
  it('are uniform in the disc of radius c·σ̃ around the centre, weighted by softmax(β r(x̂0(x, s)))', async () => {
    const { rgdmTargets } = await import('../../../../src/core/finetune/rgdm');
    const { GmmDenoiser } = await import('../../../../src/core/models/gmm');
    const { Rng } = await import('../../../../src/core/rng');
    const { linearReward, SINGLE_GAUSSIAN } = await import('../../fixtures');
    const before = tf.memory().numTensors;
    const model = new GmmDenoiser(SINGLE_GAUSSIAN);
    const reward = linearReward([1, -0.5]);
    const M = 4096;
    const variance = 0.04; // σ̃ = 0.2, so with c = 1.5 the radius is 0.3
    const record = { variance, s: 0.3 } as unknown as StepRecord;
    const centre = tf.tensor2d([0.5, -1, 2, 0], [2, 2]);
    const { candidates, weights } = rgdmTargets(record, model, centre, reward, 2, 1.5, M, new Rng(4, 'test/ball'));
    expect(candidates.shape).toEqual([2, M, 2]);
    const c = (await candidates.data()) as Float32Array;
    const w = (await weights.data()) as Float32Array;
    const R = 1.5 * Math.sqrt(variance);
    for (const [row, cx, cy] of [
      [0, 0.5, -1],
      [1, 2, 0],
    ]) {
      // Uniform in a disc of radius R: ρ²/R² is uniform on [0, 1] (mean 1/2, sd 1/√12) and the offsets average 0.
      let inside = true;
      let r2 = 0;
      let mx = 0;
      let my = 0;
      let inner = 0;
      for (let j = 0; j < M; j++) {
        const [dx, dy] = [c[2 * (row * M + j)] - cx, c[2 * (row * M + j) + 1] - cy];
        const u = (dx * dx + dy * dy) / (R * R);
        inside &&= u <= 1 + 1e-5;
        r2 += u / M;
        if (u < 0.25) inner += 1 / M;
        mx += dx / M;
        my += dy / M;
      }
      expect(inside).toBe(true);
      expect(Math.abs(r2 - 0.5)).toBeLessThan(4 / Math.sqrt(12 * M));
      expect(Math.abs(inner - 0.25)).toBeLessThan(4 * Math.sqrt((0.25 * 0.75) / M)); // the inner half-radius holds a quarter
      for (const m of [mx, my]) expect(Math.abs(m)).toBeLessThan((4 * R) / 2 / Math.sqrt(M)); // per-axis sd R/2
      // Weights: a softmax over the row, with ratios e^{β(r̂_a − r̂_b)} at r̂ = r(x̂0(x, s)).
      let total = 0;
      for (let j = 0; j < M; j++) total += w[row * M + j];
      expect(total).toBeCloseTo(1, 5);
    }
    const pair = tf.tensor2d([c[0], c[1], c[2], c[3]], [2, 2]);
    const r = tf.tidy(() => reward.value(model.x0(pair, 0.3)));
    const [ra, rb] = Array.from(await r.data());
    expect(Math.log(w[0] / w[1])).toBeCloseTo(2 * (ra - rb), 4);
    tf.dispose([candidates, weights, centre, pair, r]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
