/**
 * Fine-tuning losses against gradients computed by hand (§6.3) on a one-parameter problem: a single-Gaussian base
 * N(μ, S) and the mean-shift policy p_s(x) = p(x − s u). There x̂0_s(x, t) = μ + s u + α S Σ⁻¹(x − α(μ + s u)) with
 * Σ = α²S + σ²I, so the step mean moves with s along the constant vector ∂m/∂s = c0 σ² Σ⁻¹ u, and
 * ∂ log π_s,k/∂s = (x_{k−1} − m_s(x_k))·∂m/∂s / σ̃². Also §7 checks 26 (PPO first step and clipping), 27 (VMPO
 * degenerate cases and the M_φ fit) and 28 (on-policy VMPO gradient = ∇KL(π_θ ‖ p*)).
 */
import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { batchAdvantages, groupAdvantages } from '../../../../src/core/finetune/advantages';
import { baselineLoss, TimeBaseline } from '../../../../src/core/finetune/baseline';
import { ppoClipLoss } from '../../../../src/core/finetune/ddpoIs';
import { ddpoSfLoss } from '../../../../src/core/finetune/ddpoSf';
import { grpoLoss } from '../../../../src/core/finetune/grpo';
import { logVariancePolicyLoss } from '../../../../src/core/finetune/logVarianceStep';
import { policyLogProb, rewardToGoOffsets, tweediePotentialOffsets } from '../../../../src/core/finetune/logWeights';
import { MeanShiftPolicy } from '../../../../src/core/finetune/meanShiftPolicy';
import { rgdmLoss, rgdmTargets } from '../../../../src/core/finetune/rgdm';
import { rwrLoss } from '../../../../src/core/finetune/rwr';
import type { RegressionBatch } from '../../../../src/core/finetune/rwr';
import { disposeTrajectories, sampleTrajectories } from '../../../../src/core/finetune/trajectories';
import type { TrajectoryBatch } from '../../../../src/core/finetune/trajectories';
import { add2, I2, inv2, matMul2, matVec2, scale2 } from '../../../../src/core/linalg2';
import type { Vec2 } from '../../../../src/core/linalg2';
import { GmmDenoiser } from '../../../../src/core/models/gmm';
import { Rng } from '../../../../src/core/rng';
import { alpha, posteriorCoefficients, sigma, sigma2 } from '../../../../src/core/schedule';
import type { Reward } from '../../../../src/core/types';
import { linearReward, SINGLE_GAUSSIAN } from '../../fixtures';

const MU = SINGLE_GAUSSIAN.means[0];
const S = SINGLE_GAUSSIAN.covs[0];
const U: Vec2 = [1, -0.5];
const A_REWARD: Vec2 = [1, -0.5];
const LAMBDA = 0.7;
const BETA = 1 / LAMBDA;

/** Closed-form pieces of the single-Gaussian base at time t. */
function geometry(t: number) {
  const a = alpha(t);
  const sig = sigma(t);
  const Sigma = add2(scale2(S, a * a), scale2(I2, sigma2(t)));
  const P = inv2(Sigma);
  return { a, sig, P, gain: scale2(matMul2(S, P), a) };
}

/** Host mirror of one stored step of the batch (float64 arithmetic on the float32 states). */
interface HostStep {
  t: number;
  s: number;
  v: number;
  cx: number;
  c0: number;
  /** ∂m/∂s = c0 σ_t² Σ_t⁻¹ u. */
  dm: Vec2;
  x: Float32Array;
  next: Float32Array;
  logProbOld: Float32Array;
  logProbRef: Float32Array;
}

async function hostSteps(batch: TrajectoryBatch): Promise<HostStep[]> {
  const out: HostStep[] = [];
  for (const r of batch.steps) {
    const { cx, c0, variance } = posteriorCoefficients(r.t, r.s);
    const { P } = geometry(r.t);
    const dm = matVec2(scale2(P, c0 * sigma2(r.t)), U);
    out.push({
      t: r.t,
      s: r.s,
      v: variance,
      cx,
      c0,
      dm,
      x: (await r.x.data()) as Float32Array,
      next: (await r.next.data()) as Float32Array,
      logProbOld: r.logProbOld,
      logProbRef: r.logProbRef,
    });
  }
  return out;
}

