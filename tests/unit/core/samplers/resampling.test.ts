// Resampling schemes (algorithms.md §5.2) and weight normalisation: §7 checks 19 and 20; SSP and killing end to end.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../../src/cli/backend';
import { effectiveSampleSize, normalizedWeights } from '../../../../src/core/diagnostics';
import { Rng } from '../../../../src/core/rng';
import { runScenario } from '../../../../src/core/run';
import {
  inverseCdf,
  killingResample,
  multinomialResample,
  RESAMPLERS,
  sortedUniforms,
  sspResample,
  systematicResample,
} from '../../../../src/core/samplers/resampling';
import type { ResamplingScheme } from '../../../../src/core/samplers/resampling';
import { FIXTURE_GMM, FIXTURE_LINEAR } from '../../fixtures';

const N = 16;
const REPS = 20_000;
const SCHEMES: ResamplingScheme[] = ['multinomial', 'stratified', 'systematic', 'residual', 'ssp', 'killing'];

/**
 * A fixed uneven weight vector with raw weights floor + E², E ~ Exp(1). With floor 0.5 every N·W̄_i lies in about
 * [0.2, 4], so a count variance estimated from 20k repetitions is precise to a few percent and the +10% margin of
 * the variance check is several standard errors wide; with floor 0 some particles get almost no weight, which tests
 * unbiasedness where it is most fragile.
 */
function fixedWeights(floor: number, seed: number): Float64Array {
  const rng = new Rng(seed, 'weights');
  const raw = new Float64Array(N);
  for (let i = 0; i < N; i++) raw[i] = floor + Math.pow(-Math.log(rng.uniformOpen()), 2);
  const total = raw.reduce((s, v) => s + v, 0);
  return raw.map((v) => v / total);
}

function offspringCounts(ancestors: Int32Array, n: number): Int32Array {
  const counts = new Int32Array(n);
  for (const a of ancestors) counts[a]++;
  return counts;
}

interface CountStats {
  mean: Float64Array;
  variance: Float64Array;
  fourth: Float64Array;
  min: Int32Array;
  max: Int32Array;
}

function repeatScheme(scheme: ResamplingScheme, weights: Float64Array): CountStats {
  const rng = new Rng(11, `check19/${scheme}`);
  const sum = new Float64Array(N);
  const sumSq = new Float64Array(N);
  const all: Int32Array[] = [];
  const min = new Int32Array(N).fill(N + 1);
  const max = new Int32Array(N).fill(-1);
  for (let r = 0; r < REPS; r++) {
    const ancestors = RESAMPLERS[scheme](weights, rng);
    expect(ancestors.length).toBe(N);
    const c = offspringCounts(ancestors, N);
    all.push(c);
    for (let i = 0; i < N; i++) {
      sum[i] += c[i];
      sumSq[i] += c[i] * c[i];
      if (c[i] < min[i]) min[i] = c[i];
      if (c[i] > max[i]) max[i] = c[i];
    }
  }
  const mean = sum.map((s) => s / REPS);
  const variance = sumSq.map((s, i) => s / REPS - mean[i] * mean[i]);
  const fourth = new Float64Array(N);
  for (const c of all) for (let i = 0; i < N; i++) fourth[i] += (c[i] - mean[i]) ** 4 / REPS;
  return { mean, variance, fourth, min, max };
}

/** stats[scheme]: the repetitions of the scheme on `weights`, run when first read. */
function lazyStats(weights: Float64Array): Record<ResamplingScheme, CountStats> {
  const out = {} as Record<ResamplingScheme, CountStats>;
  const done = new Map<ResamplingScheme, CountStats>();
  for (const scheme of SCHEMES)
    Object.defineProperty(out, scheme, {
      get: () => {
        if (!done.has(scheme)) done.set(scheme, repeatScheme(scheme, weights));
        return done.get(scheme)!;
      },
    });
  return out;
}

