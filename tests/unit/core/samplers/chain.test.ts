// The DDIM(η) step law for 0 < η < 1 (algorithms.md §1) against its closed form, written out here from the VP schedule
// (β_min = 0.1, β_max = 20): x_s = α_s x̂₀ + √(σ_s² − η²σ̃²) ε̂ + η σ̃ z, x̂₀ = (x − σ_t ε̂)/α_t,
// σ̃² = σ_s²/σ_t² · (1 − α_t²/α_s²). η = 0 and η = 1 are covered in tests/unit/core/models/gmm.test.ts; only an η
// strictly between tells η² from η.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { Rng } from '../../../../src/core/rng';
import {
  ancestralLaw,
  ddimLaw,
  disposeLaw,
  drawNoise,
  epsFromX0,
  lawComponents,
  logProbLaw,
  sampleLaw,
  x0FromEps,
} from '../../../../src/core/samplers/chain';
import type { MixtureLaw } from '../../../../src/core/samplers/chain';

/** α_t = exp(−½(0.1 t + ½·19.9 t²)), written out from §1 (not the schedule module). */
const alphaOf = (t: number): number => Math.exp(-0.5 * (0.1 * t + 0.5 * 19.9 * t * t));
const sigma2Of = (t: number): number => 1 - alphaOf(t) ** 2;

/** The §1 closed form of one DDIM(η) step from x with noise prediction ε̂: per-point mean and the variance. */
function closedForm(x: number[], eps: number[], t: number, s: number, eta: number): { mean: number[]; variance: number } {
  const tildeSigma2 = (sigma2Of(s) / sigma2Of(t)) * (1 - alphaOf(t) ** 2 / alphaOf(s) ** 2);
  const variance = eta * eta * tildeSigma2;
  const dir = Math.sqrt(sigma2Of(s) - variance);
  const mean = x.map((xi, i) => alphaOf(s) * ((xi - Math.sqrt(sigma2Of(t)) * eps[i]) / alphaOf(t)) + dir * eps[i]);
  return { mean, variance };
}

describe('DDIM step with 0 < η < 1 (§1)', () => {
  // Two points (interleaved x, y) and an arbitrary ε̂ at each; the law does not care where ε̂ came from.
  const x = [0.8, -1.1, -0.3, 2.0];
  const eps = [0.5, -0.2, -1.3, 0.9];

  it.each([
    [0.25, 0.5, 0.45],
    [0.5, 0.5, 0.45],
    [0.8, 0.9, 0.7],
    [0.3, 0.05, 0.03],
  ])('η = %s, t = %s → s = %s: variance η²σ̃² and mean α_s x̂₀ + √(σ_s² − η²σ̃²) ε̂', (eta, t, s) => {
    const expected = closedForm(x, eps, t, s, eta);
    const [xt, et] = [tf.tensor2d(x, [2, 2]), tf.tensor2d(eps, [2, 2])];
    const law = ddimLaw(xt, et, t, s, eta);
    tf.dispose([xt, et]);
    expect(Math.abs(law.variance - expected.variance) / expected.variance).toBeLessThan(1e-9);
    const mean = law.mean.dataSync();
    for (let i = 0; i < 4; i++) expect(mean[i]).toBeCloseTo(expected.mean[i], 5);
    disposeLaw(law);
  });

  it('η = 0.5: a draw with noise z is mean + η σ̃ z, and its log-density is the isotropic Gaussian one', () => {
    const t = 0.5;
    const s = 0.45;
    const eta = 0.5;
    const z = [1, -2, 0.5, 0.25];
    const expected = closedForm(x, eps, t, s, eta);
    const [xt, et] = [tf.tensor2d(x, [2, 2]), tf.tensor2d(eps, [2, 2])];
    const law = ddimLaw(xt, et, t, s, eta);
    tf.dispose([xt, et]);
    const draw = sampleLaw(law, { z: Float32Array.from(z) });
    const points = draw.dataSync();
    const sd = Math.sqrt(expected.variance);
    for (let i = 0; i < 4; i++) expect(points[i]).toBeCloseTo(expected.mean[i] + sd * z[i], 5);
    // log N(x_s; m, v I) in 2-D = −|x_s − m|²/(2v) − log(2πv), here |x_s − m|² = v |z|².
    const logpT = logProbLaw(law, draw);
    const logp = logpT.dataSync();
    const sq = [z[0] ** 2 + z[1] ** 2, z[2] ** 2 + z[3] ** 2];
    for (let p = 0; p < 2; p++)
      expect(logp[p]).toBeCloseTo(-sq[p] / 2 - Math.log(2 * Math.PI * expected.variance), 3);
    tf.dispose([draw, logpT]);
    disposeLaw(law);
  });
});

