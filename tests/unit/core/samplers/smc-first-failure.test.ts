// SMC's finiteness checks that only a run outside the Scenario's limits, or a broken model, can trip first: the start
// weight of the exact-linear-tilt proposal (§5.1) and log ψ at a step after K (the twist-exact potential, §2.4). Each
// error names what went wrong and where, so a user sees which quantity overflowed, not a NaN further down the run.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { GmmDenoiser } from '../../../../src/core/models/gmm';
import { NonFiniteError } from '../../../../src/core/samplers/common';
import { smcSampler } from '../../../../src/core/samplers/smc';
import type { Denoiser, Reward } from '../../../../src/core/types';
import { FIXTURE_GMM, fixtureLinearReward, testContext } from '../../fixtures';
import { runToEnd, smcParams } from './runSampler';

const K = 3;

describe('the first check to fail names its quantity', () => {
  it('the start weight: λ = 10⁻²³ puts the exact tilted start where log p_{t_K} overflows float32', async () => {
    // θ = a/λ ≈ 10²³: the tilted GMM's means μ_k + S_kθ lie ~10²² out, and x_K ~ q_{t_K} sits ~α_{t_K}·10²² ≈ 10²⁰
    // away, where ‖x‖² ≈ 10⁴⁰ exceeds float32 in log p_{t_K}(x): log p − log q is not finite. The reward a·x̂₀ ≈ 10²²
    // and the closed-form log Z (float64) are still finite, so the start weight is the first check to fail.
    // (λ = 10⁻²³ is below the Scenario's limit λ ≥ 10⁻⁶: the app cannot produce this run, the sampler refuses it.)
    const ctx = testContext(new GmmDenoiser(FIXTURE_GMM), fixtureLinearReward(), {
      particles: 8,
      steps: K,
      kernel: 'exact',
      seed: 5,
    });
    const before = tf.memory().numTensors;
    await expect(runToEnd(smcSampler, ctx, smcParams(1e-23, { proposal: 'exact-linear-tilt' }))).rejects.toThrow(
      new NonFiniteError('the start weight'),
    );
    expect(tf.memory().numTensors).toBe(before);
  });

  it('log ψ at a step after K: a model whose ε̂ is NaN moves the particles to NaN after the first step', async () => {
    // The analytic GMM's spec (so twist-exact is allowed) with a broken ε̂: the start x_K ~ N(0, I) is finite, so
    // log ψ_{t_K}(x_K) is; the DDPM step from ε̂ = NaN makes x_{K−1} NaN and log ψ_{t_{K−1}}(x_{K−1}) NaN. The reward
    // reads no input (a constant with the linear fixture's polynomial form, which the twist uses) and the base
    // proposal has no log-ratio, so log ψ at step K − 1 is the first quantity that is not finite.
    const broken: Denoiser = {
      name: 'gmm-with-nan-eps',
      exact: FIXTURE_GMM,
      eps: (x: Tensor2D) => tf.fill(x.shape, NaN) as Tensor2D,
      x0: (x: Tensor2D) => tf.fill(x.shape, NaN) as Tensor2D,
    };
    const constant: Reward = { ...fixtureLinearReward(), value: (x) => tf.fill([x.shape[0]], 1) as Tensor1D };
    const ctx = testContext(broken, constant, { particles: 8, steps: K, kernel: 'ddpm', seed: 5 });
    const before = tf.memory().numTensors;
    await expect(runToEnd(smcSampler, ctx, smcParams(0.7, { potential: 'twist-exact' }))).rejects.toThrow(
      new NonFiniteError(`log ψ at step ${K - 1}`),
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
