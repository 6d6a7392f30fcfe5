// The cumulative log-weight variance V_k^cum = Var_i[Σ_{j≥k} ℓ_j^i] along ancestries (algorithms.md §5.4) in runs that
// DO resample (κ = 1): the lineage sums must follow the ancestors at every resampling. With the base proposal (no
// transition ratio) the potentials telescope along each ancestry (§5.1), so the lineage sums are known in closed form
// from the particles alone: Σ_{j≥k} ℓ_j = r_k/λ for DIFF at 1 ≤ k < K, and Σ_{j≥0} ℓ_j = r_0/λ for every potential
// (Π G = e^{r_0/λ}). The rewards are recomputed here from the emitted positions, r_k = θ·x̂₀(x_k, t_k).
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../../src/cli/backend';
import { GmmDenoiser } from '../../../../src/core/models/gmm';
import { smcSampler } from '../../../../src/core/samplers/smc';
import type { SmcSpec } from '../../../../src/core/samplers/smc';
import { timeGrid } from '../../../../src/core/schedule';
import type { SamplerContext } from '../../../../src/core/types';
import { FIXTURE_GMM, FIXTURE_LINEAR, fixtureLinearReward } from '../../fixtures';
import { runToEnd, smcParams } from './runSampler';

const { theta: THETA, lambda: LAMBDA } = FIXTURE_LINEAR;
const N = 64;
const K = 8;

function context(): SamplerContext {
  const denoiser = new GmmDenoiser(FIXTURE_GMM);
  return { denoiser, reward: fixtureLinearReward(), particles: N, steps: K, eta: 1, kernel: 'exact', seed: 5, emitPositions: true };
}

/** Population variance (1/N, §5.4), written out. */
function populationVariance(v: number[]): number {
  const m = v.reduce((s, x) => s + x, 0) / v.length;
  return v.reduce((s, x) => s + (x - m) ** 2, 0) / v.length;
}

/** θ·p/λ for each interleaved point p. */
function linearOverLambda(points: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < points.length / 2; i++) out.push((THETA[0] * points[2 * i] + THETA[1] * points[2 * i + 1]) / LAMBDA);
  return out;
}

/** r_k/λ = θ·x̂₀(x_k, t_k)/λ at interleaved positions x_k, from the analytic denoiser. */
function tweedieRewardOverLambda(positions: Float32Array, t: number): number[] {
  const x0 = tf.tidy(() => new GmmDenoiser(FIXTURE_GMM).x0(tf.tensor2d(positions, [N, 2]) as Tensor2D, t).dataSync());
  return linearOverLambda(x0);
}

const relErr = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

beforeAll(async () => {
  await useNodeBackend('wasm');
});

describe('V_k^cum follows the ancestry through resamplings (§5.4)', () => {
  it('DIFF, κ = 1, resampling every 2nd step: V_k^cum = Var_i[r_k/λ] at every step that did not resample', async () => {
    const params: SmcSpec = smcParams(LAMBDA, { potential: 'diff', essThreshold: 1, resampleEvery: 2 });
    const { frames, out } = await runToEnd(smcSampler, context(), params);
    const grid = timeGrid(K);
    expect(frames.filter((f) => f.stats.resampled).length).toBe(K / 2);
    let checked = 0;
    for (const f of frames) {
      const { k, resampled, logWeightVarCum } = f.stats;
      // Frames carry the positions after their resampling; at a step that did not resample they are the x_k the
      // statistics were recorded on.
      if (resampled || k === 0) continue;
      const expected = populationVariance(tweedieRewardOverLambda(f.positions!, grid[k]));
      expect(relErr(logWeightVarCum!, expected), `step ${k}`).toBeLessThan(1e-4);
      checked++;
    }
    expect(checked).toBe(K / 2);
    expect(out.summary.resamplings).toBe(K / 2);
  });

  it.each(['diff', 'max', 'sum', 'immediate'] as const)(
    '%s, κ = 1, resampling at every step: V_0^cum = Var_i[r(x_0)/λ] over the pre-resampling outputs',
    async (potential) => {
      const { frames, out } = await runToEnd(smcSampler, context(), smcParams(LAMBDA, { potential, essThreshold: 1 }));
      expect(out.summary.resamplings).toBe(K);
      const last = frames[frames.length - 1].stats;
      expect(last.k).toBe(0);
      const expected = populationVariance(linearOverLambda(out.weightedSamples!));
      expect(expected).toBeGreaterThan(0.05);
      expect(relErr(last.logWeightVarCum!, expected)).toBeLessThan(1e-4);
    },
  );
});
