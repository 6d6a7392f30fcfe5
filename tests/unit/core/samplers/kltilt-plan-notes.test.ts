// What each KL-tilt plan tells the user (klTilt/plan.ts): exactness, the closed-form log Z where one exists, and
// the note, for every tool; the mixture's ρ from the closed-form M_p of the analytic GMM (§3.4), and the
// thermodynamic estimate's error bound on a learned model.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { Vec2 } from '../../../../src/core/linalg2';
import { tiltGmm } from '../../../../src/core/exact';
import { GmmDenoiser } from '../../../../src/core/models/gmm';
import { disposeLaw } from '../../../../src/core/samplers/chain';
import { chainStreams } from '../../../../src/core/samplers/common';
import { planKlTilt } from '../../../../src/core/samplers/klTilt/plan';
import type { KlTiltParams } from '../../../../src/core/samplers/klTilt/plan';
import type { Denoiser, Reward } from '../../../../src/core/types';
import {
  FIXTURE_GMM,
  fixtureLinearReward,
  fixtureMaxLinearReward,
  formulaLikeReward,
  isotropicQuadraticReward,
  learnedStandIn,
  quadraticReward,
  testContext,
} from '../../fixtures';

const gmm = new GmmDenoiser(FIXTURE_GMM);
const learned = learnedStandIn(FIXTURE_GMM);
const SHIFT_NOTE =
  'exact for the model’s own score; at high noise the shifted inputs lie far outside a learned net’s training range';

async function plan(
  denoiser: Denoiser,
  reward: Reward,
  lambda: number,
  method: KlTiltParams['method'] = 'auto',
  kernel: 'ddpm' | 'exact' = 'ddpm',
) {
  const ctx = testContext(denoiser, reward, { particles: 16, steps: 4, kernel });
  const p = await planKlTilt(ctx, { kind: 'kl-tilt', lambda, method }, chainStreams(1));
  p.dispose();
  return p;
}

/** log Σ_k π_k e^{u·μ_k + ½uᵀS_ku} for the fixture GMM. */
function logMgf(u: Vec2): number {
  let z = 0;
  FIXTURE_GMM.weights.forEach((w, k) => {
    const [m, S] = [FIXTURE_GMM.means[k], FIXTURE_GMM.covs[k]];
    z +=
      w *
      Math.exp(
        u[0] * m[0] +
          u[1] * m[1] +
          0.5 * (u[0] * (S[0][0] * u[0] + S[0][1] * u[1]) + u[1] * (S[1][0] * u[0] + S[1][1] * u[1])),
      );
  });
  return Math.log(z);
}

