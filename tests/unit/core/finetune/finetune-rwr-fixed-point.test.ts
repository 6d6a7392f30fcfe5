/**
 * The fixed point behind §7 check 29, checked without training (§6.5): for the terminal RWR objective
 *   L(f) = E_{x0~p} w(x0) E_ε ‖ε − f(α_t x0 + σ_t ε, t)‖²,  w = e^{r/λ}/E_p e^{r/λ},
 * p·w is the tilted law q of §2.3, so for every noise level t and every f
 *   L_t(f) − L_t(ε_q) = E_{x_t~q_t} ‖f(x_t, t) − ε_q(x_t, t)‖²,
 * where ε_q is the exact denoiser of q. The minimiser of the loss is therefore ε_q — a model that minimises it samples
 * q. Here f is the untrained base denoiser ε_p and ε_q is the analytic denoiser of the tilted GMM; the left side is
 * computed with `rwrLoss` on a pool weighted by `poolWeights` (exact draws of p), the right side on exact draws of q.
 * Both are Monte Carlo estimates; they agree within 4 standard errors, while weights at the wrong temperature miss.
 * Also the weights themselves, by hand.
 */
import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../../src/cli/backend';
import { poolWeights, rwrLoss } from '../../../../src/core/finetune/rwr';
import { sampleGmm } from '../../../../src/core/exact';
import { GmmDenoiser } from '../../../../src/core/models/gmm';
import { Rng } from '../../../../src/core/rng';
import { alpha, sigma } from '../../../../src/core/schedule';
import type { GmmSpec } from '../../../../src/core/types';
import { FIXTURE_GMM, FIXTURE_LINEAR } from '../../fixtures';

beforeAll(async () => {
  await useNodeBackend('wasm');
});
afterAll(async () => {
  await useNodeBackend('cpu');
});

/** §2.3 (i), written out: a linear reward a·x at temperature λ shifts each mean by S_k a/λ and reweights by z_k. */
function linearTilt(spec: GmmSpec, a: readonly number[], lambda: number): GmmSpec {
  const th = [a[0] / lambda, a[1] / lambda];
  const logW = spec.weights.map((w, k) => {
    const [m, S] = [spec.means[k], spec.covs[k]];
    const quad = th[0] * (S[0][0] * th[0] + S[0][1] * th[1]) + th[1] * (S[1][0] * th[0] + S[1][1] * th[1]);
    return Math.log(w) + th[0] * m[0] + th[1] * m[1] + 0.5 * quad;
  });
  const top = Math.max(...logW);
  const total = logW.reduce((s, v) => s + Math.exp(v - top), 0);
  return {
    weights: logW.map((v) => Math.exp(v - top) / total),
    means: spec.means.map((m, k) => {
      const S = spec.covs[k];
      return [m[0] + S[0][0] * th[0] + S[0][1] * th[1], m[1] + S[1][0] * th[0] + S[1][1] * th[1]];
    }),
    covs: spec.covs,
  };
}

/** Mean and standard error of a sample. */
function meanSe(v: Float32Array | Float64Array): { mean: number; se: number } {
  let s = 0;
  for (const x of v) s += x;
  const mean = s / v.length;
  let ss = 0;
  for (const x of v) ss += (x - mean) ** 2;
  return { mean, se: Math.sqrt(ss / (v.length - 1) / v.length) };
}

