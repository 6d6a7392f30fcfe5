// The KL-tilt sampler's own bookkeeping on small runs (N ≤ 64, K ≤ 5), against values recomputed in the test:
// - the "what SMC would weigh" increments ℓ_k = log p − log q + (r_{k−1} − r_k)/λ, with ℓ_K = r_K/λ folded into the
//   first step (§5.4): with a reward guidance cannot see (∇r = 0) the step law is the model's, log p − log q = 0, so
//   V_k = Var_i[(r_{k−1} − r_k)/λ], the first step's V = Var_i[r_{K−1}/λ] and V^cum_k = Var_i[r_k/λ], with r_k
//   recomputed from the emitted positions;
// - each frame's grid index and time; the summary's keys; the messages of the finiteness checks;
// - the exact correction of the max-linear mixture (§3.4): log-weights max_j ℓ_j/λ − logsumexp_j ℓ_j/λ of the
//   weighted points, one resampling, log Ẑ from the closed-form log M_p of the analytic GMM;
// - the closed-form target the descriptor names (§2.3) for a single Gaussian and a linear reward.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { Vec2 } from '../../../../src/core/linalg2';
import { GmmDenoiser } from '../../../../src/core/models/gmm';
import { T_MIN, timeGrid } from '../../../../src/core/schedule';
import { klTiltSampler } from '../../../../src/core/samplers/klTilt';
import type { KlTiltParams } from '../../../../src/core/samplers/klTilt';
import { NonFiniteError } from '../../../../src/core/samplers/common';
import type { Reward } from '../../../../src/core/types';
import {
  FIXTURE_GMM,
  fixtureLinearReward,
  fixtureMaxLinearReward,
  learnedStandIn,
  linearReward,
  SINGLE_GAUSSIAN,
  testContext,
} from '../../fixtures';
import { runToEnd } from './runSampler';

const gmm = new GmmDenoiser(FIXTURE_GMM);
const kl = (lambda: number, method: KlTiltParams['method'] = 'auto'): KlTiltParams => ({
  kind: 'kl-tilt',
  lambda,
  method,
});

/** r(x) = x + 0.5·y with ∇r reported as 0 (guidance then steps with the model's own law); `values` may override. */
function invisibleReward(values?: (x: Tensor2D, call: number) => Tensor1D): Reward {
  let calls = 0;
  return {
    kind: 'formula',
    label: 'r(x) = x + 0.5·y, unseen by guidance',
    value: (x) =>
      values
        ? values(x, calls++)
        : (tf.tidy(() => tf.squeeze(tf.matMul(x, tf.tensor2d([1, 0.5], [2, 1])), [1])) as Tensor1D),
    grad: (x) => tf.zerosLike(x),
    concave: false,
  };
}

function variance(v: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m += v[i];
  m /= v.length;
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] - m) ** 2;
  return s / v.length;
}

describe('KL-tilt increments (§5.4): DIFF potentials with r_K/λ folded into the first step', () => {
  it('V_k, the first step’s V and V^cum_k recomputed from the emitted positions (λ = 0.5)', async () => {
    const K = 4;
    const n = 16;
    const lambda = 0.5;
    const ctx = testContext(gmm, invisibleReward(), { particles: n, steps: K, emitPositions: true, seed: 3 });
    const { frames, out } = await runToEnd(klTiltSampler, ctx, kl(lambda));
    expect(out.summary.method).toBe('guidance');
    const grid = timeGrid(K);
    // r_k(i) = r(x̂₀(x_k, t_k)) for each frame's positions x_k (k = K − 1 … 0).
    const r = frames.map((f, j) => {
      const k = K - 1 - j;
      const x = tf.tensor2d(f.positions!, [n, 2]);
      const x0 = gmm.x0(x, grid[k]);
      const values = Array.from(x0.dataSync()).reduce<number[]>((acc, v, i) => {
        if (i % 2 === 0) acc.push(v);
        else acc[acc.length - 1] += 0.5 * v;
        return acc;
      }, []);
      tf.dispose([x, x0]);
      return values;
    });
    const tol = (v: number) => 1e-4 * Math.max(1, v);
    frames.forEach((f, j) => {
      const k = K - 1 - j;
      expect(f.stats.k).toBe(k);
      expect(f.stats.t).toBe(grid[k]);
      const cum = variance(r[j].map((v) => v / lambda));
      const inc = j === 0 ? cum : variance(r[j].map((v, i) => (v - r[j - 1][i]) / lambda));
      expect(Math.abs(f.stats.logWeightVar! - inc)).toBeLessThan(tol(inc));
      expect(Math.abs(f.stats.logWeightVarCum! - cum)).toBeLessThan(tol(cum));
    });
  });
});

