/**
 * One denoiser evaluation per step (the samplers share ε̂(x_k, t_k) between the step law and the chart reward):
 * - on the analytic GMM every sampler gives the same samples and per-step rewards, bit for bit, as before the
 *   change (hashes recorded by running the previous code, 950d2a4, on the cpu backend with these scenarios);
 * - on a learned MLP the runs cost K + 1 forwards (base, w-prox, smc with the base proposal) and the samplers that
 *   need more say why (KL-tilt: the tilted denoiser's own forward per step beside the base one of the diagnostic;
 *   the exact-linear-tilt proposal: its shifted forward beside the model's; guidance: a second, differentiated
 *   forward for Jᵀ∇r).
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { buildMlp, DEFAULT_ARCHITECTURE, MlpDenoiser } from '../../../../src/core/models/mlp';
import { runScenario } from '../../../../src/core/run';
import type { ScenarioInput } from '../../../../src/core/scenario';
import { CountingDenoiser } from './countingDenoiser';

const G = {
  kind: 'gmm' as const,
  weights: [0.3, 0.7],
  means: [
    [-2, 1],
    [2, 0],
  ] as [number, number][],
  covs: [
    [
      [0.3, 0.1],
      [0.1, 0.3],
    ],
    [
      [0.5, 0],
      [0, 0.2],
    ],
  ] as [[number, number], [number, number]][],
};
const L = { kind: 'linear' as const, theta: [1, -0.5] as [number, number] };
const F = { kind: 'formula' as const, expr: '-(x-1)^2 + sin(3*y)' };
const Q = {
  kind: 'quadratic' as const,
  A: [
    [1, 0],
    [0, 1],
  ] as [[number, number], [number, number]],
  c: [1, 0.5] as [number, number],
};
const common = { particles: 64, steps: 12, seed: 5 };

const SCENARIOS: Record<string, ScenarioInput> = {
  base: { ...common, model: G, reward: L, sampler: { kind: 'base' } },
  'base-exact-kernel': { ...common, model: { ...G, kernel: 'exact' }, reward: L, sampler: { kind: 'base' } },
  'kl-tilt': { ...common, model: G, reward: L, sampler: { kind: 'kl-tilt', lambda: 0.7 } },
  'kl-tilt-guidance': { ...common, model: G, reward: F, sampler: { kind: 'kl-tilt', lambda: 1.5 } },
  'w-prox': { ...common, model: G, reward: Q, sampler: { kind: 'w-prox', lambda: 2 } },
  smc: { ...common, model: G, reward: L, sampler: { kind: 'smc', lambda: 0.5 } },
  'smc-guided': { ...common, model: G, reward: Q, sampler: { kind: 'smc', lambda: 0.8, proposal: 'guided' } },
  'smc-exact-kernel': {
    ...common,
    model: { ...G, kernel: 'exact' },
    reward: L,
    sampler: { kind: 'smc', lambda: 0.5, proposal: 'exact-linear-tilt', potential: 'twist-exact' },
  },
} as Record<string, ScenarioInput>;

/** FNV-1a hashes of the Float32 samples and the Float64 per-step mean rewards, from the code before the change. */
const BEFORE: Record<string, { samples: string; rewards: string }> = {
  "base": {"samples":"d09fce8e","rewards":"c86ac832"},
  "base-exact-kernel": {"samples":"f4e2212f","rewards":"bd974df5"},
  "kl-tilt": {"samples":"efa65840","rewards":"b7a9cfe2"},
  "kl-tilt-guidance": {"samples":"ed9d1be7","rewards":"38c431bb"},
  "w-prox": {"samples":"509a5c44","rewards":"c7cfc602"},
  "smc": {"samples":"80e96bab","rewards":"bcc12429"},
  "smc-guided": {"samples":"2e040b68","rewards":"41ffc265"},
  "smc-exact-kernel": {"samples":"93f8c6d2","rewards":"dcacec51"},
};

function fnv(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i];
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

describe('one evaluation per step: the analytic GMM is unchanged bit for bit', () => {
  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    it(name, async () => {
      const r = await runScenario(scenario, {});
      const samples = Float32Array.from(r.samples.flat());
      const rewards = Float64Array.from(r.steps.map((s) => s.meanReward));
      expect({ samples: fnv(new Uint8Array(samples.buffer)), rewards: fnv(new Uint8Array(rewards.buffer)) }).toEqual(
        BEFORE[name],
      );
    });
  }
});

function mlpModel(): MlpDenoiser {
  return new MlpDenoiser(buildMlp(DEFAULT_ARCHITECTURE, 3), { mean: [0, 0], cov: [[1, 0], [0, 1]] }, 'count');
}

async function forwardsOf(sampler: ScenarioInput['sampler'], reward: ScenarioInput['reward'], K: number): Promise<number> {
  let counter: CountingDenoiser | null = null;
  const before = tf.memory().numTensors;
  await runScenario(
    { model: { kind: 'mlp', name: 'count' }, reward, sampler, particles: 16, steps: K, seed: 2 },
    { loadModel: async () => (counter = new CountingDenoiser(mlpModel())) },
  );
  expect(tf.memory().numTensors).toBe(before);
  return (counter as CountingDenoiser | null)!.forwards;
}

describe('one evaluation per step: network forwards per run on a learned model', () => {
  const K = 7;
  it('base, w-prox and SMC (base proposal) make K + 1 forwards', async () => {
    expect(await forwardsOf({ kind: 'base' }, L, K)).toBe(K + 1);
    expect(await forwardsOf({ kind: 'base' }, L, K)).toBe(K + 1);
    expect(await forwardsOf({ kind: 'w-prox', lambda: 2 }, Q, K)).toBe(K + 1);
    expect(await forwardsOf({ kind: 'smc', lambda: 0.5 }, L, K)).toBe(K + 1);
  });

  it('KL-tilt (linear shift) adds its tilted forward per step and one for its output: 2K + 2', async () => {
    expect(await forwardsOf({ kind: 'kl-tilt', lambda: 0.7 }, L, K)).toBe(2 * K + 2);
  });

  it('SMC with the exact-linear-tilt proposal adds the proposal forward per step: 2K + 1', async () => {
    expect(await forwardsOf({ kind: 'smc', lambda: 0.5, proposal: 'exact-linear-tilt' }, L, K)).toBe(2 * K + 1);
  });

  it('guidance adds one differentiated forward per step (Jᵀ∇r); its ε̂ and x̂₀ are the step’s shared evaluation', async () => {
    // SMC: per step the model evaluation + the vector–Jacobian product's forward, plus the k = K evaluation.
    expect(await forwardsOf({ kind: 'smc', lambda: 0.5, proposal: 'guided' }, L, K)).toBe(2 * K + 1);
    // KL-tilt: the same per step, plus the k = K evaluation and the guided output x̂₀ (its x̂₀ and the product: 2).
    expect(await forwardsOf({ kind: 'kl-tilt', lambda: 1, method: 'guidance' }, F, K)).toBe(2 * K + 1 + 2);
  });
});
