/**
 * Which KL-tilt tool runs for a (model, reward) pair, and the step law it samples with (architecture.md "kl-tilt"; the
 * most exact tool the pair allows):
 *   analytic GMM + linear/quadratic reward   → 'exact-gmm'            the closed-form tilted GMM (§2.3), exact kernel
 *                                                                       (§2.2) when the context asks for it
 *   max-linear reward (any model)            → 'linear-mixture'       mixture of linear tilts + exact correction (§3.4)
 *   learned model + linear reward            → 'linear-shift'         the exact linear-tilt primitive (§3.2)
 *   learned model + isotropic concave quad.  → 'quadratic-time-shift' location and time shift (§3.3)
 *   anything else                            → 'guidance'             reward-gradient guidance (§3.1), approximate
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { gmmLogMgf, tiltGmm } from '../../exact';
import type { PolynomialReward } from '../../exact';
import type { Vec2 } from '../../linalg2';
import { GmmDenoiser } from '../../models/gmm';
import { FieldError } from '../../types';
import type { Denoiser, Reward, SamplerContext } from '../../types';
import { denoiserStepLaw } from '../chain';
import type { z } from 'zod';
import type { StepLaw } from '../chain';
import type { klTiltSchema } from './spec';
import type { ChainStreams, Evaluation } from '../common';
import { guidedDenoiser, guidedStepLaw } from '../guidance';
import { linearShiftDenoiser, quadraticTimeShiftDenoiser } from '../tilts';
import { linearTiltKernelLaw } from './linearTiltKernel';
import { thermodynamicLogMgf } from './logMgf';
import { correctionLogWeights, drawTilts, logZEstimate, mixingLaw } from './maxLinearMixture';

export type KlTiltMethod = 'exact-gmm' | 'linear-shift' | 'quadratic-time-shift' | 'linear-mixture' | 'guidance';

export type KlTiltParams = z.output<typeof klTiltSchema>;

/** Draws per (Gauss–Legendre node, piece) for the thermodynamic log-MGF of a learned model (§3.4 item 3). */
export const LOG_MGF_BATCH = 256;

export interface TiltPlan {
  method: KlTiltMethod;
  exact: boolean;
  note?: string;
  /** Closed-form log Z = log E_p e^{r/λ} where known. */
  logZ?: number;
  /**
   * The law of the sampler's step x_t → x_s. `base` is the base model's evaluation at (x, t) when the sampler has it
   * (guidance then needs one forward less).
   */
  stepLaw(x: Tensor2D, t: number, s: number, base?: Evaluation): StepLaw;
  /** Whether stepLaw uses both ε̂ and x̂₀ of `base` (guidance): the sampler then evaluates ε̂ even when it needs no log-weights. */
  usesBaseEvaluation?: boolean;
  /** The sampler's Tweedie estimate (the output is x̂₀(x_{t_0}, t_0), §1). */
  x0(x: Tensor2D, t: number): Tensor2D;
  /** The exact correction of a proposal mixture: log-weights of the final points and the log Ẑ they give. */
  correction?: { logWeights(points: Float32Array): Float64Array; logZHat(logWeights: Float64Array): number };
  dispose(): void;
}

function isLinear(poly: PolynomialReward): boolean {
  return poly.A.every((row) => row.every((v) => v === 0));
}

/** κ when A = κI with κ > 0 (to relative 1e-12), else null. */
function isotropicConcaveCurvature(poly: PolynomialReward): number | null {
  const [[a, b], [c, d]] = poly.A;
  const scale = Math.max(Math.abs(a), Math.abs(d));
  const tol = 1e-12 * scale;
  return a > 0 && Math.abs(a - d) <= tol && Math.abs(b) <= tol && Math.abs(c) <= tol ? 0.5 * (a + d) : null;
}

function modelDescription(denoiser: Denoiser): string {
  return denoiser.exact ? 'the analytic GMM' : `the learned model "${denoiser.name}"`;
}

/** The method `auto`/`exact`/`guidance` resolves to; `exact` throws FieldError('sampler.method') when none exists. */
export function chooseKlTiltMethod(denoiser: Denoiser, reward: Reward, method: KlTiltParams['method']): KlTiltMethod {
  if (method === 'guidance') return 'guidance';
  const poly = reward.polynomial;
  if (denoiser.exact && poly) return 'exact-gmm';
  if (reward.maxLinear) return 'linear-mixture';
  if (poly && isLinear(poly)) return 'linear-shift';
  if (poly && isotropicConcaveCurvature(poly) !== null) return 'quadratic-time-shift';
  if (method === 'exact') {
    throw new FieldError(
      'sampler.method',
      `no exact KL-tilt for a ${reward.kind} reward (${reward.label}) on ${modelDescription(denoiser)}; use auto or guidance`,
    );
  }
  return 'guidance';
}

/** The DDIM(η) step of a denoiser, or its exact kernel (§2.2) when it is analytic and the context asks for it. */
function plainStepLaw(ctx: SamplerContext, denoiser: Denoiser, x: Tensor2D, t: number, s: number): StepLaw {
  if (ctx.kernel === 'exact' && denoiser instanceof GmmDenoiser) return denoiser.reverseKernel(x, t, s);
  return denoiserStepLaw(denoiser, x, t, s, ctx.eta);
}