describe('resampling schemes (§5.2, §7 check 19)', () => {
  const weights = fixedWeights(0.5, 7);
  const skewed = fixedWeights(0, 8);
  // The repetitions run on first use inside a test, not while the file loads: per-test coverage (mutation testing,
  // docs/testing.md) then sees them as that test's code rather than as code every test depends on.
  const stats = lazyStats(weights);
  const skewedStats = lazyStats(skewed);

  it.each(SCHEMES)('%s: mean offspring equals N·W̄ within 4 SE', (scheme) => {
    for (const [w, st] of [
      [weights, stats[scheme]],
      [skewed, skewedStats[scheme]],
    ] as const) {
      expect(Math.min(...w) * N).toBeLessThan(w === skewed ? 0.05 : 1);
      for (let i = 0; i < N; i++) {
        const se = Math.sqrt(st.variance[i] / REPS);
        expect(Math.abs(st.mean[i] - N * w[i])).toBeLessThanOrEqual(4 * se + 1e-9);
      }
    }
  });

  it('systematic counts lie in {⌊N·W̄⌋, ⌈N·W̄⌉}', () => {
    for (const [w, st] of [
      [weights, stats.systematic],
      [skewed, skewedStats.systematic],
    ] as const) {
      for (let i = 0; i < N; i++) {
        expect(st.min[i]).toBeGreaterThanOrEqual(Math.floor(N * w[i]));
        expect(st.max[i]).toBeLessThanOrEqual(Math.ceil(N * w[i]));
      }
    }
  });

  it('ssp counts lie in {⌊N·W̄⌋, ⌈N·W̄⌉} and both occur where N·W̄ is not an integer', () => {
    for (const [w, st] of [
      [weights, stats.ssp],
      [skewed, skewedStats.ssp],
    ] as const) {
      for (let i = 0; i < N; i++) {
        expect(st.min[i]).toBe(Math.floor(N * w[i]));
        expect(st.max[i]).toBe(Math.ceil(N * w[i]));
      }
    }
  });

  it('ssp count variance is the least possible, f(1 − f) with f = frac(N·W̄), within 4 SE, below multinomial', () => {
    const { variance, fourth } = stats.ssp;
    for (let i = 0; i < N; i++) {
      const f = N * weights[i] - Math.floor(N * weights[i]);
      const se = Math.sqrt(Math.max(fourth[i] - variance[i] ** 2, 0) / REPS);
      expect(Math.abs(variance[i] - f * (1 - f))).toBeLessThanOrEqual(4 * se + 1e-9);
      expect(variance[i]).toBeLessThanOrEqual(N * weights[i] * (1 - weights[i]));
    }
  });

  it('killing count variance matches its closed form within 4 SE and is below multinomial where W̄ ≤ 1/2', () => {
    // Survival S_i ~ Bernoulli(p_i), p_i = W̄_i / max W̄, independent; K = N − Σ S killed slots, each a draw from W̄:
    // Var = p_i(1 − p_i)(1 − 2W̄_i) + E[K] W̄_i(1 − W̄_i) + W̄_i² Σ_j p_j(1 − p_j), E[K] = N − 1/max W̄ (§5.2).
    for (const [w, st] of [
      [weights, stats.killing],
      [skewed, skewedStats.killing],
    ] as const) {
      const max = Math.max(...w);
      const p = w.map((v) => v / max);
      const sumPq = p.reduce((s, v) => s + v * (1 - v), 0);
      for (let i = 0; i < N; i++) {
        const expected = p[i] * (1 - p[i]) * (1 - 2 * w[i]) + (N - 1 / max) * w[i] * (1 - w[i]) + w[i] ** 2 * sumPq;
        const se = Math.sqrt(Math.max(st.fourth[i] - st.variance[i] ** 2, 0) / REPS);
        expect(Math.abs(st.variance[i] - expected)).toBeLessThanOrEqual(4 * se + 1e-9);
        expect(w[i]).toBeLessThanOrEqual(0.5);
        expect(expected).toBeLessThanOrEqual(N * w[i] * (1 - w[i]) - p[i] ** 2 * (1 - 2 * w[i]) + 1e-12);
        expect(st.variance[i]).toBeLessThanOrEqual(1.1 * N * w[i] * (1 - w[i]));
      }
    }
  });

  it('reports the unbiasedness errors (in SE) and the variance ratios to multinomial', () => {
    for (const scheme of SCHEMES) {
      let worst = 0;
      const even = stats[scheme];
      for (const [w, st] of [
        [weights, even],
        [skewed, skewedStats[scheme]],
      ] as const) {
        for (let i = 0; i < N; i++) {
          const se = Math.sqrt(st.variance[i] / REPS);
          if (se > 0) worst = Math.max(worst, Math.abs(st.mean[i] - N * w[i]) / se);
        }
      }
      const v = even.variance;
      const ratio = (i: number) => v[i] / (N * weights[i] * (1 - weights[i]));
      const ratios = Array.from({ length: N }, (_, i) => ratio(i));
      const total = v.reduce((s, x) => s + x, 0);
      const multTotal = weights.reduce((s, x) => s + N * x * (1 - x), 0);
      console.info(
        `${scheme}: max |mean − N·W̄|/SE ${worst.toFixed(2)}; Var/Var_mult min ${Math.min(...ratios).toFixed(3)} ` +
          `max ${Math.max(...ratios).toFixed(3)}; Σ Var ${total.toFixed(3)} vs multinomial ${multTotal.toFixed(3)}`,
      );
      expect(worst).toBeLessThanOrEqual(4);
    }
  });

  it('residual counts are at least ⌊N·W̄⌋', () => {
    expect(Math.max(...weights) * N).toBeGreaterThan(2);
    for (const [w, st] of [
      [weights, stats.residual],
      [skewed, skewedStats.residual],
    ] as const) {
      for (let i = 0; i < N; i++) expect(st.min[i]).toBeGreaterThanOrEqual(Math.floor(N * w[i]));
    }
  });

  it("multinomial count variance is N·W̄(1 − W̄) within 4 SE", () => {
    const { variance, fourth } = stats.multinomial;
    for (let i = 0; i < N; i++) {
      const expected = N * weights[i] * (1 - weights[i]);
      const se = Math.sqrt(Math.max(fourth[i] - variance[i] ** 2, 0) / REPS);
      expect(Math.abs(variance[i] - expected)).toBeLessThanOrEqual(4 * se + 1e-9);
    }
  });

  it.each(['stratified', 'residual'] as const)(
    '%s count variance is at most the multinomial N·W̄(1 − W̄) (+10 percent)',
    (scheme) => {
      const { variance } = stats[scheme];
      for (let i = 0; i < N; i++) expect(variance[i]).toBeLessThanOrEqual(1.1 * N * weights[i] * (1 - weights[i]));
    },
  );

  it('systematic resampling of uniform weights gives every particle exactly one offspring', () => {
    const rng = new Rng(3, 'uniform');
    for (const n of [1, 2, 7, 16, 1000]) {
      const uniform = new Float64Array(n).fill(1 / n);
      for (let r = 0; r < 50; r++) expect(Array.from(systematicResample(uniform, rng))).toEqual([...Array(n).keys()]);
    }
  });

  it.each([
    ['ssp', sspResample],
    ['killing', killingResample],
  ] as const)('%s resampling of uniform weights gives every particle itself as its ancestor', (name, resample) => {
    const rng = new Rng(3, `uniform/${name}`);
    // n·(1/n) is a hair below 1 for some n (49 among them): SSP must still give everyone exactly one offspring.
    expect(49 * (1 / 49)).toBeLessThan(1);
    for (const n of [1, 2, 7, 16, 49, 1000]) {
      const uniform = new Float64Array(n).fill(1 / n);
      for (let r = 0; r < 50; r++) expect(Array.from(resample(uniform, rng))).toEqual([...Array(n).keys()]);
    }
  });

  it('killing never kills the heaviest particle', () => {
    const rng = new Rng(4, 'heaviest');
    for (const w of [weights, skewed]) {
      const heaviest = w.indexOf(Math.max(...w));
      for (let r = 0; r < 2000; r++) expect(killingResample(w, rng)[heaviest]).toBe(heaviest);
    }
  });

  it('ssp: every count is ⌊N·W̄⌋ or ⌈N·W̄⌉ and the total is N, for random weights of many sizes and spreads', () => {
    const rng = new Rng(6, 'ssp-sizes');
    for (let r = 0; r < 400; r++) {
      const n = 1 + rng.int(300);
      const spread = [0.01, 1, 5, 30][r % 4];
      const w = normalizedWeights(new Float64Array(n).map(() => spread * rng.normal()));
      const raw = new Int32Array(n);
      const ancestors = sspResample(w, rng);
      for (let k = 1; k < n; k++) expect(ancestors[k]).toBeGreaterThanOrEqual(ancestors[k - 1]);
      for (const a of ancestors) raw[a]++;
      expect(raw.reduce((s, c) => s + c, 0)).toBe(n);
      for (let i = 0; i < n; i++) {
        // Allow the floor/ceil of N·W̄ to be taken either side of a round-off tie with an integer.
        const x = n * w[i];
        expect(raw[i]).toBeGreaterThanOrEqual(Math.floor(x * (1 - 1e-12)));
        expect(raw[i]).toBeLessThanOrEqual(Math.ceil(x * (1 + 1e-12)));
      }
    }
    // Integer N·W̄: deterministic counts.
    expect(Array.from(sspResample(new Float64Array([0.5, 0, 0.25, 0.25]), rng))).toEqual([0, 0, 2, 3]);
  });

  it('ssp draws N − 1 uniforms and killing N (plus the multinomial only when someone is killed)', () => {
    for (const [resample, count] of [
      [sspResample, N - 1],
      [killingResample, N],
    ] as const) {
      const a = new Rng(21, 'count');
      const b = new Rng(21, 'count');
      resample(new Float64Array(N).fill(1 / N), a);
      for (let k = 0; k < count; k++) b.uniform();
      expect(a.uniform()).toBe(b.uniform());
    }
  });
});

