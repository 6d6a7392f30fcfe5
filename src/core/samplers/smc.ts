/**
 * The SMC sampler: Feynman–Kac steering / twisted diffusion sampling toward q ∝ p·e^{r/λ} (algorithms.md §5).
 *
 * Particles x_K ~ start law, then for k = K … 1, arriving at x_{k−1}:
 *   propose   x_{k−1} ~ q̃(· | x_k)                                 (P0 / P1 / P2, §5.1)
 *   weight    ℓ_{k−1} = log p(x_{k−1} | x_k) − log q̃(x_{k−1} | x_k) + log G_{k−1},  log W += ℓ_{k−1}
 *   record    the §5.4 statistics (weighted mean reward, V_k, V_k^cum, ESS), before any resampling
 *   resample  when the step is in the schedule (every `resampleEvery` steps and always the last) and ESS < κN;
 *             then log W = 0 and the lineage memories (potentials, cumulative log-weights) follow the ancestors.
 * At k = K the weight is ℓ_K = log G_K (plus the start ratio of the proposal, see smc/proposals.ts).
 * Weights are carried between resamplings (§5.2). Ẑ is the product over epochs of the mean unnormalised weight,
 * unbiased for Z = E e^{r/λ} under the model's path law (§5.3).
 *
 * The RNG streams are those of the base sampler ('init', 'noise') plus 'resample', touched only when a resampling
 * happens: with a constant reward the run is the base sampler, particle for particle (§7 check 17).
 * The output x_0 = x̂_0(x_{t_0}, t_0) is also where r_0 is evaluated, so Π G = e^{r(x_0)/λ} for the returned points.
 * Each step reads back what it needs (rewards, log-ratios, log ψ, positions) in one transfer; frames carry the
 * positions after that step's resampling, if any.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { LineageTracker } from '../diagnostics';
import { logPsi, tiltGmm } from '../exact';
import type { SamplerSpec } from '../scenario';
import { timeGrid } from '../schedule';
import { FieldError } from '../types';
import type { SampleOutput, SamplerContext, SamplerDef, StepFrame } from '../types';
import { disposeLaw, drawNoise, lawComponents, logProbLaw, sampleLaw } from './chain';
import {
  assertFinite,
  chainStreams,
  disposeEvaluation,
  evaluateDenoiser,
  meanRewardOf,
  modelStepLawFrom,
  stepLawNeedsEps,
} from './common';
import type { Evaluation } from './common';
import { LineagePotentials, potentialNeedsTwist } from './potentials';
import { RESAMPLERS, systematicResample } from './resampling';
import { buildProposal } from './smc/proposals';
import { readTogether } from './smc/readback';
import { smcSpec } from './smc/spec';
import { klTiltTarget } from '../exact/target';
import { ParticleWeights } from './smc/weights';
import { betaSchedule, conditionalEss, temperedIncrement } from './smc/tempering';
import { backwardSchedule, pilotPotentials } from './smc/pilot';
import type { Genealogy } from '../types';

export type SmcSpec = Extract<SamplerSpec, { kind: 'smc' }>;

type Twist = (x: Tensor2D, t: number) => Tensor1D;

function checkParams(ctx: SamplerContext, params: SmcSpec): void {
  if (!(params.lambda > 0) || !Number.isFinite(params.lambda))
    throw new FieldError('sampler.lambda', 'must be a finite number > 0');
  if (!(params.essThreshold >= 0 && params.essThreshold <= 1))
    throw new FieldError('sampler.essThreshold', 'must lie in [0, 1]');
  if (!Number.isInteger(params.resampleEvery) || params.resampleEvery < 1)
    throw new FieldError('sampler.resampleEvery', 'must be an integer ≥ 1');
  if (!(params.resampling in RESAMPLERS))
    throw new FieldError('sampler.resampling', 'is not a known resampling scheme');
  if (!(ctx.eta > 0)) throw new FieldError('eta', 'SMC needs a stochastic step (eta > 0) to weigh transitions');
}

/** log ψ_t of §2.4 for the twist-exact potential: needs the analytic GMM and a polynomial reward. */
function exactTwist(ctx: SamplerContext, lambda: number): Twist {
  const base = ctx.denoiser.exact;
  const poly = ctx.reward.polynomial;
  if (!base) throw new FieldError('sampler.potential', 'twist-exact needs the analytic gmm model');
  if (!poly)
    throw new FieldError('sampler.potential', 'twist-exact needs a linear or quadratic reward (closed-form tilt)');
  return (x, t) => logPsi(base, poly, lambda, x, t);
}

