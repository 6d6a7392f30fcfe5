/**
 * The three SMC proposals q̃(x_{k−1} | x_k) of algorithms.md §5.1 and where each starts:
 * - P0 'base': the model's own step (FK steering's gradient-free choice); the transition ratio is 0.
 * - P1 'guided': the reward-gradient guided step of §3.1 (TDS), a Gaussian with the model's variance.
 * - P2 'exact-linear-tilt': the exact linear-tilt step of §3.2; with the exact kernel it is the exact reverse
 *   kernel (§2.2) of the closed-form tilted GMM q (§2.3), the perfect proposal of §7 check 23.
 *
 * Start. P0 and P1 (on either chain) and P2 on a DDPM chain start from N(0, I), the start the base sampler draws,
 * and carry no start weight. P2 on the exact kernel starts from the noised tilted GMM q_{t_K} and is weighed against
 * p_{t_K}, the exact chain's own marginal at t_K (§5.1: "plus log p_{t_K} − log q̃_{t_K} if the start is not
 * N(0, I)"). N(0, I) and p_{t_K} differ by terms of order α_{t_K} ≈ 0.0066 in log-density. P0 and P1 ignore that
 * difference so that they stay identical to the base sampler (§7 check 17); the perfect proposal needs the exact
 * marginal for its increments to be constant, so that with the twist-exact potential every particle's total
 * log-weight is the same (§5.4, §7 check 23).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { tiltGmm } from '../../exact';
import { add2, I2, scale2, vscale } from '../../linalg2';
import type { Vec2 } from '../../linalg2';
import { GmmDenoiser } from '../../models/gmm';
import type { MixtureLaw } from '../../models/gmm';
import type { Rng } from '../../rng';
import { alpha, sigma2 } from '../../schedule';
import type { Denoiser, GmmSpec, SamplerContext } from '../../types';
import { FieldError } from '../../types';
import { denoiserStepLaw, disposeLaw, drawNoise, exactKernelLaw, initialParticles, sampleLaw } from '../chain';
import type { StepLaw } from '../chain';
import { modelStepLaw, modelStepLawFrom, stepLawNeedsEps } from '../common';
import type { Evaluation } from '../common';
import { guidedDenoiser, guidedStepLaw } from '../guidance';
import { linearShiftDenoiser } from '../tilts';
import type { ProposalKind } from './spec';

export type { ProposalKind };

export interface SmcProposal {
  readonly kind: ProposalKind;
  /** True when the proposal is the model's step law itself (P0): log p − log q̃ is identically 0. */
  readonly isModelStep: boolean;
  /**
   * Draws x_K at time tK; `logStartRatio` is log p_start(x_K) − log q̃_start(x_K), or null when both starts are the
   * same law.
   */
  start(rng: Rng, n: number, tK: number): { x: Tensor2D; logStartRatio: Tensor1D | null };
  /**
   * The proposal's law of x_s given x at time t (s < t). Owned tensors: dispose with disposeLaw. `base` is the model's
   * evaluation at (x, t) when the sampler has it: P0 steps with its ε̂ instead of a new forward, P1 guides from its ε̂
   * and x̂₀ (one differentiated forward instead of two forwards and that one).
   */
  stepLaw(x: Tensor2D, t: number, s: number, base?: Evaluation): StepLaw;
}

function standardStart(rng: Rng, n: number): { x: Tensor2D; logStartRatio: null } {
  return { x: initialParticles(rng, n), logStartRatio: null };
}

/** The noised mixture Σ π_k N(α_t μ_k, α_t² S_k + σ_t² I) (§2.1) as a per-particle step law, to draw x_{t_K} from. */
function noisedMixtureLaw(spec: GmmSpec, t: number, n: number): MixtureLaw {
  const a = alpha(t);
  const s2 = sigma2(t);
  const logWeights = spec.weights.map((w) => Math.log(w));
  return {
    kind: 'mixture',
    logits: tf.tidy(() => tf.tile(tf.tensor2d(logWeights, [1, logWeights.length]), [n, 1]) as Tensor2D),
    means: spec.means.map((m) => tf.tidy(() => tf.tile(tf.tensor2d(vscale(m, a), [1, 2]), [n, 1]) as Tensor2D)),
    covs: spec.covs.map((S) => add2(scale2(S, a * a), scale2(I2, s2))),
  };
}

function linearTheta(ctx: SamplerContext, lambda: number): Vec2 {
  const poly = ctx.reward.polynomial;
  const isLinear = poly && poly.A.every((row) => row.every((v) => v === 0));
  if (!poly || !isLinear) throw new FieldError('sampler.proposal', 'exact-linear-tilt needs a linear reward');
  return [poly.b[0] / lambda, poly.b[1] / lambda];
}

function exactSpec(denoiser: Denoiser): GmmSpec {
  if (!denoiser.exact) throw new FieldError('model.kernel', 'the exact kernel needs the analytic gmm model');
  return denoiser.exact;
}

export function buildProposal(ctx: SamplerContext, kind: ProposalKind, lambda: number): SmcProposal {
  const { denoiser } = ctx;
  switch (kind) {
    case 'base':
      return {
        kind,
        isModelStep: true,
        start: standardStart,
        stepLaw: (x, t, s, base) =>
          base?.eps || !stepLawNeedsEps(ctx)
            ? modelStepLawFrom(ctx, denoiser, x, base?.eps ?? null, t, s)
            : modelStepLaw(ctx, denoiser, x, t, s),
      };
    case 'guided': {
      const guided = guidedDenoiser(denoiser, ctx.reward, lambda);
      return {
        kind,
        isModelStep: false,
        start: standardStart,
        stepLaw: (x, t, s, base) => guidedStepLaw(guided, x, t, s, ctx.eta, base),
      };
    }
    case 'exact-linear-tilt': {
      const theta = linearTheta(ctx, lambda);
      if (ctx.kernel !== 'exact') {
        const shifted = linearShiftDenoiser(denoiser, theta);
        return {
          kind,
          isModelStep: false,
          start: standardStart,
          stepLaw: (x, t, s) => denoiserStepLaw(shifted, x, t, s, ctx.eta),
        };
      }
      const base = exactSpec(denoiser);
      const tilted = tiltGmm(base, ctx.reward.polynomial!, lambda).spec;
      return {
        kind,
        isModelStep: false,
        start: (rng, n, tK) => {
          const law = noisedMixtureLaw(tilted, tK, n);
          const x = sampleLaw(law, drawNoise(rng, n, tilted.weights.length));
          disposeLaw(law);
          const logP = new GmmDenoiser(base).logDensity(x, tK);
          const logQ = new GmmDenoiser(tilted).logDensity(x, tK);
          const logStartRatio = tf.sub(logP, logQ) as Tensor1D;
          tf.dispose([logP, logQ]);
          return { x, logStartRatio };
        },
        stepLaw: (x, t, s) => exactKernelLaw(tilted, x, t, s),
      };
    }
  }
}