describe('the summary', () => {
  it('a learned model has no closed-form log Z: the key is absent, not undefined', async () => {
    const ctx = testContext(learnedStandIn(FIXTURE_GMM), fixtureLinearReward(), { particles: 8, steps: 3 });
    const { out } = await runToEnd(klTiltSampler, ctx, kl(0.7));
    expect(out.summary.method).toBe('linear-shift');
    expect(out.summary).not.toHaveProperty('logZ');
    expect(out.summary).not.toHaveProperty('logWeightReason');
    expect(out).not.toHaveProperty('logWeights');
  });

  it('the analytic GMM with a linear reward reports log Z = log Σ_k π_k e^{θ·μ_k + ½θᵀS_kθ}, θ = a/λ (§2.3)', async () => {
    const ctx = testContext(gmm, fixtureLinearReward(), { particles: 8, steps: 3 });
    const { out } = await runToEnd(klTiltSampler, ctx, kl(0.7));
    const theta: Vec2 = [1 / 0.7, -0.5 / 0.7];
    let z = 0;
    FIXTURE_GMM.weights.forEach((w, k) => {
      const [m, S] = [FIXTURE_GMM.means[k], FIXTURE_GMM.covs[k]];
      const quad =
        theta[0] * (S[0][0] * theta[0] + S[0][1] * theta[1]) + theta[1] * (S[1][0] * theta[0] + S[1][1] * theta[1]);
      z += w * Math.exp(theta[0] * m[0] + theta[1] * m[1] + 0.5 * quad);
    });
    expect(out.summary.logZ).toBeCloseTo(Math.log(z), 10);
  });
});

describe('the exact correction of the max-linear mixture (§3.4)', () => {
  it('log-weights of the weighted points, one resampling onto them, and log Ẑ from the closed-form M_p', async () => {
    const n = 64;
    const lambda = 0.8;
    const ctx = testContext(gmm, fixtureMaxLinearReward(), { particles: n, steps: 4, seed: 7 });
    const { out } = await runToEnd(klTiltSampler, ctx, kl(lambda));
    expect(out.summary.method).toBe('linear-mixture');
    expect(out.summary.resamplings).toBe(1);
    const pts = out.weightedSamples!;
    const logW = out.logWeights!;
    expect(logW).toHaveLength(n);
    // r = max((1, 0)·x, (−1, 0.5)·x + 0.5): log w = max/λ − log(e^{ℓ₁/λ} + e^{ℓ₂/λ}).
    const pieces = (x: number, y: number) => [x / lambda, (-x + 0.5 * y + 0.5) / lambda];
    for (let i = 0; i < n; i++) {
      const [a, b] = pieces(pts[2 * i], pts[2 * i + 1]);
      expect(logW[i]).toBeCloseTo(Math.max(a, b) - Math.log(Math.exp(a) + Math.exp(b)), 5);
    }
    // Every output point is one of the weighted points.
    const keys = new Set(Array.from({ length: n }, (_, i) => `${pts[2 * i]},${pts[2 * i + 1]}`));
    for (let i = 0; i < n; i++) expect(keys.has(`${out.samples[2 * i]},${out.samples[2 * i + 1]}`)).toBe(true);
    // log Ẑ = log Σ_j e^{b_j/λ} M_p(θ_j/λ) + log mean w, with M_p(u) = Σ_k π_k e^{u·μ_k + ½uᵀS_ku}.
    const mgf = (u: Vec2) =>
      FIXTURE_GMM.weights.reduce((s, w, k) => {
        const [m, S] = [FIXTURE_GMM.means[k], FIXTURE_GMM.covs[k]];
        const quad = u[0] * (S[0][0] * u[0] + S[0][1] * u[1]) + u[1] * (S[1][0] * u[0] + S[1][1] * u[1]);
        return s + w * Math.exp(u[0] * m[0] + u[1] * m[1] + 0.5 * quad);
      }, 0);
    const normaliser = mgf([1 / lambda, 0]) + Math.exp(0.5 / lambda) * mgf([-1 / lambda, 0.5 / lambda]);
    const meanW = Array.from(logW).reduce((s, v) => s + Math.exp(v), 0) / n;
    expect(out.summary.logZHat).toBeCloseTo(Math.log(normaliser) + Math.log(meanW), 8);
  });
});

