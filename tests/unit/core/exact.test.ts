// Exact ground truth for the GMM base (§2.3–2.5) and §7 check 7 (closed-form tilt vs SNIS).
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { pointCovariance, pointMean } from '../../../src/core/diagnostics';
import { exactTargetFor } from '../../../src/core/samplers/registry';
import {
  gmmExpectedMaxLinear,
  gmmExpectedReward,
  gmmLogMgf,
  logPsi,
  sampleGmm,
  tiltGmm,
  wProxPushforward,
} from '../../../src/core/exact';
import type { PolynomialReward } from '../../../src/core/exact';
import { expectedMaxOfLines } from '../../../src/core/exact/maxLinearMean';
import { normalCdf } from '../../../src/core/exact/normal';
import { GmmDenoiser } from '../../../src/core/models/gmm';
import { Rng } from '../../../src/core/rng';
import { alpha, sigma } from '../../../src/core/schedule';
import { FieldError } from '../../../src/core/types';
import type { GmmSpec, Vec2 } from '../../../src/core/types';
import {
  FIXTURE_GMM,
  FIXTURE_LINEAR,
  FIXTURE_QUADRATIC,
  fixtureLinearReward,
  fixtureMaxLinearReward,
  fixtureQuadraticReward,
  formulaLikeReward,
  gmmMoments,
  meanTolerance,
  quadraticReward,
} from '../fixtures';

const LINEAR = fixtureLinearReward().polynomial!;
const QUADRATIC = fixtureQuadraticReward().polynomial!;

function polyValue(poly: PolynomialReward, x: number, y: number): number {
  const { A, b, c } = poly;
  return -0.5 * (A[0][0] * x * x + (A[0][1] + A[1][0]) * x * y + A[1][1] * y * y) + b[0] * x + b[1] * y + c;
}

/** Self-normalised importance sampling of E_q x and log Z = log E_p e^{r/λ} from base draws (float64). */
function snis(points: Float32Array, logWeightOf: (x: number, y: number) => number) {
  const n = points.length / 2;
  const lw = new Float64Array(n);
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    lw[i] = logWeightOf(points[2 * i], points[2 * i + 1]);
    max = Math.max(max, lw[i]);
  }
  let sw = 0;
  let sw2 = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    const w = Math.exp(lw[i] - max);
    sw += w;
    sw2 += w * w;
    mx += w * points[2 * i];
    my += w * points[2 * i + 1];
  }
  const meanW = sw / n;
  const sdW = Math.sqrt(Math.max(sw2 / n - meanW * meanW, 0));
  return {
    mean: [mx / sw, my / sw] as Vec2,
    logZ: max + Math.log(meanW),
    /** SE of log Ẑ by the delta method: sd(w)/(√n·mean w). */
    logZSe: sdW / (Math.sqrt(n) * meanW),
    ess: (sw * sw) / sw2,
  };
}

const BASE_DRAWS = sampleGmm(FIXTURE_GMM, 400000, new Rng(2024, 'snis'));

