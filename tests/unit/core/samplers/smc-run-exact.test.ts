// The SMC sampler's texts and bookkeeping on small runs (N ≤ 64, K ≤ 6): the summary note for each choice of
// potentials, tempering and kernel (the §5.7 caveat with the run's own KL̂ = r̄/λ − log Ẑ), the messages of the
// parameter checks, and what each frame says about a resampling (distinct ancestors, positions after it, the
// genealogy listing the same events).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { GmmDenoiser } from '../../../../src/core/models/gmm';
import { T_MIN } from '../../../../src/core/schedule';
import { smcSampler } from '../../../../src/core/samplers/smc';
import type { SmcSpec } from '../../../../src/core/samplers/smc';
import { NonFiniteError } from '../../../../src/core/samplers/common';
import type { Reward, SamplerContext } from '../../../../src/core/types';
import { FIXTURE_GMM, fixtureLinearReward, formulaLikeReward, learnedStandIn, testContext } from '../../fixtures';
import { runToEnd, smcParams } from './runSampler';

const gmm = new GmmDenoiser(FIXTURE_GMM);
const ctx = (over: Partial<SamplerContext> = {}) =>
  testContext(gmm, fixtureLinearReward(), { particles: 32, steps: 4, kernel: 'exact', seed: 5, ...over });
const run = (params: SmcSpec, over: Partial<SamplerContext> = {}) => runToEnd(smcSampler, ctx(over), params);
const HEAD = 'Feynman–Kac SMC, proposal base, potential diff, systematic resampling at ESS < 0.5·N';
const TAIL = '; consistent as N grows, Ẑ unbiased';

describe('the summary note', () => {
  it('names proposal, potential, resampling and threshold; potentials at resampling steps and tempering when set', async () => {
    expect((await run(smcParams(0.7))).out.summary.note).toBe(HEAD + TAIL);
    expect((await run(smcParams(0.7, { potentialsAt: 'resampling-steps', resampleEvery: 2 }))).out.summary.note).toBe(
      `${HEAD}, potentials at resampling steps${TAIL}`,
    );
    const fixed = await run(smcParams(0.7, { tempering: { kind: 'fixed', schedule: 'geometric' } }));
    expect(fixed.out.summary.note).toBe(`${HEAD}, fixed geometric tempering${TAIL}`);
    const adaptive = await run(
      smcParams(0.7, { potentialsAt: 'resampling-steps', tempering: { kind: 'adaptive', targetEss: 0.4 } }),
    );
    expect(adaptive.out.summary.note).toBe(
      `${HEAD}, potentials at resampling steps, adaptive (ESS ≥ 0.4·N) tempering${TAIL}`,
    );
    const other = await run(
      smcParams(0.7, { proposal: 'guided', potential: 'max', resampling: 'killing', essThreshold: 0.25 }),
    );
    expect(other.out.summary.note).toBe(
      `Feynman–Kac SMC, proposal guided, potential max, killing resampling at ESS < 0.25·N${TAIL}`,
    );
  });

  it('§5.7: a strong tilt on DDPM steps carries the caveat with KL̂ = r̄/λ − log Ẑ; the exact kernel does not', async () => {
    const params = smcParams(0.1);
    const ddpm = await run(params, { kernel: 'ddpm', particles: 64, steps: 5 });
    const s = ddpm.out.summary;
    const klHat = s.meanReward / 0.1 - s.logZHat!;
    expect(klHat).toBeGreaterThan(1);
    expect(s.note).toBe(
      HEAD +
        TAIL +
        `. Caution: with DDPM steps SMC targets the tilt of the DDPM chain's own law, not of p, and this tilt is strong ` +
        `(KL ≈ ${klHat.toFixed(1)} nats), which magnifies the difference: more particles do not remove that bias; ` +
        `more steps or the exact kernel do (§5.7)`,
    );
    const exact = await run(params, { particles: 64, steps: 5 });
    expect(exact.out.summary.meanReward / 0.1 - exact.out.summary.logZHat!).toBeGreaterThan(1);
    expect(exact.out.summary.note).toBe(HEAD + TAIL);
  });
});