describe('resampling building blocks', () => {
  it('sorted uniforms are increasing in (0, 1) and the j-th has mean (j + 1)/(M + 1)', () => {
    const rng = new Rng(5, 'spacings');
    const m = 8;
    const reps = 20_000;
    const sum = new Float64Array(m);
    const sumSq = new Float64Array(m);
    let ordered = true;
    for (let r = 0; r < reps; r++) {
      const u = sortedUniforms(m, rng);
      for (let j = 0; j < m; j++) {
        if (!(u[j] > 0 && u[j] < 1 && (j === 0 || u[j] >= u[j - 1]))) ordered = false;
        sum[j] += u[j];
        sumSq[j] += u[j] * u[j];
      }
    }
    expect(ordered).toBe(true);
    for (let j = 0; j < m; j++) {
      const mean = sum[j] / reps;
      const se = Math.sqrt((sumSq[j] / reps - mean * mean) / reps);
      expect(Math.abs(mean - (j + 1) / (m + 1))).toBeLessThanOrEqual(4 * se);
    }
  });

  it('the inverse CDF caps at the last particle, also when M ≠ N (the §5.2 guard bug)', () => {
    // Weights summing to a hair below 1 and uniforms above that sum must map to N − 1, never to N or beyond.
    const weights = new Float64Array([0.25, 0.25, 0.4999999999]);
    const u = new Float64Array([0.1, 0.3, 0.6, 0.99999999995, 0.99999999999]);
    expect(Array.from(inverseCdf(u, weights))).toEqual([0, 1, 2, 2, 2]);
    const draws = multinomialResample(new Float64Array([0, 0, 1]), new Rng(1, 'cap'), 40);
    expect(draws.length).toBe(40);
    expect(draws.every((a) => a === 2)).toBe(true);
  });

  it('a particle of zero weight is never chosen', () => {
    const weights = new Float64Array([0.5, 0, 0.25, 0, 0.25]);
    const rng = new Rng(9, 'zero');
    for (const scheme of SCHEMES) {
      for (let r = 0; r < 200; r++) {
        const a = RESAMPLERS[scheme](weights, rng);
        expect(a.every((i) => i !== 1 && i !== 3)).toBe(true);
      }
    }
  });
});