describe('closed-form KL tilt (§2.3, §7 check 7)', () => {
  const cases = [
    { label: 'linear a = (1, −0.5), λ = 0.7', poly: LINEAR, lambda: FIXTURE_LINEAR.lambda },
    { label: 'quadratic A = diag(2, 1), c = (1, 1), λ = 0.5', poly: QUADRATIC, lambda: FIXTURE_QUADRATIC.lambda },
  ];
  for (const c of cases) {
    it(`${c.label}: E_q x matches SNIS of 400k base draws within 0.02, log Z within 4 SE`, () => {
      const { spec, logZ } = tiltGmm(FIXTURE_GMM, c.poly, c.lambda);
      const est = snis(BASE_DRAWS, (x, y) => polyValue(c.poly, x, y) / c.lambda);
      const m = gmmMoments(spec).mean;
      expect(Math.abs(m[0] - est.mean[0])).toBeLessThan(0.02);
      expect(Math.abs(m[1] - est.mean[1])).toBeLessThan(0.02);
      expect(Math.abs(logZ - est.logZ)).toBeLessThan(4 * est.logZSe);
      expect(spec.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 12);
    });
  }

  it('the linear case is a mean shift by S_kθ with log z_k = θᵀμ_k + ½θᵀS_kθ, and log Z = log M_p(θ) (§2.3 (i))', () => {
    const theta: Vec2 = [1 / 0.7, -0.5 / 0.7];
    const { spec, logZ } = tiltGmm(FIXTURE_GMM, LINEAR, 0.7);
    FIXTURE_GMM.means.forEach((mu, k) => {
      const S = FIXTURE_GMM.covs[k];
      expect(spec.means[k][0]).toBeCloseTo(mu[0] + S[0][0] * theta[0] + S[0][1] * theta[1], 12);
      expect(spec.means[k][1]).toBeCloseTo(mu[1] + S[1][0] * theta[0] + S[1][1] * theta[1], 12);
      expect(spec.covs[k][0][1]).toBeCloseTo(S[0][1], 12);
    });
    expect(logZ).toBeCloseTo(gmmLogMgf(FIXTURE_GMM, theta), 12);
  });

  it('the ground-truth mean reward E_q r matches Monte Carlo under exact draws of q (4 SE)', () => {
    for (const [poly, lambda] of [
      [LINEAR, 0.7],
      [QUADRATIC, 0.5],
    ] as const) {
      const { spec } = tiltGmm(FIXTURE_GMM, poly, lambda);
      const n = 200000;
      const pts = sampleGmm(spec, n, new Rng(5, 'er'));
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const r = polyValue(poly, pts[2 * i], pts[2 * i + 1]);
        s += r;
        s2 += r * r;
      }
      const mean = s / n;
      const se = Math.sqrt((s2 / n - mean * mean) / n);
      expect(Math.abs(gmmExpectedReward(spec, poly) - mean)).toBeLessThan(4 * se);
    }
  });

  it('a convex quadratic tilt that is not normalisable raises FieldError on sampler.lambda', () => {
    const convex = quadraticReward(
      [
        [-2, 0],
        [0, -1],
      ],
      [0, 0],
    ).polynomial!;
    expect(() => tiltGmm(FIXTURE_GMM, convex, 0.5)).toThrowError(FieldError);
    try {
      tiltGmm(FIXTURE_GMM, convex, 0.5);
    } catch (e) {
      expect((e as FieldError).field).toBe('sampler.lambda');
    }
    // A large enough λ makes it normalisable (P_k − A/λ ≻ 0 for every component).
    expect(() => tiltGmm(FIXTURE_GMM, convex, 2)).not.toThrow();
  });
});