describe('finiteness checks name the step', () => {
  const K = 3;
  const run = (reward: Reward, lambda: number) =>
    runToEnd(klTiltSampler, testContext(gmm, reward, { particles: 8, steps: K }), kl(lambda, 'guidance'));

  it('the reward at step K, at a later step, and the increment', async () => {
    const nan = invisibleReward((x) => tf.fill([x.shape[0]], NaN) as Tensor1D);
    await expect(run(nan, 1)).rejects.toThrow(new NonFiniteError(`the reward at step ${K}`));
    const laterNan = invisibleReward((x, call) => tf.fill([x.shape[0]], call === 0 ? 1 : NaN) as Tensor1D);
    await expect(run(laterNan, 1)).rejects.toThrow(new NonFiniteError(`the reward at step ${K - 1}`));
    // r = 1e30 everywhere and λ = 1e−300: r_K/λ overflows in the first increment.
    const huge = invisibleReward((x) => tf.fill([x.shape[0]], 1e30) as Tensor1D);
    await expect(run(huge, 1e-300)).rejects.toThrow(new NonFiniteError(`the log-weight increment at step ${K - 1}`));
  });
});

describe('the final samples are checked too', () => {
  it('a model whose x̂₀ at t_min is NaN, with a reward finite everywhere: the final samples are named', async () => {
    const broken = {
      name: 'nan-at-tmin',
      eps: (x: Tensor2D, t: number) => gmm.eps(x, t),
      // Kept a function of x (guidance differentiates through it).
      x0: (x: Tensor2D, t: number) => (t === T_MIN ? (tf.mul(gmm.x0(x, t), NaN) as Tensor2D) : gmm.x0(x, t)),
    };
    const constant = invisibleReward((x) => tf.fill([x.shape[0]], 1) as Tensor1D);
    const ctx = testContext(broken, constant, { particles: 8, steps: 3 });
    await expect(runToEnd(klTiltSampler, ctx, kl(1))).rejects.toThrow(new NonFiniteError('the final samples'));
  });
});

describe('the descriptor’s closed-form target (§2.3)', () => {
  it('a single Gaussian tilted by e^{a·x/λ}: mean μ + S a/λ, the same covariance, log Z = a·μ/λ + ½aᵀSa/λ²', () => {
    const a: Vec2 = [1, -0.5];
    const lambda = 0.5;
    const target = klTiltSampler.exactTarget!(SINGLE_GAUSSIAN, linearReward(a), kl(lambda))!;
    const [m, S] = [SINGLE_GAUSSIAN.means[0], SINGLE_GAUSSIAN.covs[0]];
    const Sa: Vec2 = [S[0][0] * a[0] + S[0][1] * a[1], S[1][0] * a[0] + S[1][1] * a[1]];
    expect(target.spec.means[0][0]).toBeCloseTo(m[0] + Sa[0] / lambda, 12);
    expect(target.spec.means[0][1]).toBeCloseTo(m[1] + Sa[1] / lambda, 12);
    expect(target.spec.covs[0]).toEqual(S);
    expect(target.logZ).toBeCloseTo(
      (a[0] * m[0] + a[1] * m[1]) / lambda + (0.5 * (a[0] * Sa[0] + a[1] * Sa[1])) / lambda ** 2,
      12,
    );
  });
});
