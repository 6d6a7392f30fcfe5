// The thermodynamic log-MGF of §3.4 item 3 on a Gaussian model, where everything is closed form: for p = N(μ, S),
// q_{sθ} = N(μ + sSθ, S), so E_{q_{sθ}}⟨θ, x⟩ = θ·μ + s·θᵀSθ and log M_p(θ) = ∫₀¹ … ds = θ·μ + ½θᵀSθ (the 8-node
// Gauss–Legendre rule is exact for this linear integrand); Var_{q_{sθ}}⟨θ, x⟩ = θᵀSθ at every node, so the standard
// error is √(θᵀSθ/B · Σ_q (w_q/2)²). Two θ in one batch, B = 256 draws per node from a 20-step DDPM chain; the
// estimate within 4 of its standard errors plus 0.05 for the chain's N(0, I) start (its mean is off by α_{t_K}μ_q,
// α_{t_K} ≈ 0.0066, and |θ·μ_q| ≤ 6 here); a mean far from 0 (θ·μ = 2.5 and −4.25, against θᵀSθ = 2.8 and 1.1)
// makes a wrong variance formula visible in the standard error; the standard error within a factor 1.5 of the closed form (a 20-step DDPM chain's marginal
// variance is not S: it differs by about a quarter here, §5.7; a misplaced 1/B, w_q or square is a factor 2 or more).
import { describe, expect, it } from 'vitest';
import type { Vec2 } from '../../../../src/core/linalg2';
import { GmmDenoiser } from '../../../../src/core/models/gmm';
import { Rng } from '../../../../src/core/rng';
import { thermodynamicLogMgf } from '../../../../src/core/samplers/klTilt/logMgf';
import type { GmmSpec } from '../../../../src/core/types';

const GL_WEIGHTS = [
  0.1012285362903763, 0.2223810344533745, 0.3137066458778873, 0.362683783362062, 0.362683783362062, 0.3137066458778873,
  0.2223810344533745, 0.1012285362903763,
];

describe('thermodynamic log M_p on a Gaussian (§3.4 item 3)', () => {
  it('two θ in one batch: each estimate and its standard error against the closed form', async () => {
    const spec: GmmSpec = {
      weights: [1],
      means: [[2, -1.5]],
      covs: [
        [
          [0.5, 0.1],
          [0.1, 0.4],
        ],
      ],
    };
    const thetas: Vec2[] = [
      [2, 1],
      [-1, 1.5],
    ];
    const B = 256;
    const est = await thermodynamicLogMgf(new GmmDenoiser(spec), thetas, {
      batch: B,
      steps: 20,
      eta: 1,
      rng: new Rng(21, 'mgf'),
    });
    expect(est).toHaveLength(2);
    const sumW2 = GL_WEIGHTS.reduce((s, w) => s + (w / 2) ** 2, 0);
    thetas.forEach((th, j) => {
      const [m, S] = [spec.means[0], spec.covs[0]];
      const tSt = th[0] * (S[0][0] * th[0] + S[0][1] * th[1]) + th[1] * (S[1][0] * th[0] + S[1][1] * th[1]);
      const logM = th[0] * m[0] + th[1] * m[1] + 0.5 * tSt;
      const se = Math.sqrt((tSt / B) * sumW2);
      const ratio = est[j].standardError / se;
      expect(ratio).toBeGreaterThan(1 / 1.5);
      expect(ratio).toBeLessThan(1.5);
      expect(Math.abs(est[j].logMgf - logM)).toBeLessThan(4 * Math.max(se, est[j].standardError) + 0.05);
    });
    // The two closed forms differ by much more than the tolerance: the layout [θ_j][node][b] keeps them apart.
    expect(Math.abs(est[0].logMgf - est[1].logMgf)).toBeGreaterThan(1);
  });
});