describe('plan notes and flags', () => {
  it('exact-gmm: exact, log Z of the tilt, no note', async () => {
    const p = await plan(gmm, fixtureLinearReward(), 0.7);
    expect([p.method, p.exact, p.note]).toEqual(['exact-gmm', true, undefined]);
    expect(p.logZ).toBeCloseTo(logMgf([1 / 0.7, -0.5 / 0.7]), 10);
  });

  it('linear shift and time shift on a learned model: exact for its score, the caveats, no log Z', async () => {
    const lin = await plan(learned, fixtureLinearReward(), 0.7);
    expect([lin.method, lin.exact, lin.note, lin.logZ]).toEqual(['linear-shift', true, SHIFT_NOTE, undefined]);
    const quad = await plan(learned, isotropicQuadraticReward(2, [0.5, 0]), 0.7);
    expect([quad.method, quad.exact, quad.logZ]).toEqual(['quadratic-time-shift', true, undefined]);
    expect(quad.note).toBe(`${SHIFT_NOTE}; the shifted time is clamped at t_min (a small bias at the last steps)`);
  });

  it('guidance: approximate, steps from the base evaluation, log Z only where the tilt is normalisable', async () => {
    const note =
      'approximate: guidance (§3.1) replaces E[exp(r(x₀)/λ) | x_t] by exp(r(x̂₀)/λ), which mis-weights modes; use SMC for an exact correction';
    const g = await plan(gmm, fixtureLinearReward(), 0.7, 'guidance');
    expect([g.method, g.exact, g.usesBaseEvaluation, g.note]).toEqual(['guidance', false, true, note]);
    expect(g.logZ).toBeCloseTo(logMgf([1 / 0.7, -0.5 / 0.7]), 10);
    expect((await plan(learned, formulaLikeReward(), 0.7)).logZ).toBeUndefined();
    expect((await plan(gmm, formulaLikeReward(), 0.7)).logZ).toBeUndefined();
    // A convex quadratic too strong for λ: forced guidance still runs, without a log Z.
    const convex = quadraticReward(
      [
        [-8, 0],
        [0, -8],
      ],
      [0, 0],
    );
    const forced = await plan(gmm, convex, 0.5, 'guidance');
    expect([forced.method, forced.logZ]).toEqual(['guidance', undefined]);
    expect(forced).not.toHaveProperty('logZ');
  });

  it('the max-linear mixture on the analytic GMM: ρ_j ∝ e^{b_j/λ} M_p(θ_j/λ) in the note, to 3 decimals', async () => {
    const lambda = 0.8;
    const p = await plan(gmm, fixtureMaxLinearReward(), lambda);
    const a = logMgf([1 / lambda, 0]);
    const b = 0.5 / lambda + logMgf([-1 / lambda, 0.5 / lambda]);
    const rho = [1 / (1 + Math.exp(b - a)), 1 / (1 + Math.exp(a - b))];
    expect([p.method, p.exact, p.logZ]).toEqual(['linear-mixture', true, undefined]);
    expect(p.note).toBe(
      `proposal: a mixture of 2 linear tilts (ρ = ${rho[0].toFixed(3)}, ${rho[1].toFixed(3)}), ` +
        'corrected by self-normalised weights and a final systematic resample',
    );
  });

  it('on a learned model the note adds the thermodynamic estimate and its Monte-Carlo error', async () => {
    const p = await plan(learned, fixtureMaxLinearReward(), 0.8);
    expect(p.note).toMatch(
      /^proposal: a mixture of 2 linear tilts \(ρ = 0\.\d{3}, 0\.\d{3}\), corrected by self-normalised weights and a final systematic resample; log M_p by thermodynamic integration \(Monte-Carlo error up to ±\d\.\de-\d\), which the correction inherits$/,
    );
  });

  it('the shifts on a learned model give the x̂₀ of the closed-form tilted GMM (§3.2, §3.3; rel 1e-4)', async () => {
    const x = tf.tensor2d([-1.5, 0.5, 1, 1, 0.2, -2], [3, 2]);
    for (const [reward, lambda] of [
      [fixtureLinearReward(), 0.7],
      [isotropicQuadraticReward(2, [0.5, -0.4]), 0.7],
    ] as const) {
      const ctx = testContext(learned, reward, { particles: 3, steps: 4 });
      const p = await planKlTilt(ctx, { kind: 'kl-tilt', lambda, method: 'auto' }, chainStreams(1));
      const q = new GmmDenoiser(tiltGmm(FIXTURE_GMM, reward.polynomial!, lambda).spec);
      for (const t of [0.1, 0.4]) {
        const a = p.x0(x, t).dataSync();
        const b = q.x0(x, t).dataSync();
        a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-4 * Math.max(1, Math.abs(b[i]))));
      }
      p.dispose();
    }
    x.dispose();
  });

  it('the mixture steps with the exact kernel only when the context asks for it and the model is analytic', async () => {
    const x = tf.tensor2d(new Float32Array(32), [16, 2]);
    const kinds = [];
    for (const [denoiser, kernel] of [
      [gmm, 'ddpm'],
      [gmm, 'exact'],
      [learned, 'ddpm'],
    ] as const) {
      const ctx = testContext(denoiser, fixtureMaxLinearReward(), { particles: 16, steps: 4, kernel });
      const p = await planKlTilt(ctx, { kind: 'kl-tilt', lambda: 0.8, method: 'auto' }, chainStreams(1));
      const law = p.stepLaw(x, 0.5, 0.4);
      kinds.push(law.kind);
      disposeLaw(law);
      p.dispose();
    }
    x.dispose();
    expect(kinds).toEqual(['gaussian', 'mixture', 'gaussian']);
  });
});
