/**
 * The KL-tilt sampler: draws from q ∝ p·e^{r/λ} with the most exact tool the (model, reward) pair allows (see
 * klTilt/plan.ts; algorithms.md §2.3, §3.1–3.4) and reports which one ran in summary.method.
 *
 * Per-step diagnostics are "what SMC would weigh" (§5.4): with r_k = r(x̂₀^p(x_k)) from the BASE denoiser,
 *   ℓ_k = log p(x_{k−1} | x_k) − log q_used(x_{k−1} | x_k) + (r_{k−1} − r_k)/λ,
 * the DIFF potentials of §5.1, whose first term ℓ_K = r_K/λ is folded into the first recorded step so that the
 * lineage sums are complete. For an exact sampler the increments cancel along each path and V^cum_0 is small.
 * The streams ('init', 'noise') are those of the base sampler, so λ → ∞ reproduces it draw for draw (§7 check 9).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { LineageTracker, normalizedWeights } from '../diagnostics';
import { timeGrid } from '../schedule';
import type { SampleOutput, SamplerContext, SamplerDef, SamplerSummary, StepFrame } from '../types';
import { disposeLaw, drawNoise, initialParticles, lawComponents, logProbLaw, sampleLaw } from './chain';
import type { StepLaw } from './chain';
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
import { planKlTilt } from './klTilt/plan';
import { klTiltSpec } from './klTilt/spec';
import { klTiltTarget } from '../exact/target';
import type { KlTiltParams } from './klTilt/plan';
import { systematicResample } from './resampling';

export type { KlTiltParams };

/** log p(x_s | x_t) − log q(x_s | x_t) per particle (both laws summed over the two dimensions, §1). */
async function transitionLogRatio(
  ctx: SamplerContext,
  x: Tensor2D,
  baseEps: Tensor2D | null,
  next: Tensor2D,
  lawQ: StepLaw,
  t: number,
  s: number,
): Promise<Float32Array> {
  const lawP = modelStepLawFrom(ctx, ctx.denoiser, x, baseEps, t, s);
  const ratio = tf.tidy(() => tf.sub(logProbLaw(lawP, next), logProbLaw(lawQ, next)));
  disposeLaw(lawP);
  const values = (await ratio.data()) as Float32Array;
  ratio.dispose();
  return values;
}

function gather(points: Float32Array, ancestors: Int32Array): Float32Array {
  const out = new Float32Array(points.length);
  ancestors.forEach((a, i) => {
    out[2 * i] = points[2 * a];
    out[2 * i + 1] = points[2 * a + 1];
  });
  return out;
}

export const klTiltSampler: SamplerDef<KlTiltParams> = {
  kind: 'kl-tilt',
  spec: klTiltSpec,
  exactTarget: (model, reward, params) => klTiltTarget(model, reward, params.lambda),
  async *run(ctx, params): AsyncGenerator<StepFrame, SampleOutput, void> {
    const { denoiser, reward, particles: n, steps: K } = ctx;
    const lambda = params.lambda;
    const grid = timeGrid(K);
    const streams = chainStreams(ctx.seed);
    const plan = await planKlTilt(ctx, params, streams);
    const tracker = new LineageTracker(n);
    let x: Tensor2D = initialParticles(streams.init, n);
    // A deterministic DDIM step (η = 0) has no transition density, hence no log-weights.
    const weighted = ctx.eta > 0 || ctx.kernel === 'exact';
    // One BASE evaluation per state x_k: x̂₀^p(x_k) for r_k and ε̂^p(x_k) for log p(x_{k−1} | x_k) one step later.
    // Guidance steps from that same evaluation (ε̂ and x̂₀ of the base at x_k), so it asks for ε̂ in any case.
    const needEps = (weighted && stepLawNeedsEps(ctx)) || plan.usesBaseEvaluation === true;
    let ev: Evaluation = { eps: null, x0: null };
    try {
      ev = evaluateDenoiser(denoiser, x, grid[K], { eps: needEps, x0: true });
      let prevRewards = await rewardValues(reward, ev.x0!);
      assertFinite(prevRewards, `the reward at step ${K}`);
      for (let k = K; k >= 1; k--) {
        const lawQ = plan.stepLaw(x, grid[k], grid[k - 1], ev);
        const next = sampleLaw(lawQ, drawNoise(streams.noise, n, lawComponents(lawQ)));
        const ratio = weighted ? await transitionLogRatio(ctx, x, ev.eps, next, lawQ, grid[k], grid[k - 1]) : null;
        disposeLaw(lawQ);
        disposeEvaluation(ev);
        x.dispose();
        x = next;
        ev = evaluateDenoiser(denoiser, x, grid[k - 1], { eps: needEps && k > 1, x0: true });
        const rewards = await rewardValues(reward, ev.x0!);
        assertFinite(rewards, `the reward at step ${k - 1}`);
        let increment: Float64Array | null = null;
        if (ratio) {
          increment = new Float64Array(n);
          // DIFF potential (r_{k−1} − r_k)/λ, plus ℓ_K = r_K/λ on the first step.
          for (let i = 0; i < n; i++) {
            increment[i] = ratio[i] + (rewards[i] - prevRewards[i]) / lambda + (k === K ? prevRewards[i] / lambda : 0);
          }
          assertFinite(increment, `the log-weight increment at step ${k - 1}`);
        }
        prevRewards = rewards;
        const stats = tracker.record({ k: k - 1, t: grid[k - 1], rewards, increment, logW: null });
        yield { stats, positions: ctx.emitPositions ? await readPoints(x) : undefined };
      }
      const x0 = plan.x0(x, grid[0]);
      const points = await readPoints(x0);
      x0.dispose();
      assertFinite(points, 'the final samples');
      const summary = async (samples: Float32Array): Promise<SamplerSummary> => ({
        method: plan.method,
        exact: plan.exact,
        ...(plan.note ? { note: plan.note } : {}),
        meanReward: await meanRewardOf(reward, samples),
        ...(plan.logZ !== undefined ? { logZ: plan.logZ } : {}),
        ...(weighted
          ? {}
          : { logWeightReason: 'a deterministic DDIM step (η = 0) has no transition density, so there are no log-weights' }),
      });
      if (!plan.correction) return { samples: points, summary: await summary(points) };
      // Exact correction of the mixture proposal (§3.4): weights, then one systematic resample.
      const logWeights = plan.correction.logWeights(points);
      const samples = gather(points, systematicResample(normalizedWeights(logWeights), streams.resample));
      return {
        samples,
        weightedSamples: points,
        logWeights,
        summary: { ...(await summary(samples)), logZHat: plan.correction.logZHat(logWeights), resamplings: 1 },
      };
    } finally {
      x.dispose();
      disposeEvaluation(ev);
      plan.dispose();
    }
  },
};
