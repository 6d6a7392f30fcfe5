// The W-prox sampler's bookkeeping on small runs (N ≤ 130, K ≤ 3), against values worked out in the test: which
// particles the per-step chart uses (all of them for a closed form, the first 128 for the grid) and the note that
// says so, the frames' grid indices and times, the summary's fixed texts, the messages of its finiteness checks, an
// oracle failure reaching the caller unchanged, and the closed-form target its descriptor names (§2.5).
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { Vec2 } from '../../../../src/core/linalg2';
import { GmmDenoiser } from '../../../../src/core/models/gmm';
import { timeGrid } from '../../../../src/core/schedule';
import { NonFiniteError } from '../../../../src/core/samplers/common';
import { wProxSampler } from '../../../../src/core/samplers/wProx';
import type { WProxParams } from '../../../../src/core/samplers/wProx';
import type { Reward } from '../../../../src/core/types';
import { FIXTURE_GMM, linearReward, SINGLE_GAUSSIAN, testContext } from '../../fixtures';
import { runToEnd } from './runSampler';

const gmm = new GmmDenoiser(FIXTURE_GMM);
const wprox = (lambda: number): WProxParams => ({ kind: 'w-prox', lambda });
const A: Vec2 = [0.3, 0.4];

/** r = 0.3x + 0.4y with its closed form removed, so that the grid oracle runs (L = 0.5 is known). */
function gridLinear(): Reward {
  const r: Record<string, unknown> = { ...linearReward(A) };
  delete r.prox;
  delete r.smoothness;
  return r as unknown as Reward;
}

describe('the per-step chart and its note', () => {
  it('grid oracle, N = 130: the chart is the mean of r(T(x̂₀)) over the first 128 particles, and the note says so', async () => {
    const K = 2;
    const n = 130;
    const lambdaW = 1;
    const ctx = testContext(gmm, gridLinear(), { particles: n, steps: K, emitPositions: true, seed: 4 });
    const { frames, out } = await runToEnd(wProxSampler, ctx, wprox(lambdaW));
    const grid = timeGrid(K);
    frames.forEach((f, j) => {
      const k = K - 1 - j;
      expect([f.stats.k, f.stats.t]).toEqual([k, grid[k]]);
      // T(x) = x + a/λ_W to h/128 per axis (h = 1/16), so r(T(x̂₀)) = a·x̂₀ + ‖a‖²/λ_W to 0.7·h/128 ≈ 3.4e−4.
      const x = tf.tensor2d(f.positions!, [n, 2]);
      const x0 = gmm.x0(x, grid[k]);
      const v = x0.dataSync();
      const chart = (count: number) => {
        let s = 0;
        for (let i = 0; i < count; i++) s += A[0] * v[2 * i] + A[1] * v[2 * i + 1] + 0.25 / lambdaW;
        return s / count;
      };
      tf.dispose([x, x0]);
      expect(Math.abs(f.stats.meanReward - chart(128))).toBeLessThan(4e-4);
      // The first 128 and all 130 give means apart by more than the tolerance here (a check of the check).
      expect(Math.abs(chart(128) - chart(130))).toBeGreaterThan(2e-3);
    });
    const notes = out.summary.note!.split('; ');
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(/^grid search over offsets/);
    expect(notes[1]).toBe('per-step charts use the first 128 of 130 particles');
  });

  it('closed form: every particle charted, the note is the oracle’s alone, and the fixed texts', async () => {
    const ctx = testContext(gmm, linearReward(A), { particles: 16, steps: 2 });
    const { out } = await runToEnd(wProxSampler, ctx, wprox(2));
    expect(out.summary.method).toBe('w-prox/closed-form');
    expect(out.summary.note).toBe('closed-form map (algorithms.md §2.5)');
    expect(out.summary.logWeightReason).toBe(
      'W-prox is a deterministic transport y = T(x) of base samples: there are no importance weights',
    );
    // T(x) − x = a/λ_W for every particle: E‖T(x) − x‖² = ‖a‖²/λ_W² = 0.0625.
    expect(out.summary.transportCost).toBeCloseTo(0.0625, 6);
  });
});

describe('finiteness checks and failures', () => {
  const K = 3;
  /** The linear reward with a value (and a prox) that can fail on a given call. */
  function failing(value: (call: number) => number | null, prox?: (call: number) => 'nan' | 'throw' | null): Reward {
    const base = linearReward(A);
    let valueCalls = 0;
    let proxCalls = 0;
    return {
      ...base,
      value: (x) => {
        const v = value(valueCalls++);
        return v === null ? base.value(x) : (tf.fill([x.shape[0]], v) as Tensor1D);
      },
      prox: (x, l) => {
        const what = prox ? prox(proxCalls++) : null;
        if (what === 'throw') throw new Error('the oracle failed');
        return what === 'nan' ? (tf.fill(x.shape, NaN) as Tensor2D) : base.prox!(x, l);
      },
    };
  }
  const run = (reward: Reward) =>
    runToEnd(wProxSampler, testContext(gmm, reward, { particles: 8, steps: K }), wprox(1));

  it('name the per-step reward, the transported samples and their reward', async () => {
    // One value call per step (K), then one for the returned samples; one prox call per step, then the final map.
    await expect(run(failing(() => NaN))).rejects.toThrow(new NonFiniteError(`the reward r(T(x̂0)) at step ${K - 1}`));
    await expect(run(failing((c) => (c === K ? NaN : null)))).rejects.toThrow(
      new NonFiniteError('the reward r(T(x)) of the returned samples'),
    );
    await expect(
      run(
        failing(
          () => null,
          (c) => (c === K ? 'nan' : null),
        ),
      ),
    ).rejects.toThrow(new NonFiniteError('the transported samples T(x)'));
  });

  it('an oracle that throws on the final map: its own error reaches the caller, and nothing leaks', async () => {
    const before = tf.memory().numTensors;
    await expect(
      run(
        failing(
          () => null,
          (c) => (c === K ? 'throw' : null),
        ),
      ),
    ).rejects.toThrow('the oracle failed');
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the descriptor’s closed-form target (§2.5)', () => {
  it('a linear reward shifts every point by a/λ_W: mean μ + a/λ_W, the same covariance, cost ‖a‖²/λ_W²', () => {
    const target = wProxSampler.exactTarget!(SINGLE_GAUSSIAN, linearReward(A), wprox(2))!;
    const m = SINGLE_GAUSSIAN.means[0];
    expect(target.spec.means[0][0]).toBeCloseTo(m[0] + 0.15, 12);
    expect(target.spec.means[0][1]).toBeCloseTo(m[1] + 0.2, 12);
    expect(target.spec.covs[0]).toEqual(SINGLE_GAUSSIAN.covs[0]);
    expect(target.transportCost).toBeCloseTo(0.0625, 12);
  });
});