/** m_s(x) = cx x + c0 x̂0_s(x). */
function hostMean(h: HostStep, i: number, shift: number): Vec2 {
  const { a, gain } = geometry(h.t);
  const mu: Vec2 = [MU[0] + shift * U[0], MU[1] + shift * U[1]];
  const x: Vec2 = [h.x[2 * i], h.x[2 * i + 1]];
  const g = matVec2(gain, [x[0] - a * mu[0], x[1] - a * mu[1]]);
  return [h.cx * x[0] + h.c0 * (mu[0] + g[0]), h.cx * x[1] + h.c0 * (mu[1] + g[1])];
}

function hostLogProb(h: HostStep, i: number, shift: number): number {
  const m = hostMean(h, i, shift);
  const d0 = h.next[2 * i] - m[0];
  const d1 = h.next[2 * i + 1] - m[1];
  return -(d0 * d0 + d1 * d1) / (2 * h.v) - Math.log(2 * Math.PI * h.v);
}

function hostDLogProb(h: HostStep, i: number, shift: number): number {
  const m = hostMean(h, i, shift);
  return ((h.next[2 * i] - m[0]) * h.dm[0] + (h.next[2 * i + 1] - m[1]) * h.dm[1]) / h.v;
}

/** ∂/∂s of ‖m_s − m_ref‖²/(2σ̃²) with the reference at shift 0. */
function hostDKl(h: HostStep, i: number, shift: number): number {
  const m = hostMean(h, i, shift);
  const r = hostMean(h, i, 0);
  return ((m[0] - r[0]) * h.dm[0] + (m[1] - r[1]) * h.dm[1]) / h.v;
}

function setup(shiftOld: number) {
  const base = new GmmDenoiser(SINGLE_GAUSSIAN, 'single');
  const policy = new MeanShiftPolicy(base, U, shiftOld);
  const reference = new MeanShiftPolicy(base, U, 0);
  return { policy, reference, dispose: () => [policy, reference].forEach((p) => p.dispose()) };
}

async function sample(policy: MeanShiftPolicy, reference: MeanShiftPolicy, reward: Reward, n: number, steps: number, seed: number, groupSize = 1) {
  return sampleTrajectories(policy, reference, reward, {
    n,
    steps,
    groupSize,
    init: new Rng(seed, 'test/init'),
    noise: new Rng(seed, 'test/noise'),
  });
}

/** dL/ds by tfjs autodiff. */
async function autodiff(policy: MeanShiftPolicy, loss: () => tf.Scalar): Promise<number> {
  const { value, grads } = tf.variableGrads(loss, [policy.shift]);
  const g = (await grads[policy.shift.name].data())[0];
  value.dispose();
  tf.dispose(grads);
  return g;
}

function setShift(policy: MeanShiftPolicy, s: number): void {
  const v = tf.scalar(s);
  policy.shift.assign(v);
  v.dispose();
}

/** Hand gradient of the PPO-clip surrogate at shift s (old log-probs as stored). */
function hostPpoGradient(steps: HostStep[], A: Float64Array, shift: number, eps: number): { grad: number; clipped: number } {
  let total = 0;
  let clipped = 0;
  for (const h of steps) {
    let s = 0;
    for (let i = 0; i < A.length; i++) {
      const rho = Math.exp(hostLogProb(h, i, shift) - h.logProbOld[i]);
      const inactive = (A[i] > 0 && rho > 1 + eps) || (A[i] < 0 && rho < 1 - eps);
      if (inactive) clipped++;
      else s += -A[i] * rho * hostDLogProb(h, i, shift);
    }
    total += s / A.length;
  }
  return { grad: total / steps.length, clipped };
}

function relClose(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(Math.abs(expected), 1e-8));
}

const N = 256;
const K = 5;