describe('terminal RWR: the weighted ε-regression is minimised by the tilted denoiser (§6.5, §2.3)', () => {
  it('L_t(ε_p) − L_t(ε_q) equals E_{q_t}‖ε_p − ε_q‖² at four noise levels (4 SE), and not with weights at 0.8β', async () => {
    const before = tf.memory().numTensors;
    const N = 16384;
    const rng = new Rng(29, 'rwr-fixed-point');
    const pool = sampleGmm(FIXTURE_GMM, N, rng.fork('pool'));
    const [a0, a1] = FIXTURE_LINEAR.theta;
    const rewards = Float64Array.from({ length: N }, (_, i) => a0 * pool[2 * i] + a1 * pool[2 * i + 1]);
    const beta = 1 / FIXTURE_LINEAR.lambda;
    const weights = Float32Array.from(poolWeights(rewards, beta));
    // Weights at the wrong temperature: their minimiser is the tilt at λ/0.8, not q, and the test must see it.
    const wrongWeights = Float32Array.from(poolWeights(rewards, 0.8 * beta));
    const qSpec = linearTilt(FIXTURE_GMM, FIXTURE_LINEAR.theta, FIXTURE_LINEAR.lambda);
    const qDraws = sampleGmm(qSpec, N, rng.fork('q'));
    const base = new GmmDenoiser(FIXTURE_GMM);
    const tilted = new GmmDenoiser(qSpec);
    const x0 = tf.tensor2d(pool, [N, 2]);
    const q0 = tf.tensor2d(qDraws, [N, 2]);
    let wrongOffset = 0;
    let seSquared = 0;
    for (const t of [0.1, 0.3, 0.5, 0.7]) {
      const noise = tf.tensor2d(rng.normals(2 * N), [N, 2]);
      const lossGap = async (w: Float32Array) => {
        const data = { x0, weights: w, times: [t], noises: [noise] };
        const [lb, lq] = [rwrLoss(base, data), rwrLoss(tilted, data)];
        const gap = (await lb.data())[0] - (await lq.data())[0];
        tf.dispose([lb, lq]);
        return gap;
      };
      const left = await lossGap(weights);
      // Per-sample terms of the left side, for its standard error (and to pin rwrLoss to the weighted mean).
      const terms = tf.tidy(() => {
        const xt = tf.add(tf.mul(x0, alpha(t)), tf.mul(noise, sigma(t))) as Tensor2D;
        const sq = (f: GmmDenoiser) => tf.sum(tf.square(tf.sub(noise, f.eps(xt, t))), 1);
        return tf.mul(tf.tensor1d(weights), tf.sub(sq(base), sq(tilted)));
      });
      const leftTerms = meanSe((await terms.data()) as Float32Array);
      const gap = tf.tidy(() => {
        const xt = tf.add(tf.mul(q0, alpha(t)), tf.mul(tf.tensor2d(rng.normals(2 * N), [N, 2]), sigma(t))) as Tensor2D;
        return tf.sum(tf.square(tf.sub(base.eps(xt, t), tilted.eps(xt, t))), 1);
      });
      const right = meanSe((await gap.data()) as Float32Array);
      const se = Math.hypot(leftTerms.se, right.se);
      expect(Math.abs(left - leftTerms.mean)).toBeLessThan(1e-4 * Math.max(1, Math.abs(left)));
      expect(right.mean).toBeGreaterThan(10 * se); // a gap far above the noise
      expect(Math.abs(left - right.mean)).toBeLessThan(4 * se);
      wrongOffset += (await lossGap(wrongWeights)) - right.mean;
      seSquared += se * se;
      tf.dispose([noise, terms, gap]);
    }
    // Summed over the four noise levels, the wrong temperature misses the identity by more than 4 SE.
    expect(Math.abs(wrongOffset)).toBeGreaterThan(4 * Math.sqrt(seSquared));
    tf.dispose([x0, q0]);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('RWR pool weights e^{βr}/mean e^{βr} (§6.5)', () => {
  it('are normalised to mean 1, hand-computed, and stay finite for rewards whose exponential overflows', () => {
    // r = (0, ln 2, ln 4) at β = 1: e^r = (1, 2, 4), mean 7/3, so w = (3/7, 6/7, 12/7).
    expect(Array.from(poolWeights([0, Math.log(2), Math.log(4)], 1))).toEqual(
      [3 / 7, 6 / 7, 12 / 7].map((v) => expect.closeTo(v, 12)),
    );
    // β scales the reward: r = (0, ln 2) at β = 2 gives e^{βr} = (1, 4), w = (0.4, 1.6).
    expect(Array.from(poolWeights([0, Math.log(2)], 2))).toEqual([0.4, 1.6].map((v) => expect.closeTo(v, 12)));
    // e^{1000} is +∞ in float64; in log space the weights are those of (0, ln 3): (0.5, 1.5).
    expect(Array.from(poolWeights([1000, 1000 + Math.log(3)], 1))).toEqual(
      [0.5, 1.5].map((v) => expect.closeTo(v, 12)),
    );
    // Very negative rewards (e^{βr} underflows to 0) are fine too, and so is a negative β.
    expect(Array.from(poolWeights([-1000, -1000 - Math.log(3)], 1))).toEqual(
      [1.5, 0.5].map((v) => expect.closeTo(v, 12)),
    );
    expect(Array.from(poolWeights([0, Math.log(3)], -1))).toEqual([1.5, 0.5].map((v) => expect.closeTo(v, 12)));
  });
});