describe('optimal twist log ψ_t (§2.4)', () => {
  it('E_{x_t ~ p_t} ψ_t(x_t) = Z (tower property, 4 SE) and ψ_t → e^{r/λ} as t → 0', () => {
    const { logZ } = tiltGmm(FIXTURE_GMM, LINEAR, 0.7);
    const n = 100000;
    const rng = new Rng(8, 'psi');
    for (const t of [0.05, 0.4, 0.9]) {
      const x0 = sampleGmm(FIXTURE_GMM, n, rng);
      const xt = new Float32Array(2 * n);
      for (let i = 0; i < 2 * n; i++) xt[i] = alpha(t) * x0[i] + sigma(t) * rng.normal();
      const lp = logPsi(FIXTURE_GMM, LINEAR, 0.7, tf.tensor2d(xt, [n, 2]), t).dataSync();
      const ratio = Array.from(lp, (v) => Math.exp(v - logZ));
      const mean = ratio.reduce((s, v) => s + v, 0) / n;
      const sd = Math.sqrt(ratio.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
      expect(Math.abs(mean - 1), `t = ${t}`).toBeLessThan((4 * sd) / Math.sqrt(n));
    }
    const x = tf.tensor2d([0.3, -1, 2, 1, -2, 0.5], [3, 2]);
    const near0 = logPsi(FIXTURE_GMM, LINEAR, 0.7, x, 1e-4).dataSync();
    const r = [0.3 + 0.5, 2 - 0.5, -2 - 0.25].map((v) => v / 0.7);
    r.forEach((v, i) => expect(Math.abs(near0[i] - v)).toBeLessThan(2e-3));
  });

  it('∇log q_t = ∇log p_t + ∇log ψ_t (finite differences of log ψ, abs 2e-3)', () => {
    const { spec } = tiltGmm(FIXTURE_GMM, QUADRATIC, 0.5);
    const p = new GmmDenoiser(FIXTURE_GMM);
    const q = new GmmDenoiser(spec);
    const x = tf.tensor2d([0.5, 0.5, 1.5, 0.2, -0.5, -1, 1, 1.2], [4, 2]) as Tensor2D;
    const h = 1e-3;
    for (const t of [0.1, 0.5]) {
      const sq = q.score(x, t).arraySync() as number[][];
      const sp = p.score(x, t).arraySync() as number[][];
      for (let d = 0; d < 2; d++) {
        const e = tf.tensor1d(d === 0 ? [h, 0] : [0, h]);
        const up = logPsi(FIXTURE_GMM, QUADRATIC, 0.5, tf.add(x, e) as Tensor2D, t).dataSync();
        const down = logPsi(FIXTURE_GMM, QUADRATIC, 0.5, tf.sub(x, e) as Tensor2D, t).dataSync();
        for (let i = 0; i < 4; i++) {
          expect(Math.abs(sp[i][d] + (up[i] - down[i]) / (2 * h) - sq[i][d])).toBeLessThan(2e-3);
        }
      }
    }
  });
});

describe('W-prox pushforward (§2.5)', () => {
  it('linear: every mean shifts by a/λ_W, weights and covariances stay, cost = ‖a‖²/λ_W²', () => {
    const { spec, transportCost } = wProxPushforward(FIXTURE_GMM, LINEAR, 2);
    spec.means.forEach((m, k) => {
      expect(m[0]).toBeCloseTo(FIXTURE_GMM.means[k][0] + 0.5, 12);
      expect(m[1]).toBeCloseTo(FIXTURE_GMM.means[k][1] - 0.25, 12);
      expect(spec.covs[k]).toEqual(FIXTURE_GMM.covs[k]);
    });
    expect(spec.weights).toEqual(FIXTURE_GMM.weights);
    expect(transportCost).toBeCloseTo(0.5 ** 2 + 0.25 ** 2, 12);
  });

  it('quadratic: moments of T(x) for x ~ p and E‖T(x) − x‖² match the closed forms (4 SE)', () => {
    const lambdaW = 1.5;
    const { spec, transportCost } = wProxPushforward(FIXTURE_GMM, QUADRATIC, lambdaW);
    const A = FIXTURE_QUADRATIC.A;
    const c = FIXTURE_QUADRATIC.c;
    const n = 100000;
    const x = sampleGmm(FIXTURE_GMM, n, new Rng(3, 'wprox'));
    const y = new Float32Array(2 * n);
    const cost: number[] = [];
    // T(x) = (A + λ_W I)⁻¹(Ac + λ_W x) with A diagonal.
    for (let i = 0; i < n; i++) {
      y[2 * i] = (A[0][0] * c[0] + lambdaW * x[2 * i]) / (A[0][0] + lambdaW);
      y[2 * i + 1] = (A[1][1] * c[1] + lambdaW * x[2 * i + 1]) / (A[1][1] + lambdaW);
      cost.push((y[2 * i] - x[2 * i]) ** 2 + (y[2 * i + 1] - x[2 * i + 1]) ** 2);
    }
    const { mean, cov } = gmmMoments(spec);
    const m = pointMean(y);
    expect(Math.hypot(m[0] - mean[0], m[1] - mean[1])).toBeLessThan(meanTolerance(cov, n));
    const C = pointCovariance(y);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(Math.abs(C[i][j] - cov[i][j])).toBeLessThan(0.02);
    const mc = cost.reduce((s, v) => s + v, 0) / n;
    const sd = Math.sqrt(cost.reduce((s, v) => s + (v - mc) ** 2, 0) / (n - 1));
    expect(Math.abs(mc - transportCost)).toBeLessThan((4 * sd) / Math.sqrt(n));
  });

  it('an unbounded W-prox objective (A + λ_W I not ≻ 0) raises FieldError on sampler.lambda', () => {
    const convex = quadraticReward(
      [
        [-2, 0],
        [0, 1],
      ],
      [0, 0],
    ).polynomial!;
    expect(() => wProxPushforward(FIXTURE_GMM, convex, 1.5)).toThrowError(/sampler\.lambda|unbounded/);
    expect(() => wProxPushforward(FIXTURE_GMM, convex, 3)).not.toThrow();
  });
});

describe('exact draws and the max-linear base mean', () => {
  it('sampleGmm reproduces the mixture mean (4 SE) and covariance', () => {
    const n = 100000;
    const pts = sampleGmm(FIXTURE_GMM, n, new Rng(1, 'draws'));
    const { mean, cov } = gmmMoments(FIXTURE_GMM);
    const m = pointMean(pts);
    expect(Math.hypot(m[0] - mean[0], m[1] - mean[1])).toBeLessThan(meanTolerance(cov, n));
    const C = pointCovariance(pts);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(Math.abs(C[i][j] - cov[i][j])).toBeLessThan(0.03);
  });

  it('Φ and E max of lines match known values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 15);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021048517795, 13);
    expect(Math.abs(normalCdf(-3.5) / 2.326290790355250e-4 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(normalCdf(-8) / 6.22096057427174e-16 - 1)).toBeLessThan(1e-12);
    expect(normalCdf(5)).toBeCloseTo(1 - 2.866515718791939e-7, 15);
    // E max(z, 0) = φ(0); E max(z, −z) = E|z| = √(2/π); a single line gives its intercept.
    expect(expectedMaxOfLines([{ slope: 1, intercept: 0 }, { slope: 0, intercept: 0 }])).toBeCloseTo(1 / Math.sqrt(2 * Math.PI), 13);
    expect(expectedMaxOfLines([{ slope: 1, intercept: 0 }, { slope: -1, intercept: 0 }])).toBeCloseTo(Math.sqrt(2 / Math.PI), 13);
    expect(expectedMaxOfLines([{ slope: 2, intercept: 0.3 }])).toBeCloseTo(0.3, 15);
    // A dominated line changes nothing.
    expect(
      expectedMaxOfLines([
        { slope: 1, intercept: 0 },
        { slope: -1, intercept: 0 },
        { slope: 0, intercept: -5 },
      ]),
    ).toBeCloseTo(Math.sqrt(2 / Math.PI), 13);
  });

  it('E_p max_j(θ_j·x + b_j) matches Monte Carlo (4 SE) for 2 and 3 pieces', () => {
    const n = 400000;
    const pts = BASE_DRAWS.subarray(0, 2 * n);
    const cases: Array<{ thetas: Vec2[]; biases: number[] }> = [
      { thetas: fixtureMaxLinearReward().maxLinear!.thetas, biases: fixtureMaxLinearReward().maxLinear!.biases },
      {
        thetas: [
          [1, 0],
          [-0.5, 1],
          [0, -1],
        ],
        biases: [0, 0.3, -0.2],
      },
    ];
    for (const c of cases) {
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        let r = -Infinity;
        c.thetas.forEach((t, j) => (r = Math.max(r, t[0] * pts[2 * i] + t[1] * pts[2 * i + 1] + c.biases[j])));
        s += r;
        s2 += r * r;
      }
      const mean = s / n;
      const se = Math.sqrt((s2 / n - mean * mean) / n);
      expect(Math.abs(gmmExpectedMaxLinear(FIXTURE_GMM, c.thetas, c.biases) - mean)).toBeLessThan(4 * se);
    }
  });
});

