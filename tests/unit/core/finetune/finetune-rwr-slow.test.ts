/**
 * §7 check 29 (slow, opt-in: TILTLAB_SLOW=1): terminal reward-weighted regression on exact draws of the fixture GMM
 * (the data of the §2.2 exact chain), with a large residual net and 2000 steps, moves the model's law to the
 * closed-form tilt (§2.3): the mean of its samples is within 0.1 of E_q x.
 *
 * What is sampled is the exponential moving average of the weights over the run (decay 0.995, about the last 200
 * steps), not the last iterate. Adam at a constant rate does not settle at the minimiser of a noisy regression: it
 * keeps moving around it, and the sample means of iterates 250 steps apart differ by 0.1–0.2 (along this very run,
 * the last iterate is 0.19 from E_q x and the one 250 steps earlier 0.10). The average of the iterates is the
 * estimate of the fixed point that the check is about, which the loss has exactly at q
 * (finetune-rwr-fixed-point.test.ts checks that identity without training). The same sampler run on the exact
 * tilted GMM must land within 0.05 of E_q x: its discretisation error (100 DDPM steps) plus Monte Carlo noise leaves
 * most of the 0.1 to the fit.
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

/** Ten minutes or more on two shared cores: far above the suite's 120 s default, which it would always exceed. */
const SLOW_TIMEOUT_MS = 60 * 60_000;

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
    const average = policy.copy();
    const EMA_DECAY = 0.995;
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
      const [current, averaged] = [policy.trainableVariables(), average.trainableVariables()];
      tf.tidy(() => averaged.forEach((v, i) => v.assign(tf.add(tf.mul(v, EMA_DECAY), tf.mul(current[i], 1 - EMA_DECAY)))));
    }
    const batch = await sampleTrajectories(average, reference, reward, { n: 8192, steps: 100, init: rng.fork('init'), noise: rng.fork('noise') });
    const mean = pointMean((await batch.terminal.data()) as Float32Array);
    disposeTrajectories(batch);
    const qSpec = tiltGmm(FIXTURE_GMM, reward.polynomial!, FIXTURE_LINEAR.lambda).spec;
    const q = gmmMoments(qSpec).mean;
    const exact = new GmmDenoiser(qSpec);
    const exactBatch = await sampleTrajectories(exact, exact, reward, { n: 8192, steps: 100, init: rng.fork('init'), noise: rng.fork('noise') });
    const exactMean = pointMean((await exactBatch.terminal.data()) as Float32Array);
    disposeTrajectories(exactBatch);
    expect(Math.hypot(exactMean[0] - q[0], exactMean[1] - q[1])).toBeLessThan(0.05);
    expect(Math.hypot(mean[0] - q[0], mean[1] - q[1])).toBeLessThan(0.1);
    optimizer.dispose();
    average.dispose();
    reference.dispose();
    policy.dispose();
    await useNodeBackend('cpu');
  }, SLOW_TIMEOUT_MS);
});
