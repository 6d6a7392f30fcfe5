/**
 * The exact target law of a (model, reward, sampler) triple on the analytic GMM, when it has a closed form:
 * the base itself, the KL tilt (§2.3) for KL-tilt and SMC, or the W-prox pushforward (§2.5).
 */
import type { SamplerSpec } from '../scenario';
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
 * The closed-form target, or null when there is none: a KL target of a max-linear or formula reward is a mixture
 * over regions (no GMM form), and the W-prox image of a non-polynomial reward is not a GMM either. The base target is
 * p itself; its mean reward is closed form for polynomial rewards and a 1-D quadrature for max-linear ones, while a
 * formula reward has no exact mean and gives null.
 * Throws FieldError('sampler.lambda') when the polynomial target does not exist (tilt not normalisable, W-prox
 * objective unbounded).
 */
export function exactTargetFor(model: GmmSpec, reward: Reward, sampler: SamplerSpec): ExactTarget | null {
  const poly = reward.polynomial;
  switch (sampler.kind) {
    case 'base': {
      if (poly) return { spec: model, meanReward: gmmExpectedReward(model, poly), description: 'the base GMM p' };
      if (reward.maxLinear) {
        const { thetas, biases } = reward.maxLinear;
        return { spec: model, meanReward: gmmExpectedMaxLinear(model, thetas, biases), description: 'the base GMM p' };
      }
      return null;
    }
    case 'kl-tilt':
    case 'smc': {
      if (!poly) return null;
      const tilted = tiltGmm(model, poly, sampler.lambda);
      return {
        spec: tilted.spec,
        logZ: tilted.logZ,
        meanReward: gmmExpectedReward(tilted.spec, poly),
        description: `the tilted GMM q ∝ p·e^{r/λ}, λ = ${sampler.lambda} (closed form, §2.3)`,
      };
    }
    case 'w-prox': {
      if (!poly) return null;
      const pushed = wProxPushforward(model, poly, sampler.lambda);
      return {
        spec: pushed.spec,
        meanReward: gmmExpectedReward(pushed.spec, poly),
        transportCost: pushed.transportCost,
        description: `the W-prox pushforward T_#p, λ_W = ${sampler.lambda} (closed form, §2.5)`,
      };
    }
  }
}