describe('exactTargetFor', () => {
  const spec: GmmSpec = FIXTURE_GMM;
  it('base → p itself, with the closed-form E_p r', () => {
    const target = exactTargetFor(spec, fixtureLinearReward(), { kind: 'base' })!;
    expect(target.spec).toBe(spec);
    expect(target.meanReward).toBeCloseTo(gmmExpectedReward(spec, LINEAR), 12);
    expect(exactTargetFor(spec, fixtureMaxLinearReward(), { kind: 'base' })!.meanReward).toBeCloseTo(
      gmmExpectedMaxLinear(spec, fixtureMaxLinearReward().maxLinear!.thetas, fixtureMaxLinearReward().maxLinear!.biases),
      12,
    );
    expect(exactTargetFor(spec, formulaLikeReward(), { kind: 'base' })).toBeNull();
  });

  it('kl-tilt and smc with a polynomial reward → the tilted GMM with log Z and E_q r', () => {
    for (const sampler of [
      { kind: 'kl-tilt' as const, lambda: 0.5, method: 'auto' as const },
      {
        kind: 'smc' as const,
        lambda: 0.5,
        proposal: 'base' as const,
        potential: 'diff' as const,
        resampling: 'systematic' as const,
        essThreshold: 0.5,
        resampleEvery: 1,
        potentialsAt: 'every-step' as const,
        tempering: { kind: 'none' as const },
      },
    ]) {
      const target = exactTargetFor(spec, fixtureQuadraticReward(), sampler)!;
      const tilted = tiltGmm(spec, QUADRATIC, 0.5);
      expect(target.logZ).toBeCloseTo(tilted.logZ, 12);
      expect(target.spec.means).toEqual(tilted.spec.means);
      expect(target.meanReward).toBeCloseTo(gmmExpectedReward(tilted.spec, QUADRATIC), 12);
    }
  });

  it('w-prox with a concave polynomial reward → the pushforward with its transport cost', () => {
    const target = exactTargetFor(spec, fixtureQuadraticReward(), { kind: 'w-prox', lambda: 2 })!;
    const pushed = wProxPushforward(spec, QUADRATIC, 2);
    expect(target.transportCost).toBeCloseTo(pushed.transportCost, 12);
    expect(target.meanReward).toBeCloseTo(gmmExpectedReward(pushed.spec, QUADRATIC), 12);
  });

  it('no GMM form → null (KL tilt of max-linear or formula rewards; W-prox of non-polynomial rewards)', () => {
    expect(exactTargetFor(spec, fixtureMaxLinearReward(), { kind: 'kl-tilt', lambda: 1, method: 'auto' })).toBeNull();
    expect(exactTargetFor(spec, formulaLikeReward(), { kind: 'kl-tilt', lambda: 1, method: 'auto' })).toBeNull();
    expect(exactTargetFor(spec, fixtureMaxLinearReward(), { kind: 'w-prox', lambda: 1 })).toBeNull();
  });
});
