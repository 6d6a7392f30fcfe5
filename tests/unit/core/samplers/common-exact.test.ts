// The samplers' shared helpers and registry on hand-made inputs: which fields one denoiser evaluation computes (and
// Tweedie's x̂₀ = (x − σ_t ε̂)/α_t when the denoiser has no fused call), the step law's refusals, the mean reward of
// no points, the non-finite check's message; the base sampler's method names and texts; the registry's lookups and
// the closed-form targets it hands out.
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { alpha, sigma, T_MIN, timeGrid } from '../../../../src/core/schedule';
import { disposeLaw } from '../../../../src/core/samplers/chain';
import { guidedDenoiser, guidedStepLaw } from '../../../../src/core/samplers/guidance';
import { baseSampler } from '../../../../src/core/samplers/base';
import {
  assertFinite,
  evaluateDenoiser,
  meanRewardOf,
  modelStepLaw,
  modelStepLawFrom,
  NonFiniteError,
} from '../../../../src/core/samplers/common';
import { exactTargetFor, samplerFor, samplerKinds } from '../../../../src/core/samplers/registry';
import type { SamplerKind } from '../../../../src/core/scenario';
import type { Denoiser } from '../../../../src/core/types';
import {
  FIXTURE_GMM,
  fixtureMaxLinearReward,
  formulaLikeReward,
  learnedStandIn,
  linearReward,
  SINGLE_GAUSSIAN,
  testContext,
} from '../../fixtures';
import { GmmDenoiser } from '../../../../src/core/models/gmm';
import { runToEnd } from './runSampler';

/** ε̂ = x (a linear stand-in), counting calls per method. */
function recording(): Denoiser & { calls: string[] } {
  const calls: string[] = [];
  return {
    name: 'rec',
    calls,
    eps: (x) => (calls.push('eps'), x.clone()),
    x0: (x) => (calls.push('x0'), tf.mul(x, 2) as Tensor2D),
  };
}

describe('evaluateDenoiser: one evaluation, only what is asked', () => {
  it('ε̂ only, x̂₀ only, neither; both by Tweedie from ε̂ when there is no fused call', () => {
    const x = tf.tensor2d([1, -2], [1, 2]);
    const t = 0.3;
    let d = recording();
    let e = evaluateDenoiser(d, x, t, { eps: true, x0: false });
    expect([d.calls, e.x0, Array.from(e.eps!.dataSync())]).toEqual([['eps'], null, [1, -2]]);
    d = recording();
    e = evaluateDenoiser(d, x, t, { eps: false, x0: true });
    expect([d.calls, e.eps, Array.from(e.x0!.dataSync())]).toEqual([['x0'], null, [2, -4]]);
    d = recording();
    expect(evaluateDenoiser(d, x, t, { eps: false, x0: false })).toEqual({ eps: null, x0: null });
    expect(d.calls).toEqual([]);
    d = recording();
    e = evaluateDenoiser(d, x, t, { eps: true, x0: true });
    expect(d.calls).toEqual(['eps']);
    const k = (1 - sigma(t)) / alpha(t);
    Array.from(e.x0!.dataSync()).forEach((v, i) => expect(v).toBeCloseTo([k, -2 * k][i], 5));
    tf.dispose([x, e.eps!, e.x0!]);
  });
});

