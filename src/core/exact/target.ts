/**
 * The exact target laws on the analytic GMM, when they have a closed form: the base itself, the KL tilt (§2.3),
 * or the W-prox pushforward (§2.5).
 */
import type { GmmSpec, Reward } from '../types';
import { gmmExpectedMaxLinear } from './maxLinearMean';
import { gmmExpectedReward, tiltGmm } from './tilt';
import { wProxPushforward } from './wprox';

export interface ExactTarget {
  spec: GmmSpec;
  logZ?: number;
  /** E r under the target. */
  meanReward: number;
  /** W-prox: W₂²(p, T_#p). */
  transportCost?: number;
  description: string;
}

/**
 * The closed-form targets of the samplers, one function per kind of target; each sampler's descriptor names the one
 * it samples (samplers/registry.ts `exactTargetFor`). Null when there is none: a KL target of a max-linear or formula
 * reward is a mixture over regions (no GMM form), and the W-prox image of a non-polynomial reward is not a GMM
 * either. Throws FieldError('sampler.lambda') when the polynomial target does not exist (tilt not normalisable,
 * W-prox objective unbounded).
 */

/** The base p itself: its mean reward is closed form for polynomial rewards and a 1-D quadrature for max-linear
 *  ones, while a formula reward has no exact mean and gives null. */
export function baseTarget(model: GmmSpec, reward: Reward): ExactTarget | null {
  const poly = reward.polynomial;
  if (poly) return { spec: model, meanReward: gmmExpectedReward(model, poly), description: 'the base GMM p' };
  if (reward.maxLinear) {
    const { thetas, biases } = reward.maxLinear;
    return { spec: model, meanReward: gmmExpectedMaxLinear(model, thetas, biases), description: 'the base GMM p' };
  }
  return null;
}

/** The KL tilt q ∝ p·e^{r/λ} (§2.3), the target of KL-tilt and SMC. */
export function klTiltTarget(model: GmmSpec, reward: Reward, lambda: number): ExactTarget | null {
  const poly = reward.polynomial;
  if (!poly) return null;
  const tilted = tiltGmm(model, poly, lambda);
  return {
    spec: tilted.spec,
    logZ: tilted.logZ,
    meanReward: gmmExpectedReward(tilted.spec, poly),
    description: `the tilted GMM q ∝ p·exp(r/λ), λ = ${lambda} (closed form, §2.3)`,
  };
}

/** The W-prox pushforward T_#p (§2.5). */
export function wProxTarget(model: GmmSpec, reward: Reward, lambdaW: number): ExactTarget | null {
  const poly = reward.polynomial;
  if (!poly) return null;
  const pushed = wProxPushforward(model, poly, lambdaW);
  return {
    spec: pushed.spec,
    meanReward: gmmExpectedReward(pushed.spec, poly),
    transportCost: pushed.transportCost,
    description: `the W-prox pushforward T_#p, λ_W = ${lambdaW} (closed form, §2.5)`,
  };
}
