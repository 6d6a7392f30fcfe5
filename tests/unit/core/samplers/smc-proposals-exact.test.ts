// The SMC proposals (algorithms.md §5.1) on a single Gaussian p = N(μ, S) with a linear reward, where the tilt is
// q = N(μ + Sθ, S), θ = a/λ, in closed form:
// - P2 on the exact kernel starts from the noised tilt q_t = N(α_t(μ + Sθ), α_t²S + σ_t²I) (4000 draws: mean and
//   variances within 4 SE) and weighs each start by log p_t(x) − log q_t(x), both Gaussian log-densities written out;
// - P0 and P1, and P2 on DDPM steps, start from N(0, I) with no start weight;
// - which proposal is the model's own step; the refusals of P2 without a linear reward or the analytic model.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import type { Mat2, Vec2 } from '../../../../src/core/linalg2';
import { GmmDenoiser } from '../../../../src/core/models/gmm';
import { Rng } from '../../../../src/core/rng';
import { alpha, sigma2 } from '../../../../src/core/schedule';
import { denoiserStepLaw, disposeLaw } from '../../../../src/core/samplers/chain';
import { buildProposal } from '../../../../src/core/samplers/smc/proposals';
import { FieldError } from '../../../../src/core/types';
import {
  fixtureQuadraticReward,
  formulaLikeReward,
  learnedStandIn,
  linearReward,
  SINGLE_GAUSSIAN,
  testContext,
} from '../../fixtures';

const A: Vec2 = [1, -0.5];
const LAMBDA = 0.5;
const mu = SINGLE_GAUSSIAN.means[0];
const S = SINGLE_GAUSSIAN.covs[0];
const theta: Vec2 = [A[0] / LAMBDA, A[1] / LAMBDA];
const muQ: Vec2 = [mu[0] + S[0][0] * theta[0] + S[0][1] * theta[1], mu[1] + S[1][0] * theta[0] + S[1][1] * theta[1]];

/** log N(x; m, C) for a 2×2 covariance. */
function logNormal(x: Vec2, m: Vec2, C: Mat2): number {
  const det = C[0][0] * C[1][1] - C[0][1] * C[1][0];
  const d0 = x[0] - m[0];
  const d1 = x[1] - m[1];
  const quad = (C[1][1] * d0 * d0 - (C[0][1] + C[1][0]) * d0 * d1 + C[0][0] * d1 * d1) / det;
  return -Math.log(2 * Math.PI) - 0.5 * Math.log(det) - 0.5 * quad;
}

describe('P2 on the exact kernel starts from the noised tilt', () => {
  it('draws x ~ q_t and weighs it by log p_t(x) − log q_t(x) (t = 0.3; 4 SE; log-densities to 1e-4)', async () => {
    const ctx = testContext(new GmmDenoiser(SINGLE_GAUSSIAN), linearReward(A), { kernel: 'exact' });
    const p2 = buildProposal(ctx, 'exact-linear-tilt', LAMBDA);
    expect([p2.kind, p2.isModelStep]).toEqual(['exact-linear-tilt', false]);
    const n = 4000;
    const t = 0.3;
    const { x, logStartRatio } = p2.start(new Rng(11, 'p2-start'), n, t);
    const pts = x.dataSync();
    const ratio = logStartRatio!.dataSync();
    tf.dispose([x, logStartRatio!]);
    const a = alpha(t);
    const C: Mat2 = [
      [a * a * S[0][0] + sigma2(t), a * a * S[0][1]],
      [a * a * S[1][0], a * a * S[1][1] + sigma2(t)],
    ];
    const mean = [0, 0];
    for (let i = 0; i < n; i++) for (let j = 0; j < 2; j++) mean[j] += pts[2 * i + j] / n;
    for (let j = 0; j < 2; j++) {
      expect(Math.abs(mean[j] - a * muQ[j])).toBeLessThan(4 * Math.sqrt(C[j][j] / n));
      let v = 0;
      for (let i = 0; i < n; i++) v += (pts[2 * i + j] - a * muQ[j]) ** 2 / n;
      // Var of the sample variance of a normal: 2C²/N.
      expect(Math.abs(v - C[j][j])).toBeLessThan(4 * Math.sqrt((2 * C[j][j] ** 2) / n));
    }
    for (let i = 0; i < 20; i++) {
      const xi: Vec2 = [pts[2 * i], pts[2 * i + 1]];
      const expected = logNormal(xi, [a * mu[0], a * mu[1]], C) - logNormal(xi, [a * muQ[0], a * muQ[1]], C);
      expect(Math.abs(ratio[i] - expected)).toBeLessThan(1e-4 * Math.max(1, Math.abs(expected)));
    }
  });
});