describe('step laws and checks', () => {
  it('the DDPM step law evaluates ε̂ and releases it', () => {
    const gmm = new GmmDenoiser(FIXTURE_GMM);
    const x = tf.tensor2d([0.5, -1], [1, 2]);
    const before = tf.memory().numTensors;
    const law = modelStepLaw(testContext(gmm, linearReward([1, 0])), gmm, x, 0.5, 0.4);
    disposeLaw(law);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('guidance: the name, and a step without the sampler’s evaluation equals the one with it', () => {
    const gmm = new GmmDenoiser(FIXTURE_GMM, 'fixture');
    const guided = guidedDenoiser(gmm, linearReward([1, -0.5]), 0.7);
    expect(guided.name).toBe('fixture+guidance');
    const x = tf.tensor2d([0.5, -1, 1, 1], [2, 2]);
    const ev = gmm.denoise(x, 0.5);
    const a = guidedStepLaw(guided, x, 0.5, 0.45, 1, ev);
    const b = guidedStepLaw(guided, x, 0.5, 0.45, 1);
    const ma = Array.from(a.mean.dataSync());
    Array.from(b.mean.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(ma[i], 5));
    disposeLaw(a);
    disposeLaw(b);
    tf.dispose([x, ev.eps, ev.x0]);
  });

  it('the exact kernel needs the analytic GMM; the DDIM step needs ε̂', () => {
    const x = tf.tensor2d([0, 0], [1, 2]);
    const learned = learnedStandIn(FIXTURE_GMM);
    const exact = testContext(learned, linearReward([1, 0]), { kernel: 'exact' });
    expect(() => modelStepLawFrom(exact, learned, x, null, 0.5, 0.4)).toThrow(
      'the exact kernel needs an analytic GMM denoiser',
    );
    expect(() => modelStepLaw(exact, learned, x, 0.5, 0.4)).toThrow('the exact kernel needs an analytic GMM denoiser');
    const ddpm = testContext(learned, linearReward([1, 0]));
    expect(() => modelStepLawFrom(ddpm, learned, x, null, 0.5, 0.4)).toThrow('the DDIM step needs ε̂(x_t, t)');
    x.dispose();
  });

  it('the mean reward of no points is NaN; a non-finite value is named in the message', async () => {
    expect(await meanRewardOf(linearReward([1, 0]), new Float32Array(0))).toBeNaN();
    expect(await meanRewardOf(linearReward([1, 0]), Float32Array.from([1, 5, 3, 7]))).toBe(2);
    expect(() => assertFinite([1, Infinity], 'the thing')).toThrow(
      'the run produced a non-finite value (NaN or ±Inf) in the thing; try a larger λ or fewer extreme parameters',
    );
    expect(() => assertFinite([1, -2], 'the thing')).not.toThrow();
    expect(new NonFiniteError('x').name).toBe('NonFiniteError');
  });
});

describe('the base sampler’s texts', () => {
  it('method by kernel and η, the weights reason, the final check', async () => {
    const gmm = new GmmDenoiser(FIXTURE_GMM);
    const method = async (over: Parameters<typeof testContext>[2]) =>
      (
        await runToEnd(baseSampler, testContext(gmm, linearReward([1, 0]), { particles: 4, steps: 2, ...over }), {
          kind: 'base',
        })
      ).out.summary;
    expect((await method({ kernel: 'exact' })).method).toBe('base/exact-kernel');
    expect((await method({})).method).toBe('base/ddpm');
    const ddim = await method({ eta: 0.5 });
    expect(ddim.method).toBe('base/ddim(eta=0.5)');
    expect(ddim.logWeightReason).toBe('the base sampler has no target tilt, so there are no importance weights');
  });

  it('frames: grid index and time of each step; exact; a non-finite reward named with its step', async () => {
    const gmm = new GmmDenoiser(FIXTURE_GMM);
    const K = 3;
    const { frames, out } = await runToEnd(
      baseSampler,
      testContext(gmm, linearReward([1, 0]), { particles: 4, steps: K }),
      { kind: 'base' },
    );
    const grid = timeGrid(K);
    expect(frames.map((f) => [f.stats.k, f.stats.t])).toEqual([2, 1, 0].map((k) => [k, grid[k]]));
    expect(out.summary.exact).toBe(true);
    const nan = { ...linearReward([1, 0]), value: (x: Tensor2D) => tf.fill([x.shape[0]], NaN) as Tensor1D };
    await expect(
      runToEnd(baseSampler, testContext(gmm, nan, { particles: 4, steps: K }), { kind: 'base' }),
    ).rejects.toThrow(new NonFiniteError(`the reward at step ${K - 1}`));
  });

  it('a model whose x̂₀ at t_min is NaN, with a reward finite everywhere: the final samples are named', async () => {
    const inner = new GmmDenoiser(FIXTURE_GMM);
    const broken: Denoiser = {
      name: 'nan-at-tmin',
      eps: (x, t) => inner.eps(x, t),
      x0: (x, t) => (t === T_MIN ? (tf.fill(x.shape, NaN) as Tensor2D) : inner.x0(x, t)),
    };
    const constant = { ...formulaLikeReward(), value: (x: Tensor2D) => tf.fill([x.shape[0]], 1) as Tensor1D };
    const ctx = testContext(broken, constant, { particles: 4, steps: 2 });
    await expect(runToEnd(baseSampler, ctx, { kind: 'base' })).rejects.toThrow(new NonFiniteError('the final samples'));
  });
});

describe('the registry', () => {
  it('each kind finds its sampler; an unknown kind is an error naming it', () => {
    expect(samplerKinds()).toEqual(['base', 'kl-tilt', 'w-prox', 'smc']);
    for (const kind of samplerKinds()) expect(samplerFor(kind).kind).toBe(kind);
    expect(() => samplerFor('nope' as SamplerKind)).toThrow('no sampler registered for kind "nope"');
  });

  it('closed-form targets: the base GMM for a polynomial or max-linear reward, none for a formula', () => {
    const lin = exactTargetFor(SINGLE_GAUSSIAN, linearReward([1, -0.5]), { kind: 'base' })!;
    expect(lin.spec).toBe(SINGLE_GAUSSIAN);
    // E r = a·μ = 0.5 + 0.15.
    expect(lin.meanReward).toBeCloseTo(0.65, 12);
    expect(exactTargetFor(SINGLE_GAUSSIAN, fixtureMaxLinearReward(), { kind: 'base' })!.spec).toBe(SINGLE_GAUSSIAN);
    expect(exactTargetFor(SINGLE_GAUSSIAN, formulaLikeReward(), { kind: 'base' })).toBeNull();
    const kl = exactTargetFor(SINGLE_GAUSSIAN, linearReward([1, -0.5]), {
      kind: 'kl-tilt',
      lambda: 1,
      method: 'auto',
    })!;
    // log Z = a·μ + ½aᵀSa = 0.65 + ½(0.5 − 0.2 + 0.075).
    expect(kl.logZ).toBeCloseTo(0.8375, 12);
  });
});