/** Closed-form log Z = log E_p e^{r/λ} (§2.3) when the model is the analytic GMM and the reward is polynomial. */
function closedFormLogZ(ctx: SamplerContext, lambda: number): number | undefined {
  const base = ctx.denoiser.exact;
  const poly = ctx.reward.polynomial;
  return base && poly ? tiltGmm(base, poly, lambda).logZ : undefined;
}

/** Number of distinct values among ancestor indices: the particles that survive a resampling. */
export function distinctCount(ancestors: ArrayLike<number>, n: number): number {
  const seen = new Uint8Array(n);
  let count = 0;
  for (let i = 0; i < ancestors.length; i++) {
    if (!seen[ancestors[i]]) {
      seen[ancestors[i]] = 1;
      count++;
    }
  }
  return count;
}

/** Interleaved N×2 points reordered by ancestor indices. */
function gatherPoints(points: Float32Array, ancestors: Int32Array): Float32Array {
  const out = new Float32Array(points.length);
  for (let i = 0; i < ancestors.length; i++) {
    out[2 * i] = points[2 * ancestors[i]];
    out[2 * i + 1] = points[2 * ancestors[i] + 1];
  }
  return out;
}

function temperingNote(params: SmcSpec): string {
  const t = params.tempering;
  const at = params.potentialsAt === 'resampling-steps' ? ', potentials at resampling steps' : '';
  if (t.kind === 'none') return at;
  return `${at}, ${t.kind === 'fixed' ? `fixed ${t.schedule}` : `adaptive (ESS ≥ ${t.targetEss}·N)`} tempering`;
}

/** §5.7: the tilt's strength, in nats of KL(q‖p), from which the DDPM path law's difference from p shows. */
export const STRONG_TILT_NATS = 1;

/**
 * §5.7: SMC converges to the tilt of the model's own path law. With DDPM steps that law's marginal is not p, and a
 * strong tilt (the run's own estimate KL̂ = r̄/λ − log Ẑ ≥ 1 nat) magnifies the difference.
 */
function pathLawCaveat(ctx: SamplerContext, klHat: number): string {
  if (ctx.kernel !== 'ddpm' || !(klHat >= STRONG_TILT_NATS)) return '';
  return (
    `. Caution: with DDPM steps SMC targets the tilt of the DDPM chain's own law, not of p, and this tilt is strong ` +
    `(KL ≈ ${klHat.toFixed(1)} nats), which magnifies the difference: more particles do not remove that bias; ` +
    `more steps or the exact kernel do (§5.7)`
  );
}