describe('SSP and killing end to end: an SMC run through runScenario', () => {
  beforeAll(async () => {
    await useNodeBackend('wasm');
  });

  it.each(['ssp', 'killing'] as const)(
    '%s: no tensors left behind; the mean reward is within 4 SE of the closed-form E_q r',
    async (resampling) => {
      // κ = 1 resamples at every step, so the scheme is exercised K times per run. The SE of an SMC mean is estimated
      // from independent replicate runs (smc-unbiased.test.ts); the exact kernel leaves only Monte Carlo error.
      const replicates = 8;
      const means: number[] = [];
      let exact = NaN;
      const before = tf.memory().numTensors;
      for (let r = 0; r < replicates; r++) {
        const result = await runScenario({
          model: { kind: 'gmm', ...FIXTURE_GMM, kernel: 'exact' },
          reward: { kind: 'linear', theta: FIXTURE_LINEAR.theta },
          sampler: { kind: 'smc', lambda: FIXTURE_LINEAR.lambda, resampling, essThreshold: 1 },
          particles: 256,
          steps: 12,
          seed: 300 + r,
        });
        expect(result.scenario.sampler).toMatchObject({ kind: 'smc', resampling });
        expect(result.summary.resamplings).toBe(12);
        exact = result.summary.exactMeanReward!;
        means.push(result.summary.meanReward);
      }
      expect(tf.memory().numTensors).toBe(before);
      const mean = means.reduce((s, v) => s + v, 0) / replicates;
      const sd = Math.sqrt(means.reduce((s, v) => s + (v - mean) ** 2, 0) / (replicates - 1));
      const se = sd / Math.sqrt(replicates);
      console.info(
        `${resampling} SMC: mean reward ${mean.toFixed(4)} vs E_q r ${exact.toFixed(4)}, ` +
          `error ${((mean - exact) / se).toFixed(2)} SE (SE ${se.toFixed(4)})`,
      );
      expect(Number.isFinite(exact)).toBe(true);
      expect(Math.abs(mean - exact)).toBeLessThanOrEqual(4 * se);
    },
    60_000,
  );
});

