// §7 checks 2–6: the analytic GMM denoiser (§2.1), the exact reverse kernel (§2.2) and the step laws (§1).
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../../src/cli/backend';
import { pointCovariance, pointMean } from '../../../../src/core/diagnostics';
import { sampleGmm } from '../../../../src/core/exact';
import { GmmDenoiser } from '../../../../src/core/models/gmm';
import { Rng } from '../../../../src/core/rng';
import { alpha, sigma, timeGrid } from '../../../../src/core/schedule';
import { baseSampler } from '../../../../src/core/samplers/base';
import { ancestralLaw, ddimLaw, disposeLaw, drawNoise, logProbLaw, sampleLaw, x0FromEps, epsFromX0 } from '../../../../src/core/samplers/chain';
import {
  componentFractions,
  drain,
  FIXTURE_GMM,
  fixtureLinearReward,
  gmmMoments,
  meanTolerance,
  testContext,
} from '../../fixtures';

const gmm = new GmmDenoiser(FIXTURE_GMM);

/** A fixed cloud of test points around the fixture's support. */
function testPoints(n: number, seed = 7): Tensor2D {
  const rng = new Rng(seed, 'test-points');
  const pts = new Float32Array(2 * n);
  for (let i = 0; i < 2 * n; i++) pts[i] = 2.5 * rng.normal();
  return tf.tensor2d(pts, [n, 2]);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** n draws of x_t ~ p_t (the region where the score matters). */
function noisedDraws(n: number, t: number, seed = 7): Tensor2D {
  const rng = new Rng(seed, 'noised-draws');
  const x0 = sampleGmm(FIXTURE_GMM, n, rng);
  const pts = new Float32Array(2 * n);
  for (let i = 0; i < 2 * n; i++) pts[i] = alpha(t) * x0[i] + sigma(t) * rng.normal();
  return tf.tensor2d(pts, [n, 2]);
}

describe('GMM denoiser (§2.1, §7 check 2)', () => {
  it('the score equals central finite differences of log p_t at x_t ~ p_t (h = 1e-3, abs 2e-3)', () => {
    const h = 1e-3;
    for (const t of [0.01, 0.1, 0.5, 0.9]) {
      const x = noisedDraws(300, t);
      const score = gmm.score(x, t).arraySync() as number[][];
      for (let d = 0; d < 2; d++) {
        const e = tf.tensor1d(d === 0 ? [h, 0] : [0, h]);
        const up = gmm.logDensity(tf.add(x, e) as Tensor2D, t).arraySync();
        const down = gmm.logDensity(tf.sub(x, e) as Tensor2D, t).arraySync();
        let worst = 0;
        for (let i = 0; i < up.length; i++) worst = Math.max(worst, Math.abs((up[i] - down[i]) / (2 * h) - score[i][d]));
        expect(worst, `t = ${t}, dim ${d}`).toBeLessThan(2e-3);
      }
    }
  });

  it('ε* = −σ_t ∇log p_t, and the Tweedie form agrees with ε* (1e-5)', () => {
    for (const t of [0.01, 0.1, 0.3, 0.5, 0.9]) {
      const x = noisedDraws(300, t);
      const eps = gmm.eps(x, t);
      const minusSigmaScore = tf.mul(gmm.score(x, t), -sigma(t));
      expect(maxAbsDiff(eps.dataSync(), minusSigmaScore.dataSync()), `ε* at t = ${t}`).toBeLessThan(1e-5);
      const x0 = gmm.x0(x, t);
      // x̂₀ = (x − σε*)/α. Compared in its well-conditioned direction: through x̂₀ where α ≥ σ (low noise), through
      // ε = (x − αx̂₀)/σ where σ > α (float32 round-off is divided by the smaller of the two otherwise).
      if (alpha(t) >= sigma(t)) {
        expect(maxAbsDiff(x0FromEps(x, eps, t).dataSync(), x0.dataSync()), `x̂₀ at t = ${t}`).toBeLessThan(1e-5);
      } else {
        expect(maxAbsDiff(epsFromX0(x, x0, t).dataSync(), eps.dataSync()), `ε at t = ${t}`).toBeLessThan(1e-5);
      }
    }
  });
});

describe('tower property (§7 check 3)', () => {
  it('E_{x_t ~ p_t} x̂₀(x_t) = E_p x₀ within 4 SE', () => {
    const n = 20000;
    const { mean } = gmmMoments(FIXTURE_GMM);
    const rng = new Rng(3, 'tower');
    for (const t of [0.1, 0.5, 0.9]) {
      const x0 = tf.tensor2d(sampleGmm(FIXTURE_GMM, n, rng), [n, 2]);
      const xt = tf.add(tf.mul(x0, alpha(t)), tf.mul(tf.tensor2d(rng.normals(2 * n), [n, 2]), sigma(t))) as Tensor2D;
      const est = gmm.x0(xt, t).dataSync();
      const m = pointMean(est);
      const tol = meanTolerance(pointCovariance(est), n);
      expect(Math.hypot(m[0] - mean[0], m[1] - mean[1]), `t = ${t}`).toBeLessThan(tol);
    }
  });
});

describe('reverse chains reproduce p (§7 check 4)', () => {
  beforeAll(async () => {
    await useNodeBackend('wasm');
  });
  afterAll(async () => {
    await useNodeBackend('cpu');
  });

  const n = 20000;
  const { mean, cov } = gmmMoments(FIXTURE_GMM);
  const cases = [
    { label: 'the exact kernel (§2.2), 20 steps', kernel: 'exact' as const, steps: 20 },
    { label: 'DDPM with ε*, K = 500', kernel: 'ddpm' as const, steps: 500 },
  ];
  for (const c of cases) {
    it(`${c.label}: mean within 4 SE, covariance within 0.05, component fractions within 0.015`, async () => {
      const ctx = testContext(gmm, fixtureLinearReward(), { particles: n, steps: c.steps, kernel: c.kernel, seed: 11 });
      const { output } = await drain(baseSampler.run(ctx, { kind: 'base' }));
      const m = pointMean(output.samples);
      const C = pointCovariance(output.samples);
      expect(Math.hypot(m[0] - mean[0], m[1] - mean[1])).toBeLessThan(meanTolerance(cov, n));
      for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) expect(Math.abs(C[i][j] - cov[i][j])).toBeLessThan(0.05);
      componentFractions(output.samples, FIXTURE_GMM).forEach((f, k) =>
        expect(Math.abs(f - FIXTURE_GMM.weights[k]), `component ${k}`).toBeLessThan(0.015),
      );
    });
  }
});

