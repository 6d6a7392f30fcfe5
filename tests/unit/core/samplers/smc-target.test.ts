// SMC's closed-form target (§5: SMC samples the KL tilt q ∝ p·e^{r/λ}, §2.3), the one the app draws and scores a run
// against: for a single Gaussian and a linear reward, N(μ + Sa/λ, S) with log Z = a·μ/λ + ½aᵀSa/λ².
import { describe, expect, it } from 'vitest';
import type { Vec2 } from '../../../../src/core/linalg2';
import { exactTargetFor } from '../../../../src/core/samplers/registry';
import { linearReward, SINGLE_GAUSSIAN } from '../../fixtures';
import { smcParams } from './runSampler';

describe('the SMC descriptor’s closed-form target (§2.3)', () => {
  it('a single Gaussian tilted by e^{a·x/λ}: mean μ + Sa/λ, the same covariance, log Z = a·μ/λ + ½aᵀSa/λ²', () => {
    const a: Vec2 = [1, -0.5];
    const lambda = 0.8;
    const target = exactTargetFor(SINGLE_GAUSSIAN, linearReward(a), smcParams(lambda))!;
    const [m, S] = [SINGLE_GAUSSIAN.means[0], SINGLE_GAUSSIAN.covs[0]];
    // Sa = (0.5 − 0.1, 0.2 − 0.15) = (0.4, 0.05); a·μ = 0.65; aᵀSa = 0.375.
    expect(target.spec.means[0][0]).toBeCloseTo(m[0] + 0.4 / lambda, 12);
    expect(target.spec.means[0][1]).toBeCloseTo(m[1] + 0.05 / lambda, 12);
    expect(target.spec.covs[0]).toEqual(S);
    expect(target.logZ).toBeCloseTo(0.65 / lambda + (0.5 * 0.375) / lambda ** 2, 12);
  });
});
