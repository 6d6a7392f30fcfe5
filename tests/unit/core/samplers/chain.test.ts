// The DDIM(η) step law for 0 < η < 1 (algorithms.md §1) against its closed form, written out here from the VP schedule
// (β_min = 0.1, β_max = 20): x_s = α_s x̂₀ + √(σ_s² − η²σ̃²) ε̂ + η σ̃ z, x̂₀ = (x − σ_t ε̂)/α_t,
// σ̃² = σ_s²/σ_t² · (1 − α_t²/α_s²). η = 0 and η = 1 are covered in tests/unit/core/models/gmm.test.ts; only an η
// strictly between tells η² from η.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ddimLaw, disposeLaw, logProbLaw, sampleLaw } from '../../../../src/core/samplers/chain';

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