describe('weights and ESS (§7 check 20)', () => {
  it('ESS lies in [1, N]; weights and ESS do not change when a constant is added to every log-weight', () => {
    const rng = new Rng(13, 'ess');
    for (let r = 0; r < 200; r++) {
      const n = 1 + rng.int(64);
      const spread = [0.01, 1, 10, 100][r % 4];
      const logW = new Float64Array(n).map(() => spread * rng.normal());
      const ess = effectiveSampleSize(logW);
      expect(ess).toBeGreaterThanOrEqual(1 - 1e-12);
      expect(ess).toBeLessThanOrEqual(n + 1e-9);
      const w = normalizedWeights(logW);
      for (const shift of [-1e4, -3.7, 250, 1e4]) {
        const shifted = logW.map((v) => v + shift);
        expect(Math.abs(effectiveSampleSize(shifted) - ess)).toBeLessThanOrEqual(1e-6 * ess);
        const ws = normalizedWeights(shifted);
        for (let i = 0; i < n; i++) expect(Math.abs(ws[i] - w[i])).toBeLessThanOrEqual(1e-6);
      }
    }
  });

  it('equal log-weights give ESS = N and a single dominant weight gives ESS = 1', () => {
    expect(effectiveSampleSize(new Float64Array(32).fill(-5))).toBeCloseTo(32, 12);
    const one = new Float64Array(32).fill(-1e6);
    one[4] = 0;
    expect(effectiveSampleSize(one)).toBeCloseTo(1, 12);
  });
});