describe('Tweedie and the ancestral step (§1)', () => {
  const x = [0.8, -1.1, -0.3, 2.0];
  const eps = [0.5, -0.2, -1.3, 0.9];
  const t = 0.4;
  const s = 0.3;

  it('x̂₀ = (x − σ_t ε̂)/α_t and ε̂ = (x − α_t x̂₀)/σ_t', () => {
    const [xt, et] = [tf.tensor2d(x, [2, 2]), tf.tensor2d(eps, [2, 2])];
    const x0 = x0FromEps(xt, et, t);
    const back = epsFromX0(xt, x0, t);
    const x0v = x0.dataSync();
    const backv = back.dataSync();
    for (let i = 0; i < 4; i++) {
      expect(x0v[i]).toBeCloseTo((x[i] - Math.sqrt(sigma2Of(t)) * eps[i]) / alphaOf(t), 5);
      expect(backv[i]).toBeCloseTo(eps[i], 4);
    }
    tf.dispose([xt, et, x0, back]);
  });

  it('μ̃ = (α_t/α_s)σ_s²/σ_t² · x_t + α_s σ²_{t|s}/σ_t² · x̂₀ and σ̃² = σ²_{t|s} σ_s²/σ_t²', () => {
    const x0 = [1.5, 0.2, -0.7, -2.1];
    const [xt, x0t] = [tf.tensor2d(x, [2, 2]), tf.tensor2d(x0, [2, 2])];
    const law = ancestralLaw(xt, x0t, t, s);
    const a = alphaOf(t) / alphaOf(s);
    const b = 1 - a * a;
    const mean = law.mean.dataSync();
    for (let i = 0; i < 4; i++)
      expect(mean[i]).toBeCloseTo(((a * sigma2Of(s)) / sigma2Of(t)) * x[i] + ((alphaOf(s) * b) / sigma2Of(t)) * x0[i], 5);
    expect(law.variance).toBeCloseTo((b * sigma2Of(s)) / sigma2Of(t), 12);
    tf.dispose([xt, x0t]);
    disposeLaw(law);
  });
});

