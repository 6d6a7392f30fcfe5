// Network forwards of KL-tilt guidance on a deterministic DDIM chain (η = 0): the sampler has no log-weights there,
// yet guidance still steps from the base evaluation it shares with the chart reward (ε̂ and x̂₀ of one forward), so
// the count is the η = 1 one, 2K + 3: the k = K evaluation, per step the vector–Jacobian product and the next
// evaluation, and the guided output x̂₀ (its x̂₀ and the product).
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { buildMlp, DEFAULT_ARCHITECTURE, MlpDenoiser } from '../../../../src/core/models/mlp';
import { runScenario } from '../../../../src/core/run';
import { CountingDenoiser } from './countingDenoiser';

describe('KL-tilt guidance on DDIM η = 0', () => {
  it('makes 2K + 3 forwards and reports no log-weights', async () => {
    const K = 5;
    let counter: CountingDenoiser | null = null;
    const before = tf.memory().numTensors;
    const result = await runScenario(
      {
        model: { kind: 'mlp', name: 'count' },
        reward: { kind: 'formula', expr: '-(x-1)^2 + sin(3*y)' },
        sampler: { kind: 'kl-tilt', lambda: 1, method: 'guidance' },
        eta: 0,
        particles: 8,
        steps: K,
        seed: 2,
      },
      {
        loadModel: async () =>
          (counter = new CountingDenoiser(
            new MlpDenoiser(
              buildMlp(DEFAULT_ARCHITECTURE, 3),
              {
                mean: [0, 0],
                cov: [
                  [1, 0],
                  [0, 1],
                ],
              },
              'count',
            ),
          )),
      },
    );
    expect(tf.memory().numTensors).toBe(before);
    expect((counter as CountingDenoiser | null)!.forwards).toBe(2 * K + 3);
    expect(result.summary.logWeightReason).toMatch(/η = 0/);
  });
});