function plainPlan(ctx: SamplerContext, method: KlTiltMethod, denoiser: Denoiser, extra: Partial<TiltPlan>): TiltPlan {
  return {
    method,
    exact: true,
    stepLaw: (x, t, s) => plainStepLaw(ctx, denoiser, x, t, s),
    x0: (x, t) => denoiser.x0(x, t),
    dispose: () => undefined,
    ...extra,
  };
}

const LEARNED_SHIFT_NOTE =
  'exact for the model’s own score; at high noise the shifted inputs lie far outside a learned net’s training range';

export async function planKlTilt(ctx: SamplerContext, params: KlTiltParams, streams: ChainStreams): Promise<TiltPlan> {
  const { denoiser: base, reward } = ctx;
  const lambda = params.lambda;
  const method = chooseKlTiltMethod(base, reward, params.method);
  const poly = reward.polynomial;
  switch (method) {
    case 'exact-gmm': {
      const tilted = tiltGmm(base.exact!, poly!, lambda);
      return plainPlan(ctx, method, new GmmDenoiser(tilted.spec, `${base.name}+tilt`), { logZ: tilted.logZ });
    }
    case 'linear-shift': {
      const theta: Vec2 = [poly!.b[0] / lambda, poly!.b[1] / lambda];
      return plainPlan(ctx, method, linearShiftDenoiser(base, theta), { note: LEARNED_SHIFT_NOTE });
    }
    case 'quadratic-time-shift': {
      const kappa = isotropicConcaveCurvature(poly!)!;
      const theta: Vec2 = [poly!.b[0] / lambda, poly!.b[1] / lambda];
      return plainPlan(ctx, method, quadraticTimeShiftDenoiser(base, kappa / lambda, theta), {
        note: `${LEARNED_SHIFT_NOTE}; the shifted time is clamped at t_min (a small bias at the last steps)`,
      });
    }
    case 'linear-mixture':
      return mixturePlan(ctx, lambda, streams);
    case 'guidance': {
      const guided = guidedDenoiser(base, reward, lambda);
      return plainPlan(ctx, method, guided, {
        stepLaw: (x, t, s, evaluation) => guidedStepLaw(guided, x, t, s, ctx.eta, evaluation),
        usesBaseEvaluation: true,
        exact: false,
        ...knownLogZ(base, poly, lambda),
        note:
          'approximate: guidance (§3.1) replaces E[exp(r(x₀)/λ) | x_t] by exp(r(x̂₀)/λ), which mis-weights modes; ' +
          'use SMC for an exact correction',
      });
    }
  }
}

/** The closed-form log Z of an analytic GMM with a polynomial reward (§2.3), when the tilt is normalisable. */
function knownLogZ(base: Denoiser, poly: PolynomialReward | undefined, lambda: number): { logZ?: number } {
  if (!base.exact || !poly) return {};
  try {
    return { logZ: tiltGmm(base.exact, poly, lambda).logZ };
  } catch (e) {
    // Forced guidance still runs (approximately) toward a target that does not exist; it just has no log Z.
    if (e instanceof FieldError) return {};
    throw e;
  }
}

async function mixturePlan(ctx: SamplerContext, lambda: number, streams: ChainStreams): Promise<TiltPlan> {
  const base = ctx.denoiser;
  const { thetas, biases } = ctx.reward.maxLinear!;
  const tilts = thetas.map((t) => [t[0] / lambda, t[1] / lambda] as Vec2);
  const spec = base.exact;
  const estimates = spec
    ? null
    : await thermodynamicLogMgf(base, tilts, {
        batch: LOG_MGF_BATCH,
        steps: ctx.steps,
        eta: ctx.eta,
        rng: streams.extra.fork('log-mgf'),
      });
  const logMgfs = estimates ? estimates.map((e) => e.logMgf) : tilts.map((t) => gmmLogMgf(spec!, t));
  const law = mixingLaw(thetas, biases, lambda, logMgfs);
  const thetaT = tf.tensor2d(drawTilts(law, ctx.particles, streams.extra), [ctx.particles, 2]);
  const shifted = linearShiftDenoiser(base, thetaT);
  const useExactKernel = ctx.kernel === 'exact' && spec !== undefined;
  return {
    method: 'linear-mixture',
    exact: true,
    note:
      `proposal: a mixture of ${thetas.length} linear tilts (ρ = ${law.rho.map((r) => r.toFixed(3)).join(', ')}), ` +
      'corrected by self-normalised weights and a final systematic resample' +
      (estimates
        ? `; log M_p by thermodynamic integration (Monte-Carlo error up to ` +
          `±${Math.max(...estimates.map((e) => e.standardError)).toExponential(1)}), which the correction inherits`
        : ''),
    stepLaw: (x, t, s) =>
      useExactKernel ? linearTiltKernelLaw(spec, thetaT, x, t, s) : denoiserStepLaw(shifted, x, t, s, ctx.eta),
    x0: (x, t) => shifted.x0(x, t),
    correction: {
      logWeights: (points) => correctionLogWeights(points, thetas, biases, lambda),
      logZHat: (logW) => logZEstimate(law, logW),
    },
    dispose: () => thetaT.dispose(),
  };
}
