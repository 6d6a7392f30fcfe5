/**
 * §7 check 29 (slow, opt-in: TILTLAB_SLOW=1): terminal reward-weighted regression on exact draws of the fixture GMM
 * (the data of the §2.2 exact chain), with a large residual net and 2000 steps, moves the model's law to the
 * closed-form tilt (§2.3): the mean of its samples is within 0.1 of E_q x.
 */
import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../../src/cli/backend';
import { ResidualPolicy } from '../../../../src/core/finetune/residualPolicy';
import { poolWeights, rwrLoss } from '../../../../src/core/finetune/rwr';
import { gradientStep } from '../../../../src/core/finetune/optimise';
import { disposeTrajectories, sampleTrajectories } from '../../../../src/core/finetune/trajectories';
import { pointMean } from '../../../../src/core/diagnostics';
import { sampleGmm, tiltGmm } from '../../../../src/core/exact';
import { GmmDenoiser } from '../../../../src/core/models/gmm';
import { Rng } from '../../../../src/core/rng';
import { T_MIN } from '../../../../src/core/schedule';
import { FIXTURE_GMM, FIXTURE_LINEAR, fixtureLinearReward, gmmMoments } from '../../fixtures';

describe.skipIf(!process.env.TILTLAB_SLOW)('§7 check 29 (slow): terminal RWR reaches the closed-form tilt', () => {
  it('moments of the fine-tuned model approach q (mean within 0.1)', async () => {
    await useNodeBackend('wasm');
    const reward = fixtureLinearReward();
    const beta = 1 / FIXTURE_LINEAR.lambda;
    const rng = new Rng(29, 'rwr-slow');
    const pool = sampleGmm(FIXTURE_GMM, 8192, rng.fork('data'));
    const rewards = Float64Array.from({ length: 8192 }, (_, i) => FIXTURE_LINEAR.theta[0] * pool[2 * i] + FIXTURE_LINEAR.theta[1] * pool[2 * i + 1]);
    const weights = poolWeights(rewards, beta);
    const base = new GmmDenoiser(FIXTURE_GMM);
    const policy = ResidualPolicy.create(base, 29, [128, 128, 128]);
    const reference = policy.copy();
    const optimizer = tf.train.adam(1e-3);
    const B = 256;
    for (let step = 0; step < 2000; step++) {
      const pick = new Float32Array(2 * B);
      const w = new Float32Array(B);
      for (let i = 0; i < B; i++) {
        const j = rng.int(8192);
        pick[2 * i] = pool[2 * j];
        pick[2 * i + 1] = pool[2 * j + 1];
        w[i] = weights[j];
      }
      const times = Array.from({ length: 4 }, () => T_MIN + (1 - T_MIN) * rng.uniform());
      const data = { x0: tf.tensor2d(pick, [B, 2]), weights: w, times, noises: times.map(() => tf.tensor2d(rng.normals(2 * B), [B, 2])) };
      await gradientStep(() => rwrLoss(policy, data), policy.trainableVariables(), optimizer, 1);
      tf.dispose([data.x0, ...data.noises]);
    }
    const batch = await sampleTrajectories(policy, reference, reward, { n: 8192, steps: 100, init: rng.fork('init'), noise: rng.fork('noise') });
    const mean = pointMean((await batch.terminal.data()) as Float32Array);
    disposeTrajectories(batch);
    const q = gmmMoments(tiltGmm(FIXTURE_GMM, reward.polynomial!, FIXTURE_LINEAR.lambda).spec).mean;
    expect(Math.hypot(mean[0] - q[0], mean[1] - q[1])).toBeLessThan(0.1);
    optimizer.dispose();
    reference.dispose();
    policy.dispose();
    await useNodeBackend('cpu');
  });
});
