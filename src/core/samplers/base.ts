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
import {
  assertFinite,
  chainStreams,
  disposeEvaluation,
  evaluateDenoiser,
  meanRewardOf,
  modelStepLawFrom,
  readPoints,
  rewardValues,
  stepLawNeedsEps,
} from './common';
import type { Evaluation } from './common';

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
    // One evaluation per state: ε̂(x_k) drives the step out of x_k, x̂_0(x_k) gives that frame's reward (and at
    // k = 0 the output), so a run costs K + 1 denoiser evaluations.
    const needEps = stepLawNeedsEps(ctx);
    let ev: Evaluation = { eps: null, x0: null };
    try {
      ev = evaluateDenoiser(denoiser, x, grid[K], { eps: needEps, x0: false });
      for (let k = K; k >= 1; k--) {
        const law = modelStepLawFrom(ctx, denoiser, x, ev.eps, grid[k], grid[k - 1]);
        const next = sampleLaw(law, drawNoise(streams.noise, n, lawComponents(law)));
        disposeLaw(law);
        disposeEvaluation(ev);
        x.dispose();
        x = next;
        ev = evaluateDenoiser(denoiser, x, grid[k - 1], { eps: needEps && k > 1, x0: true });
        const rewards = await rewardValues(reward, ev.x0!);
        assertFinite(rewards, `the reward at step ${k - 1}`);
        const stats = tracker.record({ k: k - 1, t: grid[k - 1], rewards, increment: null, logW: null });
        yield { stats, positions: ctx.emitPositions ? await readPoints(x) : undefined };
      }
      const samples = await readPoints(ev.x0!);
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
      disposeEvaluation(ev);
    }
  },
};
