/**
 * The base sampler: ancestral DDPM / DDIM(η) with the model's own ε (§1), or the exact GMM reverse kernel
 * (§2.2). It has no target tilt, so it carries no importance weights.
 */
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { LineageTracker } from '../diagnostics';
import { baseTarget } from '../exact/target';
import { baseSpec } from './base/spec';
import { timeGrid } from '../schedule';
import type { SampleOutput, SamplerDef, StepFrame } from '../types';
import { disposeLaw, drawNoise, initialParticles, lawComponents, sampleLaw } from './chain';
import { assertFinite, chainStreams, meanRewardOf, modelStepLaw, readPoints, tweedieRewards } from './common';

export const baseSampler: SamplerDef<{ kind: 'base' }> = {
  kind: 'base',
  spec: baseSpec,
  exactTarget: (model, reward) => baseTarget(model, reward),
  async *run(ctx): AsyncGenerator<StepFrame, SampleOutput, void> {
    const { denoiser, reward, particles: n, steps: K } = ctx;
    const grid = timeGrid(K);
    const streams = chainStreams(ctx.seed);
    const tracker = new LineageTracker(n);
    let x: Tensor2D = initialParticles(streams.init, n);
    try {
      for (let k = K; k >= 1; k--) {
        const law = modelStepLaw(ctx, denoiser, x, grid[k], grid[k - 1]);
        const next = sampleLaw(law, drawNoise(streams.noise, n, lawComponents(law)));
        disposeLaw(law);
        x.dispose();
        x = next;
        const rewards = await tweedieRewards(denoiser, reward, x, grid[k - 1]);
        assertFinite(rewards, `the reward at step ${k - 1}`);
        const stats = tracker.record({ k: k - 1, t: grid[k - 1], rewards, increment: null, logW: null });
        yield { stats, positions: ctx.emitPositions ? await readPoints(x) : undefined };
      }
      const x0 = denoiser.x0(x, grid[0]);
      const samples = await readPoints(x0);
      x0.dispose();
      assertFinite(samples, 'the final samples');
      return {
        samples,
        summary: {
          method: ctx.kernel === 'exact' ? 'base/exact-kernel' : ctx.eta === 1 ? 'base/ddpm' : `base/ddim(eta=${ctx.eta})`,
          exact: true,
          meanReward: await meanRewardOf(reward, samples),
          logWeightReason: 'the base sampler has no target tilt, so there are no importance weights',
        },
      };
    } finally {
      x.dispose();
    }
  },
};