describe('step laws (§1, §7 checks 5 and 6)', () => {
  const grid = timeGrid(50);

  it('DDIM with η = 1 equals the ancestral step under the same noise (1e-6)', () => {
    const x = testPoints(500);
    for (const k of [50, 30, 10, 1]) {
      const t = grid[k];
      const s = grid[k - 1];
      const eps = gmm.eps(x, t);
      const ddim = ddimLaw(x, eps, t, s, 1);
      const anc = ancestralLaw(x, x0FromEps(x, eps, t), t, s);
      expect(Math.abs(ddim.variance - anc.variance) / anc.variance).toBeLessThan(1e-12);
      const noise = drawNoise(new Rng(k, 'same-noise'), 500);
      const a = sampleLaw(ddim, noise).dataSync();
      const b = sampleLaw(anc, noise).dataSync();
      expect(maxAbsDiff(a, b), `step ${k}`).toBeLessThan(1e-6);
      disposeLaw(ddim);
      disposeLaw(anc);
    }
  });

  it('DDIM with η = 0 is deterministic', () => {
    const x = testPoints(100);
    const law = ddimLaw(x, gmm.eps(x, grid[20]), grid[20], grid[19], 0);
    expect(law.variance).toBe(0);
    const a = sampleLaw(law, drawNoise(new Rng(1, 'a'), 100)).dataSync();
    const b = sampleLaw(law, drawNoise(new Rng(2, 'b'), 100)).dataSync();
    expect(maxAbsDiff(a, b)).toBe(0);
    expect(() => logProbLaw(law, x)).toThrow();
  });

  it('the Gaussian log-prob equals the closed form (summed over the two dims)', () => {
    const x = testPoints(300);
    const law = ancestralLaw(x, gmm.x0(x, grid[25]), grid[25], grid[24]);
    const xs = testPoints(300, 9);
    const lp = logProbLaw(law, xs).dataSync();
    const m = law.mean.dataSync();
    const p = xs.dataSync();
    const v = law.variance;
    let worst = 0;
    for (let i = 0; i < 300; i++) {
      const sq = (p[2 * i] - m[2 * i]) ** 2 + (p[2 * i + 1] - m[2 * i + 1]) ** 2;
      const ref = -sq / (2 * v) - Math.log(2 * Math.PI * v);
      worst = Math.max(worst, Math.abs(lp[i] - ref) / Math.max(1, Math.abs(ref)));
    }
    expect(worst).toBeLessThan(1e-5);
  });

  it('−E log π = (d/2)(1 + log 2πv) by Monte Carlo (4 SE)', () => {
    const n = 20000;
    const x = tf.tensor2d(sampleGmm(FIXTURE_GMM, n, new Rng(5, 'entropy')), [n, 2]);
    const law = ancestralLaw(x, gmm.x0(x, grid[30]), grid[30], grid[29]);
    const xs = sampleLaw(law, drawNoise(new Rng(6, 'entropy-noise'), n));
    const nlp = Array.from(logProbLaw(law, xs).dataSync(), (v) => -v);
    const mean = nlp.reduce((s, v) => s + v, 0) / n;
    const sd = Math.sqrt(nlp.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
    const expected = 1 + Math.log(2 * Math.PI * law.variance);
    expect(Math.abs(mean - expected)).toBeLessThan((4 * sd) / Math.sqrt(n));
  });

  it('the exact-kernel log-density equals a float64 mixture evaluation', () => {
    const x = testPoints(200);
    const law = gmm.reverseKernel(x, grid[20], grid[19]);
    const xs = sampleLaw(law, drawNoise(new Rng(4, 'mix'), 200, law.means.length));
    const lp = logProbLaw(law, xs).dataSync();
    const logits = law.logits.arraySync() as number[][];
    const means = law.means.map((m) => m.arraySync() as number[][]);
    const pts = xs.arraySync() as number[][];
    let worst = 0;
    for (let i = 0; i < 200; i++) {
      const lse = Math.log(logits[i].reduce((s, l) => s + Math.exp(l - Math.max(...logits[i])), 0)) + Math.max(...logits[i]);
      let dens = 0;
      law.covs.forEach((C, k) => {
        const det = C[0][0] * C[1][1] - C[0][1] * C[1][0];
        const dx = pts[i][0] - means[k][i][0];
        const dy = pts[i][1] - means[k][i][1];
        const quad = (C[1][1] * dx * dx - 2 * C[0][1] * dx * dy + C[0][0] * dy * dy) / det;
        dens += Math.exp(logits[i][k] - lse) * Math.exp(-0.5 * quad) / (2 * Math.PI * Math.sqrt(det));
      });
      worst = Math.max(worst, Math.abs(lp[i] - Math.log(dens)));
    }
    expect(worst).toBeLessThan(1e-4);
  });
});
