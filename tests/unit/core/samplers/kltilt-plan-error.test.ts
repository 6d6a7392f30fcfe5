// The number in the learned mixture's note (klTilt/plan.ts): "Monte-Carlo error up to ±E" is the largest of the
// thermodynamic estimates' standard errors (§3.4 item 3), the bound the correction inherits. On a learned stand-in
// of a single Gaussian N(μ, S) every node's draws have Var⟨u, x⟩ = uᵀSu (q_{su} = N(μ + sSu, S)), so the standard
// error of log M_p(u) is √(uᵀSu/B · Σ_q (w_q/2)²) with B = 256. The two pieces' tilts differ in size by a factor ≈ 25
// in standard error, so the largest and the smallest are far apart; E is checked within a factor 1.5 of the larger
// (a 20-step DDPM chain's marginal variance differs from S by about a quarter, §5.7, as in kltilt-logmgf.test.ts).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import type { Vec2 } from '../../../../src/core/linalg2';
import { chainStreams } from '../../../../src/core/samplers/common';
import { planKlTilt } from '../../../../src/core/samplers/klTilt/plan';
import { learnedStandIn, maxLinearReward, SINGLE_GAUSSIAN, testContext } from '../../fixtures';

const GL_WEIGHTS = [
  0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.362683783362062, 0.362683783362062, 0.3137066458778873,
  0.2223810344533745, 0.1012285362903763,
];

describe('the learned mixture’s note', () => {
  it('its Monte-Carlo error is the largest standard error of the two log M_p estimates', async () => {
    const pieces: Vec2[] = [
      [0.1, 0],
      [2, 1],
    ];
    const lambda = 1;
    const ctx = testContext(learnedStandIn(SINGLE_GAUSSIAN), maxLinearReward(pieces, [0, 0]), {
      particles: 16,
      steps: 20,
      seed: 9,
    });
    const p = await planKlTilt(ctx, { kind: 'kl-tilt', lambda, method: 'auto' }, chainStreams(9));
    p.dispose();
    const match = /Monte-Carlo error up to ±(\d\.\de[-+]\d+)\)/.exec(p.note ?? '');
    expect(match).not.toBeNull();
    const shown = Number(match![1]);

    const S = SINGLE_GAUSSIAN.covs[0];
    const sumW2 = GL_WEIGHTS.reduce((s, w) => s + (w / 2) ** 2, 0);
    const se = pieces.map(([a, b]) => {
      const [u0, u1] = [a / lambda, b / lambda];
      const uSu = u0 * (S[0][0] * u0 + S[0][1] * u1) + u1 * (S[1][0] * u0 + S[1][1] * u1);
      return Math.sqrt((uSu / 256) * sumW2);
    });
    // uᵀSu = 0.005 and 3.1: the standard errors 0.0017 and 0.042.
    expect(se[1] / se[0]).toBeGreaterThan(20);
    expect(shown / se[1]).toBeGreaterThan(1 / 1.5);
    expect(shown / se[1]).toBeLessThan(1.5);
  });
});
