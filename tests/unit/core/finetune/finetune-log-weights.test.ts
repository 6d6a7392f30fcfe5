/**
 * The host-side log-weight bookkeeping of §6.4 on a hand-made two-trajectory, two-step batch (numbers chosen so
 * that every term shows), and the VMPO baseline loss 0.01·mean (log w − M_φ)² by hand.
 */
import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { baselineLoss, TimeBaseline } from '../../../../src/core/finetune/baseline';
import { pathKlToReference, rewardToGoOffsets, trajectoryLogWeights, tweediePotentialOffsets } from '../../../../src/core/finetune/logWeights';
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