describe('the other starts and proposals', () => {
  it('P0, P1 and P2 on DDPM steps start from N(0, I) without a start weight; only P0 is the model step', () => {
    const ctx = testContext(new GmmDenoiser(SINGLE_GAUSSIAN), linearReward(A));
    const kinds = ['base', 'guided', 'exact-linear-tilt'] as const;
    const draws = kinds.map((kind) => {
      const p = buildProposal(ctx, kind, LAMBDA);
      const { x, logStartRatio } = p.start(new Rng(3, 'start'), 4, 1);
      expect(logStartRatio).toBeNull();
      const v = Array.from(x.dataSync());
      x.dispose();
      return [p.isModelStep, v] as const;
    });
    expect(draws.map((d) => d[0])).toEqual([true, false, false]);
    // The same stream gives the same N(0, I) draws: all three start like the base sampler.
    expect(draws[1][1]).toEqual(draws[0][1]);
    expect(draws[2][1]).toEqual(draws[0][1]);
  });

  it('P2 refuses a reward that is not linear, and the exact kernel without the analytic model', () => {
    const field = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof FieldError ? `${e.field}: ${e.problem}` : String(e);
      }
      return 'no error';
    };
    const gmm = new GmmDenoiser(SINGLE_GAUSSIAN);
    expect(field(() => buildProposal(testContext(gmm, fixtureQuadraticReward()), 'exact-linear-tilt', 1))).toBe(
      'sampler.proposal: exact-linear-tilt needs a linear reward',
    );
    expect(field(() => buildProposal(testContext(gmm, formulaLikeReward()), 'exact-linear-tilt', 1))).toBe(
      'sampler.proposal: exact-linear-tilt needs a linear reward',
    );
    // One flat direction is not linear.
    const flat = {
      ...fixtureQuadraticReward(),
      polynomial: {
        A: [
          [0, 0],
          [0, 1],
        ] as Mat2,
        b: [1, 0] as Vec2,
        c: 0,
      },
    };
    expect(field(() => buildProposal(testContext(gmm, flat), 'exact-linear-tilt', 1))).toBe(
      'sampler.proposal: exact-linear-tilt needs a linear reward',
    );
    const learned = learnedStandIn(SINGLE_GAUSSIAN);
    expect(
      field(() => buildProposal(testContext(learned, linearReward(A), { kernel: 'exact' }), 'exact-linear-tilt', 1)),
    ).toBe('model.kernel: the exact kernel needs the analytic gmm model');
    expect(field(() => buildProposal(testContext(learned, linearReward(A)), 'exact-linear-tilt', 1))).toBe('no error');
  });
});

describe('the step laws', () => {
  const x = () => tf.tensor2d([0.4, -0.3, 1.2, 0.8, -1, 0.1], [3, 2]);
  const meanOf = (law: ReturnType<ReturnType<typeof buildProposal>['stepLaw']>) => {
    if (law.kind !== 'gaussian') throw new Error('a Gaussian step');
    const m = Array.from(law.mean.dataSync());
    disposeLaw(law);
    return m;
  };

  it('P2 on DDPM steps is the DDIM step of the exactly tilted model N(μ + Sa/λ, S) (rel 1e-4)', () => {
    const ctx = testContext(learnedStandIn(SINGLE_GAUSSIAN), linearReward(A));
    const p2 = buildProposal(ctx, 'exact-linear-tilt', LAMBDA);
    const q = new GmmDenoiser({ weights: [1], means: [muQ], covs: [S] });
    const xs = x();
    const a = meanOf(p2.stepLaw(xs, 0.5, 0.45));
    const b = meanOf(denoiserStepLaw(q, xs, 0.5, 0.45, 1));
    a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-4 * Math.max(1, Math.abs(b[i]))));
    xs.dispose();
  });

  it('P0 without the sampler’s evaluation evaluates ε̂ itself: the same step, on DDPM and on the exact kernel', () => {
    const gmm = new GmmDenoiser(SINGLE_GAUSSIAN);
    const xs = x();
    for (const kernel of ['ddpm', 'exact'] as const) {
      const ctx = testContext(gmm, linearReward(A), { kernel });
      const p0 = buildProposal(ctx, 'base', LAMBDA);
      const eps = gmm.eps(xs, 0.5);
      const withBase = p0.stepLaw(xs, 0.5, 0.45, { eps: kernel === 'exact' ? null : eps, x0: null });
      const alone = p0.stepLaw(xs, 0.5, 0.45);
      expect(alone.kind).toBe(withBase.kind);
      if (alone.kind === 'gaussian' && withBase.kind === 'gaussian') {
        expect(Array.from(alone.mean.dataSync())).toEqual(Array.from(withBase.mean.dataSync()));
      }
      disposeLaw(alone);
      disposeLaw(withBase);
      eps.dispose();
    }
    xs.dispose();
  });
});