describe('parameter checks say what is wrong', () => {
  const message = async (params: SmcSpec, over: Partial<SamplerContext> = {}) => {
    try {
      await run(params, over);
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };

  it('λ, κ, the resampling interval and scheme, η, and the twist’s needs', async () => {
    for (const lambda of [0, -1, Infinity, NaN]) {
      expect(await message(smcParams(lambda))).toBe('sampler.lambda: must be a finite number > 0');
    }
    for (const essThreshold of [-0.1, 1.1, NaN]) {
      expect(await message(smcParams(0.7, { essThreshold }))).toBe('sampler.essThreshold: must lie in [0, 1]');
    }
    for (const essThreshold of [0, 1]) expect(await message(smcParams(0.7, { essThreshold }))).toBe('no error');
    for (const resampleEvery of [0, 1.5]) {
      expect(await message(smcParams(0.7, { resampleEvery }))).toBe('sampler.resampleEvery: must be an integer ≥ 1');
    }
    expect(await message(smcParams(0.7, { resampling: 'bogus' as SmcSpec['resampling'] }))).toBe(
      'sampler.resampling: is not a known resampling scheme',
    );
    expect(await message(smcParams(0.7), { eta: 0, kernel: 'ddpm' })).toBe(
      'eta: SMC needs a stochastic step (eta > 0) to weigh transitions',
    );
    const twist = smcParams(0.7, { potential: 'twist-exact' });
    expect(await message(twist, { denoiser: learnedStandIn(FIXTURE_GMM), kernel: 'ddpm' })).toBe(
      'sampler.potential: twist-exact needs the analytic gmm model',
    );
    expect(await message(twist, { reward: formulaLikeReward() })).toBe(
      'sampler.potential: twist-exact needs a linear or quadratic reward (closed-form tilt)',
    );
  });
});

describe('resampling as the frames report it', () => {
  it('κ = 1: every frame resamples; unique = distinct ancestors = distinct positions after it; the genealogy lists them', async () => {
    const n = 32;
    const { frames, out } = await run(smcParams(0.3, { essThreshold: 1 }), {
      particles: n,
      steps: 4,
      emitPositions: true,
    });
    expect(frames.map((f) => f.stats.resampled)).toEqual([true, true, true, true]);
    expect(out.genealogy!.steps).toEqual([3, 2, 1, 0]);
    frames.forEach((f, j) => {
      const anc = f.ancestors!;
      expect(anc).toHaveLength(n);
      expect(Array.from(out.genealogy!.ancestors[j])).toEqual(Array.from(anc));
      const distinct = new Set(Array.from(anc)).size;
      expect(f.stats.unique).toBe(distinct);
      expect(distinct).toBeLessThan(n);
      // The frame's positions are the particles after the resampling: copies of the ancestors' points.
      const points = new Set(Array.from({ length: n }, (_, i) => `${f.positions![2 * i]},${f.positions![2 * i + 1]}`));
      expect(points.size).toBe(distinct);
      expect(f.stats.beta).toBe(1);
    });
    // The last step resampled: the output is the resampled set (the final systematic resample of uniform weights is
    // the identity), while weightedSamples and logWeights are those from before it.
    const weighted = new Set(
      Array.from({ length: n }, (_, i) => `${out.weightedSamples![2 * i]},${out.weightedSamples![2 * i + 1]}`),
    );
    expect(weighted.size).toBe(n);
    const outputs = new Set(Array.from({ length: n }, (_, i) => `${out.samples[2 * i]},${out.samples[2 * i + 1]}`));
    expect(outputs.size).toBe(frames[3].stats.unique);
    expect(new Set(Array.from(out.logWeights!)).size).toBeGreaterThan(1);
    expect(out.summary.resamplings).toBe(4);
  });

  it('κ = 0: no frame resamples, no ancestors, unique is null, and the genealogy is empty', async () => {
    const { frames, out } = await run(smcParams(0.7, { essThreshold: 0 }));
    for (const f of frames) {
      expect(f.stats.resampled).toBe(false);
      expect(f.stats.unique).toBeNull();
      expect(f).not.toHaveProperty('ancestors');
    }
    expect(out.genealogy).toEqual({ steps: [], ancestors: [] });
  });
});

describe('finiteness checks name what overflowed and where', () => {
  const K = 3;
  const nonFinite = (what: string) => new NonFiniteError(what);
  /** The linear fixture reward whose values come from `value(x, call)` (call counts the reward evaluations). */
  const scripted = (value: (x: Tensor2D, call: number) => Tensor1D): Reward => {
    let calls = 0;
    return { ...fixtureLinearReward(), value: (x) => value(x, calls++) };
  };

  it('the reward at step K and at a later step, log ψ, the transition log-ratio, the log-weights', async () => {
    const small = { particles: 8, steps: K };
    await expect(
      run(smcParams(0.7), { ...small, reward: scripted((x) => tf.fill([x.shape[0]], NaN) as Tensor1D) }),
    ).rejects.toThrow(nonFinite(`the reward at step ${K}`));
    const later = scripted((x, call) => tf.fill([x.shape[0]], call === 0 ? 1 : NaN) as Tensor1D);
    await expect(run(smcParams(0.7), { ...small, reward: later })).rejects.toThrow(
      nonFinite(`the reward at step ${K - 1}`),
    );
    // λ = 1e−20: θ/λ overflows float32 in log ψ_{t_K} (§2.4).
    await expect(run(smcParams(1e-20, { potential: 'twist-exact' }), small)).rejects.toThrow(
      nonFinite(`log ψ at step ${K}`),
    );
    // The guided step at λ = 1e−20 lands ~1e20 away: log p of it is −∞ in float32.
    await expect(run(smcParams(1e-20, { proposal: 'guided' }), { ...small, kernel: 'ddpm' })).rejects.toThrow(
      nonFinite(`the transition log-ratio at step ${K - 1}`),
    );
    // r = 10³⁰·x (finite) with λ = 10⁻³⁰⁰: the first DIFF potential of a step overflows.
    const huge: Reward = {
      ...formulaLikeReward(),
      value: (x) => tf.tidy(() => tf.mul(tf.squeeze(tf.slice(x, [0, 0], [-1, 1]), [1]), 1e30) as Tensor1D),
    };
    await expect(run(smcParams(1e-300), { ...small, kernel: 'ddpm', reward: huge })).rejects.toThrow(
      nonFinite(`the log-weights at step ${K - 1}`),
    );
  });
});

describe('the final samples are checked too', () => {
  it('a model whose x̂₀ at t_min is NaN, with a reward finite everywhere: the final samples are named', async () => {
    const inner = new GmmDenoiser(FIXTURE_GMM);
    const broken = {
      name: 'nan-at-tmin',
      eps: (x: Tensor2D, t: number) => inner.eps(x, t),
      x0: (x: Tensor2D, t: number) => (t === T_MIN ? (tf.fill(x.shape, NaN) as Tensor2D) : inner.x0(x, t)),
    };
    const constant: Reward = { ...formulaLikeReward(), value: (x) => tf.fill([x.shape[0]], 1) as Tensor1D };
    await expect(
      run(smcParams(0.7), { denoiser: broken, reward: constant, kernel: 'ddpm', particles: 8, steps: 3 }),
    ).rejects.toThrow(new NonFiniteError('the final samples'));
  });
});

describe('weights between and at the steps', () => {
  it('fixed linear tempering: β_k = 1 − k/K at each step, 1 at the last (§5.5)', async () => {
    const { frames } = await run(smcParams(0.7, { tempering: { kind: 'fixed', schedule: 'linear' } }));
    expect(frames.map((f) => f.stats.beta)).toEqual([0.25, 0.5, 0.75, 1]);
  });

  it('potentials at resampling steps: off the schedule the guided step’s log-ratio alone moves the weights', async () => {
    const K = 4;
    const { frames } = await run(
      smcParams(0.7, { proposal: 'guided', potentialsAt: 'resampling-steps', resampleEvery: 2, essThreshold: 0 }),
      { kernel: 'ddpm', steps: K },
    );
    // Scheduled: K − k divisible by 2 (k = 2, 0); off it: k = 3, 1, where V_k is the variance of the log-ratio.
    for (const f of frames.filter((fr) => (K - fr.stats.k) % 2 !== 0))
      expect(f.stats.logWeightVar!).toBeGreaterThan(1e-6);
  });

  it('equal weights (a constant reward) never fall below κN = N: no resampling at κ = 1', async () => {
    const constant: Reward = { ...formulaLikeReward(), value: (x) => tf.fill([x.shape[0]], 2) as Tensor1D };
    const { frames, out } = await run(smcParams(0.7, { essThreshold: 1 }), { reward: constant, kernel: 'ddpm' });
    for (const f of frames) expect(f.stats.ess).toBe(32);
    expect(out.summary.resamplings).toBe(0);
  });
});
