// Guidance differentiates through the denoiser (§3.1) and so needs tfjs's gradients registered. A page or worker
// bundle that forgot them gets an error naming the feature that needs them and how to register them, before the run
// starts, instead of tfjs's own message from deep inside a step. The gradient of Sum is removed for this one test
// and put back afterwards (the registry is global to the test process).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { GmmDenoiser } from '../../../../src/core/models/gmm';
import { smcSampler } from '../../../../src/core/samplers/smc';
import { FIXTURE_GMM, fixtureLinearReward, testContext } from '../../fixtures';
import { runToEnd, smcParams } from './runSampler';

describe('guidance without tfjs gradients', () => {
  it('the guided SMC proposal refuses to start, naming guidance and the import that registers them', async () => {
    const ctx = testContext(new GmmDenoiser(FIXTURE_GMM), fixtureLinearReward(), { particles: 8, steps: 3 });
    const saved = tf.getGradient(tf.Sum)!;
    expect(saved).toBeDefined();
    const before = tf.memory().numTensors;
    tf.unregisterGradient(tf.Sum);
    try {
      await expect(runToEnd(smcSampler, ctx, smcParams(0.7, { proposal: 'guided' }))).rejects.toThrow(
        new Error(
          "guidance needs tfjs gradients: import '@tensorflow/tfjs-core/dist/register_all_gradients' (bundled page or " +
            "worker) or '@tensorflow/tfjs' (Node) once",
        ),
      );
    } finally {
      tf.registerGradient(saved);
    }
    expect(tf.getGradient(tf.Sum)).toBe(saved);
    expect(tf.memory().numTensors).toBe(before);
    // With the gradients back, the same run goes through.
    const { out } = await runToEnd(smcSampler, ctx, smcParams(0.7, { proposal: 'guided' }));
    expect(out.samples).toHaveLength(16);
  });
});