describe('policy-gradient losses have the documented gradient (one-parameter mean shift, §6.1–6.3)', () => {
  it('DDPO-SF: dL/ds = −(1/K) Σ_k mean_i A_i ∂log π_k/∂s', async () => {
    const before = tf.memory().numTensors;
    const { policy, reference, dispose } = setup(0.2);
    const batch = await sample(policy, reference, linearReward(A_REWARD), N, K, 1);
    const steps = await hostSteps(batch);
    const A = batchAdvantages(batch.reward);
    let hand = 0;
    for (const h of steps) {
      let s = 0;
      for (let i = 0; i < N; i++) s += A[i] * hostDLogProb(h, i, 0.2);
      hand -= s / N;
    }
    hand /= K;
    relClose(await autodiff(policy, () => ddpoSfLoss(policy, batch, A)), hand, 1e-3);
    disposeTrajectories(batch);
    dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('§7 check 26: at θ = θ_old, ρ = 1 and ∇L_IS = ∇L_SF; off-policy, clipped samples give no gradient', async () => {
    const { policy, reference, dispose } = setup(0.2);
    const batch = await sample(policy, reference, linearReward(A_REWARD), N, K, 2);
    const steps = await hostSteps(batch);
    const A = batchAdvantages(batch.reward);
    for (const r of batch.steps) {
      const lp = policyLogProb(policy, r);
      const ratio = Array.from(await lp.data()).map((v, i) => Math.exp(v - r.logProbOld[i]));
      lp.dispose();
      for (const rho of ratio) expect(Math.abs(rho - 1)).toBeLessThan(1e-6);
    }
    const gSf = await autodiff(policy, () => ddpoSfLoss(policy, batch, A));
    const gIs = await autodiff(policy, () => ppoClipLoss(policy, batch, A, 0.2));
    relClose(gIs, gSf, 1e-5);

    // Move away from θ_old far enough that many ratios leave [1 − ε, 1 + ε].
    setShift(policy, 0.3);
    const hand = hostPpoGradient(steps, A, 0.3, 0.2);
    expect(hand.clipped).toBeGreaterThan(N / 10);
    const all = hostPpoGradient(steps, A, 0.3, Infinity);
    expect(Math.abs(all.grad - hand.grad)).toBeGreaterThan(0.05 * Math.abs(all.grad)); // clipping matters here
    relClose(await autodiff(policy, () => ppoClipLoss(policy, batch, A, 0.2)), hand.grad, 2e-3);
    disposeTrajectories(batch);
    dispose();
  });

  it('GRPO: PPO-clip with group advantages plus β_KL ∂‖m_θ − m_ref‖²/(2σ̃²)/∂s', async () => {
    const { policy, reference, dispose } = setup(0.25);
    const batch = await sample(policy, reference, linearReward(A_REWARD), N, K, 3, 8);
    const steps = await hostSteps(batch);
    const A = groupAdvantages(batch.reward, 8);
    setShift(policy, 0.27);
    const klWeight = 0.04;
    let kl = 0;
    for (const h of steps) {
      let s = 0;
      for (let i = 0; i < N; i++) s += hostDKl(h, i, 0.27);
      kl += s / N;
    }
    const hand = hostPpoGradient(steps, A, 0.27, 0.2).grad + (klWeight * kl) / K;
    relClose(await autodiff(policy, () => grpoLoss(policy, batch, A, 0.2, klWeight)), hand, 2e-3);
    disposeTrajectories(batch);
    dispose();
  });

  it('VMPO-Diff and VMPO-R2G: θ-gradient (1/K) Σ_k mean_i [2(log w_k − M_k)(−∂log π_k/∂s) + β_KL ∂KL_k/∂s]', async () => {
    const { policy, reference, dispose } = setup(0.3);
    const batch = await sample(policy, reference, linearReward(A_REWARD), N, K, 4);
    const steps = await hostSteps(batch);
    const M = steps.map((_, j) => 0.1 * j - 0.2);
    for (const [offsets, klWeight] of [
      [tweediePotentialOffsets(batch, BETA), 1],
      [rewardToGoOffsets(batch, BETA), 0],
    ] as const) {
      let hand = 0;
      steps.forEach((h, j) => {
        let s = 0;
        for (let i = 0; i < N; i++) {
          const logW = offsets[j][i] - hostLogProb(h, i, 0.3);
          s += 2 * (logW - M[j]) * -hostDLogProb(h, i, 0.3) + klWeight * hostDKl(h, i, 0.3);
        }
        hand += s / N;
      });
      hand /= K;
      const kept: tf.Tensor[] = [];
      const g = await autodiff(policy, () => {
        const { loss, logWeights } = logVariancePolicyLoss(policy, batch, offsets, M, klWeight);
        kept.push(...logWeights);
        return loss;
      });
      tf.dispose(kept);
      relClose(g, hand, 1e-3);
    }
    disposeTrajectories(batch);
    dispose();
  });

  it('RGDM: dL/ds = (1/K) Σ_k mean_i Σ_j w̄_ij (m_s − x^(j))·∂m/∂s / σ̃²', async () => {
    const { policy, reference, dispose } = setup(0.3);
    const reward = linearReward(A_REWARD);
    const batch = await sample(policy, reference, reward, N, K, 5);
    const steps = await hostSteps(batch);
    const rng = new Rng(5, 'test/rgdm');
    const targets = batch.steps.map((r) => rgdmTargets(r, reference, r.refMean, reward, BETA, 2, 6, rng));
    let hand = 0;
    for (let j = 0; j < K; j++) {
      const cand = (await targets[j].candidates.data()) as Float32Array;
      const w = (await targets[j].weights.data()) as Float32Array;
      const h = steps[j];
      let s = 0;
      for (let i = 0; i < N; i++) {
        const m = hostMean(h, i, 0.3);
        for (let c = 0; c < 6; c++) {
          const q = 2 * (i * 6 + c);
          s += (w[i * 6 + c] * ((m[0] - cand[q]) * h.dm[0] + (m[1] - cand[q + 1]) * h.dm[1])) / h.v;
        }
      }
      hand += s / N;
    }
    hand /= K;
    relClose(await autodiff(policy, () => rgdmLoss(policy, batch, targets)), hand, 1e-3);
    targets.forEach((t) => tf.dispose([t.candidates, t.weights]));
    disposeTrajectories(batch);
    dispose();
  });

  it('RWR: dL/ds = mean_t mean_i w_i · (−2)(ε − ε_s(x_t))·∂ε_s/∂s with ∂ε_s/∂s = −α σ Σ⁻¹ u', async () => {
    const { policy, dispose } = setup(0.3);
    const rng = new Rng(6, 'test/rwr');
    const B = 128;
    const x0 = rng.normals(2 * B);
    const weights = Float32Array.from({ length: B }, () => 0.2 + 2 * rng.uniform());
    const times = [0.05, 0.3, 0.7, 0.95];
    const noises = times.map(() => rng.normals(2 * B));
    const data: RegressionBatch = {
      x0: tf.tensor2d(x0, [B, 2]),
      weights,
      times,
      noises: noises.map((z) => tf.tensor2d(z, [B, 2])),
    };
    let hand = 0;
    times.forEach((t, j) => {
      const { a, sig, P } = geometry(t);
      const h = matVec2(scale2(P, -a * sig), U);
      const mu: Vec2 = [MU[0] + 0.3 * U[0], MU[1] + 0.3 * U[1]];
      let s = 0;
      for (let i = 0; i < B; i++) {
        const e: Vec2 = [noises[j][2 * i], noises[j][2 * i + 1]];
        const y: Vec2 = [a * x0[2 * i] + sig * e[0] - a * mu[0], a * x0[2 * i + 1] + sig * e[1] - a * mu[1]];
        const epsS = matVec2(scale2(P, sig), y);
        s += weights[i] * -2 * ((e[0] - epsS[0]) * h[0] + (e[1] - epsS[1]) * h[1]);
      }
      hand += s / B;
    });
    hand /= times.length;
    relClose(await autodiff(policy, () => rwrLoss(policy, data)), hand, 1e-3);
    tf.dispose([data.x0, ...data.noises]);
    dispose();
  });
});

describe('§7 check 27: VMPO degenerate cases and the baseline fit', () => {
  it('π_θ = π_ref and β = 0: every log w_k is 0, so the loss and its gradient are 0', async () => {
    const { policy, reference, dispose } = setup(0);
    const batch = await sample(policy, reference, linearReward(A_REWARD), N, K, 7);
    const offsets = tweediePotentialOffsets(batch, 0);
    const kept: tf.Tensor[] = [];
    const { value, grads } = tf.variableGrads(() => {
      const { loss, logWeights } = logVariancePolicyLoss(policy, batch, offsets, new Array(K).fill(0), 1);
      kept.push(...logWeights);
      return loss;
    }, [policy.shift]);
    for (const w of kept) for (const v of await w.data()) expect(v).toBe(0);
    expect((await value.data())[0]).toBe(0);
    expect((await grads[policy.shift.name].data())[0]).toBe(0);
    tf.dispose([value, ...Object.values(grads), ...kept]);
    disposeTrajectories(batch);
    dispose();
  });

  it('constant reward: log w_k does not depend on the reward and the gradient is the KL-only gradient', async () => {
    const constant = (c: number): Reward => ({
      ...linearReward([0, 0]),
      value: (x) => tf.tidy(() => tf.fill([x.shape[0]], c) as tf.Tensor1D),
    });
    const grads: number[] = [];
    let klOnly = 0;
    for (const c of [0, 3, -5]) {
      const { policy, reference, dispose } = setup(0.3);
      const batch = await sample(policy, reference, constant(c), N, K, 8);
      const offsets = tweediePotentialOffsets(batch, BETA);
      // log w_k = log π_ref,k − log π_θ,k: the reward-free (pure KL) per-step log-weight.
      offsets.forEach((o, j) => o.forEach((v, i) => expect(v).toBeCloseTo(batch.steps[j].logProbRef[i], 5)));
      const kept: tf.Tensor[] = [];
      grads.push(
        await autodiff(policy, () => {
          const { loss, logWeights } = logVariancePolicyLoss(policy, batch, offsets, new Array(K).fill(0), 1);
          kept.push(...logWeights);
          return loss;
        }),
      );
      tf.dispose(kept);
      if (c === 0) {
        const steps = await hostSteps(batch);
        steps.forEach((h) => {
          let s = 0;
          for (let i = 0; i < N; i++) {
            const logRatio = h.logProbRef[i] - hostLogProb(h, i, 0.3);
            s += 2 * logRatio * -hostDLogProb(h, i, 0.3) + hostDKl(h, i, 0.3);
          }
          klOnly += s / N / K;
        });
      }
      disposeTrajectories(batch);
      dispose();
    }
    relClose(grads[1], grads[0], 1e-5);
    relClose(grads[2], grads[0], 1e-5);
    relClose(grads[0], klOnly, 1e-3);
  });

  it('M_φ(t) fitted on fixed log-weights converges to their per-step means (0.05)', async () => {
    const { policy, reference, dispose } = setup(0.3);
    const batch = await sample(policy, reference, linearReward(A_REWARD), N, 10, 9);
    const steps = await hostSteps(batch);
    const offsets = tweediePotentialOffsets(batch, BETA);
    const logW = steps.map((h, j) => Float32Array.from({ length: N }, (_, i) => offsets[j][i] - hostLogProb(h, i, 0.3)));
    const ts = steps.map((h) => h.t);
    const baseline = TimeBaseline.create(1);
    const opt = tf.train.adam(0.02);
    for (let it = 0; it < 600; it++) {
      const cost = opt.minimize(() => baselineLoss(baseline, ts, logW), true, baseline.variables);
      cost?.dispose();
    }
    const fitted = baseline.values(ts);
    const m = await fitted.data();
    fitted.dispose();
    logW.forEach((w, j) => {
      const mean = w.reduce((s, v) => s + v, 0) / N;
      expect(Math.abs(m[j] - mean)).toBeLessThan(0.05);
    });
    baseline.dispose();
    opt.dispose();
    disposeTrajectories(batch);
    dispose();
  });
});

describe('§7 check 28: the on-policy VMPO gradient is ∇KL(π_θ ‖ p*)', () => {
  /**
   * Closed form, up to the constant log Z: KL(π_s ‖ p*) = Σ_k ‖c0_k s σ_k² Σ_k⁻¹ u‖²/(2σ̃_k²) − β a·E_s[x_{t_0}], where the
   * chain's mean follows m_{k−1} = cx m_k + c0 x̂0_s(m_k) from m_K = 0 (x̂0_s is affine).
   */
  function closedFormKl(shift: number, steps: number): number {
    const grid = Array.from({ length: steps + 1 }, (_, k) => 1e-3 + ((1 - 1e-3) * k) / steps);
    let mean: Vec2 = [0, 0];
    let kl = 0;
    for (let k = steps; k >= 1; k--) {
      const t = grid[k];
      const { cx, c0, variance } = posteriorCoefficients(t, grid[k - 1]);
      const { a, P, gain } = geometry(t);
      const dm = matVec2(scale2(P, c0 * sigma2(t) * shift), U);
      kl += (dm[0] * dm[0] + dm[1] * dm[1]) / (2 * variance);
      const mu: Vec2 = [MU[0] + shift * U[0], MU[1] + shift * U[1]];
      const g = matVec2(gain, [mean[0] - a * mu[0], mean[1] - a * mu[1]]);
      mean = [cx * mean[0] + c0 * (mu[0] + g[0]), cx * mean[1] + c0 * (mu[1] + g[1])];
    }
    return kl - BETA * (A_REWARD[0] * mean[0] + A_REWARD[1] * mean[1]);
  }

  it('finite difference of the closed-form KL matches the sample ∇½Var[log w] (10%)', async () => {
    await import('../../../../src/cli/backend').then((b) => b.useNodeBackend('wasm'));
    const steps = 10;
    const n = 16384;
    const shift = 0.3;
    const h = 1e-4;
    const fd = (closedFormKl(shift + h, steps) - closedFormKl(shift - h, steps)) / (2 * h);
    const { policy, reference, dispose } = setup(shift);
    const batch = await sample(policy, reference, linearReward(A_REWARD), n, steps, 10);
    const estimate = await autodiff(policy, () =>
      tf.tidy(() => {
        let logW: tf.Tensor1D = tf.mul(tf.tensor1d(batch.reward), BETA) as tf.Tensor1D;
        for (const r of batch.steps) logW = tf.add(logW, tf.sub(tf.tensor1d(r.logProbRef), policyLogProb(policy, r))) as tf.Tensor1D;
        return tf.mul(tf.moments(logW).variance, 0.5) as tf.Scalar;
      }),
    );
    // Its standard error, from the per-trajectory terms (log w − mean)·(−∂log π(τ)/∂s).
    const host = await hostSteps(batch);
    const lw = new Float64Array(n);
    const score = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      lw[i] = BETA * batch.reward[i];
      for (const hs of host) {
        lw[i] += hs.logProbRef[i] - hostLogProb(hs, i, shift);
        score[i] += hostDLogProb(hs, i, shift);
      }
    }
    const lwMean = lw.reduce((s, v) => s + v, 0) / n;
    const terms = Array.from(lw, (v, i) => (v - lwMean) * -score[i]);
    const tMean = terms.reduce((s, v) => s + v, 0) / n;
    const se = Math.sqrt(terms.reduce((s, v) => s + (v - tMean) ** 2, 0) / n / n);
    expect(Math.abs(tMean - estimate)).toBeLessThan(1e-3 * Math.abs(fd) + 1e-6); // the autodiff is that sum
    expect(4 * se).toBeLessThan(0.1 * Math.abs(fd)); // the 10% tolerance is above the noise
    expect(Math.abs(estimate - fd)).toBeLessThan(0.1 * Math.abs(fd));
    disposeTrajectories(batch);
    dispose();
    await import('../../../../src/cli/backend').then((b) => b.useNodeBackend('cpu'));
  });
});

describe('trainable models', () => {
  it('MlpPolicy and ResidualPolicy: a copy predicts the same ε, owns its variables, and gradients reach every variable', async () => {
    const { buildMlp, DEFAULT_ARCHITECTURE, MlpDenoiser } = await import('../../../../src/core/models/mlp');
    const { MlpPolicy } = await import('../../../../src/core/finetune/mlpPolicy');
    const { ResidualPolicy } = await import('../../../../src/core/finetune/residualPolicy');
    const before = tf.memory().numTensors;
    const mlp = new MlpPolicy(new MlpDenoiser(buildMlp({ ...DEFAULT_ARCHITECTURE, hidden: [16, 16] }, 3), { mean: [0.1, 0], cov: [[1, 0], [0, 2]] }, 'tiny'));
    const residual = ResidualPolicy.create(new GmmDenoiser(SINGLE_GAUSSIAN), 3, [8]);
    for (const policy of [mlp, residual]) {
      const x = tf.tensor2d([0.3, -1, 2, 0.5, -0.7, 0.2], [3, 2]);
      const copy = policy.copy();
      // Make the output layer non-zero so that every layer's gradient is non-zero.
      const last = policy.trainableVariables().at(-2)!;
      tf.tidy(() => last.assign(tf.add(last, 0.1) as tf.Variable));
      const { grads, value } = tf.variableGrads(() => tf.sum(tf.square(policy.eps(x, 0.4))) as tf.Scalar, policy.trainableVariables());
      for (const g of Object.values(grads)) expect(tf.tidy(() => tf.sum(tf.abs(g)).dataSync()[0])).toBeGreaterThan(0);
      tf.dispose([value, ...Object.values(grads)]);
      // The copy kept the weights from before the bump: it is the untouched reference.
      const [a, b] = [policy.eps(x, 0.4), copy.eps(x, 0.4)];
      expect(tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0])).toBeGreaterThan(1e-4);
      tf.dispose([a, b, x]);
      copy.dispose();
    }
    mlp.dispose();
    residual.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