describe('mixture step laws (§2.2): Gumbel-max component choice, draws and log-density', () => {
  /** A per-particle mixture with the same logits, means and covariances for all n particles. */
  function mixture(n: number, weights: number[], means: [number, number][], covs: number[][][]): MixtureLaw {
    return {
      kind: 'mixture',
      logits: tf.tile(tf.tensor2d([weights.map(Math.log)]), [n, 1]) as Tensor2D,
      means: means.map((m) => tf.tile(tf.tensor2d([m]), [n, 1]) as Tensor2D),
      covs: covs as MixtureLaw['covs'],
    };
  }
  const tiny = [
    [1e-6, 0],
    [0, 1e-6],
  ];

  it('picks component k with probability π_k (4000 draws, within 4 SE) and draws N(m_k, C_k) for it', () => {
    const n = 4000;
    const law = mixture(n, [0.2, 0.8], [
      [-10, 0],
      [10, 0],
    ], [tiny, tiny]);
    expect(lawComponents(law)).toBe(2);
    const noise = drawNoise(new Rng(3, 'gumbel'), n, 2);
    expect(noise.gumbel!.length).toBe(2 * n);
    const draws = sampleLaw(law, noise);
    const points = draws.dataSync();
    let right = 0;
    for (let i = 0; i < n; i++) if (points[2 * i] > 0) right++;
    const se = Math.sqrt((0.8 * 0.2) / n);
    expect(Math.abs(right / n - 0.8)).toBeLessThanOrEqual(4 * se);
    // Every draw sits at its component's mean (C = 10⁻⁶ I: within a few 10⁻³).
    for (let i = 0; i < n; i++) expect(Math.abs(Math.abs(points[2 * i]) - 10) + Math.abs(points[2 * i + 1])).toBeLessThan(0.02);
    tf.dispose(draws);
    disposeLaw(law);
  });

  it('a one-component mixture draws m + L z with L the Cholesky factor of C', () => {
    // C = [[4, 2], [2, 5]]: L = [[2, 0], [1, 2]], so m + L z = (1 + 2 z₁, −1 + z₁ + 2 z₂).
    const law = mixture(2, [1], [[1, -1]], [
      [
        [4, 2],
        [2, 5],
      ],
    ]);
    const z = [0.5, -1, -2, 0.25];
    const points = sampleLaw(law, { z: Float32Array.from(z), gumbel: Float32Array.from([0.3, -0.1]) });
    const p = points.dataSync();
    expect(Array.from(p).map((v) => Number(v.toFixed(5)))).toEqual([2, -2.5, -3, -2.5]);
    tf.dispose(points);
    disposeLaw(law);
  });

  it('refuses a mixture step without Gumbel draws for every particle and component', () => {
    const law = mixture(2, [0.5, 0.5], [
      [0, 0],
      [1, 1],
    ], [tiny, tiny]);
    expect(() => sampleLaw(law, { z: new Float32Array(4) })).toThrow(/Gumbel/);
    expect(() => sampleLaw(law, { z: new Float32Array(4), gumbel: new Float32Array(2) })).toThrow(/Gumbel/);
    disposeLaw(law);
  });

  it('log-density log Σ_k π_k N(x; m_k, C_k), with the weights normalised from the logits', () => {
    // Unnormalised weights (1, 3) → π = (¼, ¾); C_1 = I, C_2 = diag(2, 0.5) (det 1).
    const law: MixtureLaw = {
      kind: 'mixture',
      logits: tf.tensor2d([[0, Math.log(3)]]),
      means: [tf.tensor2d([[0, 0]]), tf.tensor2d([[1, -1]])],
      covs: [
        [
          [1, 0],
          [0, 1],
        ],
        [
          [2, 0],
          [0, 0.5],
        ],
      ],
    };
    const xs = tf.tensor2d([[0.5, 0.5]]);
    const lp = logProbLaw(law, xs);
    const n1 = Math.exp(-0.5 * (0.25 + 0.25)) / (2 * Math.PI);
    const n2 = Math.exp(-0.5 * (0.25 / 2 + 2.25 / 0.5)) / (2 * Math.PI);
    expect(lp.dataSync()[0]).toBeCloseTo(Math.log(0.25 * n1 + 0.75 * n2), 5);
    tf.dispose([xs, lp]);
    disposeLaw(law);
  });

  it('a deterministic step (variance 0) has no log-density, and says so', () => {
    const mean = tf.tensor2d([[0, 0]]);
    expect(() => logProbLaw({ kind: 'gaussian', mean, variance: 0 }, mean)).toThrow(/deterministic step/);
    mean.dispose();
  });

  it('Gaussian noise only: no Gumbel draws for a Gaussian law', () => {
    const noise = drawNoise(new Rng(1, 'plain'), 3);
    expect(noise.z.length).toBe(6);
    expect(noise.gumbel).toBeUndefined();
  });
});
