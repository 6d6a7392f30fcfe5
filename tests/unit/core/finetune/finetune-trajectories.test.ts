/**
 * Trajectory sampling (trajectories.ts, §6): the starting noise is shared within GRPO groups and drawn from the init
 * stream in order, a batch that groups do not tile is refused, and a failure part-way releases every tensor the
 * sampler made. The expected starting states are the init stream's normals, laid out by hand.
 */
import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { disposeTrajectories, sampleTrajectories } from '../../../../src/core/finetune/trajectories';
import { GmmDenoiser } from '../../../../src/core/models/gmm';
import { Rng } from '../../../../src/core/rng';
import type { Reward } from '../../../../src/core/types';
import { linearReward, SINGLE_GAUSSIAN } from '../../fixtures';

const reward = linearReward([1, -0.5]);

describe('sampleTrajectories: starting noise, groups and clean failure', () => {
  it('groups of 2 share x_{t_K}: the states are the init stream’s normals z₀…z₃ as (z₀,z₁),(z₀,z₁),(z₂,z₃),(z₂,z₃)', async () => {
    const before = tf.memory().numTensors;
    const model = new GmmDenoiser(SINGLE_GAUSSIAN, 'single');
    const batch = await sampleTrajectories(model, model, reward, {
      n: 4,
      steps: 2,
      groupSize: 2,
      init: new Rng(5, 'test/init'),
      noise: new Rng(5, 'test/noise'),
    });
    const z = new Rng(5, 'test/init').normals(4);
    const start = Array.from(await batch.steps[0].x.data());
    expect(start).toEqual([z[0], z[1], z[0], z[1], z[2], z[3], z[2], z[3]]);
    expect(batch.groupSize).toBe(2);
    // Without groups, four trajectories take eight normals in order.
    const single = await sampleTrajectories(model, model, reward, {
      n: 4,
      steps: 2,
      init: new Rng(5, 'test/init'),
      noise: new Rng(5, 'test/noise'),
    });
    const z8 = new Rng(5, 'test/init').normals(8);
    expect(Array.from(await single.steps[0].x.data())).toEqual(Array.from(z8));
    disposeTrajectories(batch);
    disposeTrajectories(single);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a batch that is not a multiple of the group size, naming both', async () => {
    const model = new GmmDenoiser(SINGLE_GAUSSIAN, 'single');
    await expect(
      sampleTrajectories(model, model, reward, {
        n: 6,
        steps: 2,
        groupSize: 4,
        init: new Rng(1, 'test/init'),
        noise: new Rng(1, 'test/noise'),
      }),
    ).rejects.toThrow('the batch (6) must be a multiple of the group size (4)');
  });

  it('a reward that fails at the second step rethrows its error and leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    const model = new GmmDenoiser(SINGLE_GAUSSIAN, 'single');
    let calls = 0;
    const failing: Reward = {
      ...reward,
      value(x: Tensor2D): Tensor1D {
        calls += 1;
        if (calls === 2) throw new Error('reward failed');
        return reward.value(x);
      },
    };
    await expect(
      sampleTrajectories(model, model, failing, {
        n: 4,
        steps: 3,
        init: new Rng(2, 'test/init'),
        noise: new Rng(2, 'test/noise'),
      }),
    ).rejects.toThrow('reward failed');
    expect(calls).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
  });
});