export const smcSampler: SamplerDef<SmcSpec> = {
  kind: 'smc',
  spec: smcSpec,
  exactTarget: (model, reward, params) => klTiltTarget(model, reward, params.lambda),
  async *run(ctx, params): AsyncGenerator<StepFrame, SampleOutput, void> {
    checkParams(ctx, params);
    const { denoiser, reward, particles: n, steps: K } = ctx;
    const lambda = params.lambda;
    const twist = potentialNeedsTwist(params.potential) ? exactTwist(ctx, lambda) : null;
    const logZ = closedFormLogZ(ctx, lambda);
    const proposal = buildProposal(ctx, params.proposal, lambda);
    const resample = RESAMPLERS[params.resampling];
    const grid = timeGrid(K);
    const streams = chainStreams(ctx.seed);
    const potentials = new LineagePotentials(params.potential, n, lambda);
    const weights = new ParticleWeights(n);
    const tracker = new LineageTracker(n);
    const pilot =
      params.tempering.kind === 'adaptive'
        ? backwardSchedule(
            await pilotPotentials(ctx, streams.extra.fork('pilot'), {
              lambda,
              potential: params.potential,
              potentialsAt: params.potentialsAt,
              resampleEvery: params.resampleEvery,
              twist,
            }),
            K,
            params.tempering.targetEss,
          )
        : null;
    const betaAt = betaSchedule(params.tempering, K, pilot);
    const genealogy: Genealogy = { steps: [], ancestors: [] };
    let beta: number;

    const started = proposal.start(streams.init, n, grid[K]);
    let x: Tensor2D = started.x;
    // One evaluation of the model per state x_k (K + 1 per run): x̂₀(x_k) gives r_k, ε̂(x_k) the model's step law
    // out of x_k (the P0 proposal itself, or the p of the P1/P2 transition ratio).
    const needEps = stepLawNeedsEps(ctx);
    let ev: Evaluation = { eps: null, x0: null };
    try {
      ev = evaluateDenoiser(denoiser, x, grid[K], { eps: needEps, x0: true });
      // k = K: ℓ_K = log G_K (+ log p_start − log q̃_start). Not a frame of its own: frames are the steps taken.
      {
        const r = tf.tidy(() => reward.value(ev.x0!));
        const psi = twist ? twist(x, grid[K]) : null;
        const [rK, psiK, startRatio] = await readTogether([r, psi, started.logStartRatio]);
        tf.dispose([r, psi, started.logStartRatio].filter((v) => v !== null));
        assertFinite(rK!, `the reward at step ${K}`);
        if (psiK) assertFinite(psiK, `log ψ at step ${K}`);
        if (startRatio) assertFinite(startRatio, 'the start weight');
        const logG = potentials.first(rK!, psiK);
        const zeros = new Float64Array(n);
        beta = betaAt(K);
        const increment = temperedIncrement(beta, 0, zeros, logG, startRatio, new Float64Array(n));
        weights.add(increment);
        tracker.record({ k: K, t: grid[K], rewards: rK!, increment, logW: weights.logWeights() });
      }

      let weightedSamples: Float32Array | null = null;
      let logWeights: Float64Array | null = null;
      let outputs: Float32Array | null = null;
      for (let k = K; k >= 1; k--) {
        const t = grid[k];
        const s = grid[k - 1];
        const isLast = k - 1 === 0;
        // Propose x_{k−1} ~ q̃(· | x_k), then the transition part of ℓ_{k−1}.
        const q = proposal.stepLaw(x, t, s, ev);
        const next = sampleLaw(q, drawNoise(streams.noise, n, lawComponents(q)));
        let logRatio: Tensor1D | null = null;
        if (!proposal.isModelStep) {
          const p = modelStepLawFrom(ctx, denoiser, x, ev.eps, t, s);
          logRatio = tf.tidy(() => tf.sub(logProbLaw(p, next), logProbLaw(q, next)) as Tensor1D);
          disposeLaw(p);
        }
        disposeLaw(q);
        disposeEvaluation(ev);
        x.dispose();
        x = next;

        ev = evaluateDenoiser(denoiser, x, s, { eps: needEps && !isLast, x0: true });
        const x0hat = ev.x0!;
        const r = reward.value(x0hat);
        const psi = twist && !isLast ? twist(x, s) : null;
        const [rewards, ratio, psiK, points, x0points] = await readTogether([
          r,
          logRatio,
          psi,
          ctx.emitPositions ? x : null,
          isLast ? x0hat : null,
        ]);
        tf.dispose([r, logRatio, psi].filter((v) => v !== null));
        assertFinite(rewards!, `the reward at step ${k - 1}`);
        if (ratio) assertFinite(ratio, `the transition log-ratio at step ${k - 1}`);
        if (psiK) assertFinite(psiK, `log ψ at step ${k - 1}`);

        const inSchedule = (K - (k - 1)) % params.resampleEvery === 0 || isLast;
        const before = weights.normalized();
        let increment: Float64Array;
        if (isLast) {
          // The closing potential: r_0/λ minus the tempered accumulated log-potential, so Π G̃ = e^{r_0/λ}.
          increment = potentials.last(rewards!, beta);
          if (ratio) for (let i = 0; i < n; i++) increment[i] += ratio[i];
          beta = 1;
        } else if (params.potentialsAt === 'every-step' || inSchedule) {
          const sumPrev = potentials.lineageSums();
          const logG = potentials.next(rewards!, psiK);
          const betaPrev = beta;
          // Non-decreasing by construction; max() keeps it so when potentials skip steps of a fixed schedule.
          beta = Math.max(betaPrev, betaAt(k - 1));
          increment = temperedIncrement(beta, betaPrev, sumPrev, logG, ratio, new Float64Array(n));
        } else {
          // Potentials only at resampling steps (FK's code): between them a particle carries its transition ratio.
          increment = new Float64Array(n);
          if (ratio) increment.set(ratio);
        }
        assertFinite(increment, `the log-weights at step ${k - 1}`);
        weights.add(increment);
        const stats = tracker.record({ k: k - 1, t: s, rewards: rewards!, increment, logW: weights.logWeights() });
        stats.beta = beta;
        stats.cess = conditionalEss(before, increment);
        stats.unique = null;
        if (isLast) {
          assertFinite(x0points!, 'the final samples');
          weightedSamples = x0points!.slice();
          logWeights = weights.logWeights();
          outputs = weightedSamples;
        }

        let positions: Float32Array | undefined = points ? points.slice() : undefined;
        let drawn: Int32Array | undefined;
        if (inSchedule && weights.ess() < params.essThreshold * n) {
          const ancestors = resample(weights.normalized(), streams.resample);
          drawn = Int32Array.from(ancestors);
          genealogy.steps.push(k - 1);
          genealogy.ancestors.push(drawn);
          stats.unique = distinctCount(drawn, n);
          weights.closeEpoch();
          potentials.permute(ancestors);
          tracker.permute(ancestors);
          if (positions) positions = gatherPoints(positions, ancestors);
          if (isLast) outputs = gatherPoints(outputs!, ancestors);
          else {
            const idx = tf.tensor1d(ancestors, 'int32');
            const resampled = tf.gather(x, idx) as Tensor2D;
            // The evaluation is per particle: the resampled particles' ε̂ and x̂₀ are gathered (no new forward).
            const gathered: Evaluation = {
              eps: ev.eps ? (tf.gather(ev.eps, idx) as Tensor2D) : null,
              x0: ev.x0 ? (tf.gather(ev.x0, idx) as Tensor2D) : null,
            };
            idx.dispose();
            disposeEvaluation(ev);
            ev = gathered;
            x.dispose();
            x = resampled;
          }
          stats.resampled = true;
        }
        yield drawn ? { stats, positions, ancestors: drawn } : { stats, positions };
      }

      // Equally weighted output: one final systematic resample of the weighted set (the identity when the
      // last step already resampled, since the weights are then uniform).
      const samples = gatherPoints(outputs!, systematicResample(weights.normalized(), streams.resample));
      const meanReward = await meanRewardOf(reward, samples);
      const logZHat = weights.logZHat();
      return {
        samples,
        weightedSamples: weightedSamples!,
        logWeights: logWeights!,
        genealogy,
        summary: {
          method: 'smc',
          exact: true,
          note:
            `Feynman–Kac SMC, proposal ${params.proposal}, potential ${params.potential}, ` +
            `${params.resampling} resampling at ESS < ${params.essThreshold}·N${temperingNote(params)}; ` +
            `consistent as N grows, Ẑ unbiased${pathLawCaveat(ctx, meanReward / lambda - logZHat)}`,
          meanReward,
          logZ,
          logZHat,
          resamplings: weights.resamplings(),
        },
      };
    } finally {
      x.dispose();
      disposeEvaluation(ev);
    }
  },
};
