/**
 * The per-step chart quantities and weight utilities (diagnostics.ts, algorithms.md §5.2, §5.4) on small inputs
 * whose values are worked out by hand in the comments: normalised weights, log-sum-exp, ESS, population variance,
 * weighted means, point moments, the energy-distance V-statistic, and the lineage tracker's running sums through a
 * resampling step.
 */
import { describe, expect, it } from 'vitest';
import {
  effectiveSampleSize,
  energyDistance,
  LineageTracker,
  logSumExp,
  mean,
  normalizedWeights,
  pointCovariance,
  pointMean,
  variance,
  weightedMean,
} from '../../../src/core/diagnostics';

const LN2 = Math.log(2);
const LN3 = Math.log(3);

function expectClose(got: ArrayLike<number>, want: number[], tol = 1e-12): void {
  expect(got.length).toBe(want.length);
  want.forEach((w, i) => expect(Math.abs(got[i] - w)).toBeLessThanOrEqual(tol * (1 + Math.abs(w))));
}

describe('weights', () => {
  it('normalised weights are the softmax: log W = (0, ln 3) gives (1/4, 3/4)', () => {
    expectClose(normalizedWeights([0, LN3]), [0.25, 0.75]);
    // Weights 1 : 2 : 1.
    expectClose(normalizedWeights([0, LN2, 0]), [0.25, 0.5, 0.25]);
  });

  it('normalisation subtracts the largest log-weight, so huge and tiny logs do not overflow or vanish', () => {
    expectClose(normalizedWeights([1000, 1000 + LN3]), [0.25, 0.75]);
    expectClose(normalizedWeights([-1000, -1000 + LN3]), [0.25, 0.75]);
    // exp(−800) underflows to 0 next to exp(0); the result is still a distribution.
    expectClose(normalizedWeights([-1000, -200]), [0, 1]);
  });

  it('a weight of zero (log −∞) stays zero; all zero weights give the uniform distribution', () => {
    expectClose(normalizedWeights([-Infinity, 0, LN3]), [0, 0.25, 0.75]);
    expectClose(normalizedWeights([-Infinity, -Infinity, -Infinity, -Infinity]), [0.25, 0.25, 0.25, 0.25]);
  });

  it('log Σ exp: ln(1 + 3) = ln 4, shifted by the maximum; −∞ when empty or all −∞', () => {
    expect(logSumExp([0, LN3])).toBeCloseTo(Math.log(4), 14);
    expect(logSumExp([1000, 1000])).toBeCloseTo(1000 + LN2, 10);
    expect(logSumExp([-1000, -1000 + LN3])).toBeCloseTo(-1000 + Math.log(4), 10);
    expect(logSumExp([1000, 0])).toBeCloseTo(1000, 10);
    expect(logSumExp([5])).toBe(5);
    expect(logSumExp([])).toBe(-Infinity);
    expect(logSumExp([-Infinity, -Infinity])).toBe(-Infinity);
  });

  it('ESS = 1/Σ W̄²: weights 1 : 1 : 2 give 1/(1/16 + 1/16 + 1/4) = 8/3; equal weights give N; one weight gives 1', () => {
    expect(effectiveSampleSize([0, 0, LN2])).toBeCloseTo(8 / 3, 12);
    expect(effectiveSampleSize([7, 7, 7, 7, 7])).toBeCloseTo(5, 12);
    expect(effectiveSampleSize([0, -Infinity, -Infinity])).toBeCloseTo(1, 12);
    // Invariant to adding a constant to every log-weight.
    expect(effectiveSampleSize([500, 500, 500 + LN2])).toBeCloseTo(8 / 3, 12);
  });
});

describe('moments', () => {
  it('mean and population variance (1/N, not 1/(N − 1)): (1, 2, 6) has mean 3 and variance 14/3', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(variance([1, 2, 6])).toBeCloseTo(14 / 3, 14);
    expect(variance([4, 4, 4])).toBe(0);
    // Log-weights near −10⁴ (a small λ) keep their spread: the sum is of squared deviations from the mean, not
    // E v² − v̄², which would lose about eight digits here. (0.1, 0.2, 0.6) has variance 0.14/3.
    expect(Math.abs(variance([-1e4 + 0.1, -1e4 + 0.2, -1e4 + 0.6]) - 0.14 / 3)).toBeLessThan(1e-11);
  });

  it('weighted mean Σ W̄_i v_i, or the plain mean without weights', () => {
    expect(weightedMean([1, 2, 3], [0.5, 0.25, 0.25])).toBeCloseTo(1.75, 14);
    expect(weightedMean([1, 2, 6], null)).toBe(3);
  });

  it('point mean and 1/N covariance of (1, 2), (3, 6), (5, 4): mean (3, 4), cov [[8/3, 4/3], [4/3, 8/3]]', () => {
    const pts = [1, 2, 3, 6, 5, 4];
    expect(pointMean(pts)).toEqual([3, 4]);
    const C = pointCovariance(pts);
    expectClose(C[0], [8 / 3, 4 / 3]);
    expectClose(C[1], [4 / 3, 8 / 3]);
  });

  it('a covariance with opposite signs off the diagonal: (0, 0), (2, −2) → [[1, −1], [−1, 1]]', () => {
    const C = pointCovariance([0, 0, 2, -2]);
    expectClose(C[0], [1, -1]);
    expectClose(C[1], [-1, 1]);
  });
});

describe('energy distance (V-statistic) 2E‖X − Y‖ − E‖X − X′‖ − E‖Y − Y′‖', () => {
  it('one point each: twice their distance, 2·‖(3, 4)‖ = 10', () => {
    expect(energyDistance([0, 0], [3, 4])).toBeCloseTo(10, 12);
  });

  it('identical sets are at distance 0', () => {
    expect(energyDistance([0, 0, 1, 0, 4, 3], [0, 0, 1, 0, 4, 3])).toBeCloseTo(0, 12);
  });

  it('sets of 3 and 2 points, by hand', () => {
    // a = (0,0), (3,0), (0,4); b = (0,0), (6,8).
    // Cross distances: 0, 10, 3, √73, 4, √52 → E‖X − Y‖ = (17 + √73 + √52)/6.
    // Within a: 3, 4, 5 over the 3·3 ordered pairs (diagonal zero) → 2·12/9; within b: 2·10/4.
    const a = [0, 0, 3, 0, 0, 4];
    const b = [0, 0, 6, 8];
    const want = (2 * (17 + Math.sqrt(73) + Math.sqrt(52))) / 6 - 24 / 9 - 20 / 4;
    expect(energyDistance(a, b)).toBeCloseTo(want, 12);
    expect(energyDistance(b, a)).toBeCloseTo(want, 12);
  });
});

describe('lineage tracker (§5.4)', () => {
  it('without carried weights: V_k of the increment, V_k^cum and the ESS of the running sums', () => {
    const tracker = new LineageTracker(3);
    // Increments (0, ln 2, ln 2): mean (2/3)ln 2, variance ((2/3)² + 2·(1/3)²)(ln 2)²/3 = (2/9)(ln 2)².
    // Weights 1 : 2 : 2 → W̄ = (0.2, 0.4, 0.4), ESS = 1/0.36 = 25/9.
    const s1 = tracker.record({ k: 5, t: 0.8, rewards: [1, 2, 6], increment: [0, LN2, LN2], logW: null });
    expect(s1.k).toBe(5);
    expect(s1.t).toBe(0.8);
    expect(s1.meanReward).toBe(3);
    expect(s1.logWeightVar).toBeCloseTo((2 / 9) * LN2 * LN2, 14);
    expect(s1.logWeightVarCum).toBeCloseTo((2 / 9) * LN2 * LN2, 14);
    expect(s1.ess).toBeCloseTo(25 / 9, 12);
    expect(s1.resampled).toBe(false);
    // Increments (ln 2, 0, 0) make the sums equal: V^cum = 0 and ESS = 3, while this step's own variance is (2/9)(ln 2)².
    const s2 = tracker.record({ k: 4, t: 0.6, rewards: [0, 0, 3], increment: [LN2, 0, 0], logW: null });
    expect(s2.logWeightVar).toBeCloseTo((2 / 9) * LN2 * LN2, 14);
    expect(s2.logWeightVarCum).toBeCloseTo(0, 14);
    expect(s2.ess).toBeCloseTo(3, 12);
    expectClose(tracker.cumulativeLogWeights(), [LN2, LN2, LN2]);
  });

  it('with carried weights: the weighted mean reward and the ESS of the carried log W', () => {
    const tracker = new LineageTracker(3);
    // log W = (0, ln 3, −∞): W̄ = (1/4, 3/4, 0); mean reward 1/4 + 3/4·2 = 1.75; ESS = 1/(1/16 + 9/16) = 1.6.
    const s = tracker.record({ k: 1, t: 0.1, rewards: [1, 2, 3], increment: [1, 2, 3], logW: [0, LN3, -Infinity], resampled: true });
    expect(s.meanReward).toBeCloseTo(1.75, 14);
    expect(s.ess).toBeCloseTo(1.6, 12);
    expect(s.logWeightVar).toBeCloseTo(2 / 3, 14);
    expect(s.resampled).toBe(true);
  });

  it('a sampler without weights reports no weight statistics', () => {
    const s = new LineageTracker(2).record({ k: 0, t: 0, rewards: [1, 3], increment: null, logW: null });
    expect(s).toEqual({ k: 0, t: 0, meanReward: 2, logWeightVar: null, logWeightVarCum: null, ess: null, resampled: false });
  });

  it('after resampling the running sums follow the ancestors: V^cum is of the permuted sums', () => {
    const tracker = new LineageTracker(3);
    tracker.record({ k: 2, t: 0.5, rewards: [0, 0, 0], increment: [1, 2, 4], logW: null });
    // Ancestors (2, 2, 0): sums (4, 4, 1), mean 3, variance (1 + 1 + 4)/3 = 2.
    tracker.permute([2, 2, 0]);
    expectClose(tracker.cumulativeLogWeights(), [4, 4, 1]);
    const s = tracker.record({ k: 1, t: 0.25, rewards: [0, 0, 0], increment: [0, 0, 3], logW: null });
    // Sums (4, 4, 4): all lineages equal.
    expect(s.logWeightVarCum).toBeCloseTo(0, 14);
    expect(s.logWeightVar).toBeCloseTo(2, 14);
  });

  it('the running sums handed out are a copy', () => {
    const tracker = new LineageTracker(2);
    tracker.record({ k: 0, t: 0, rewards: [0, 0], increment: [1, 2], logW: null });
    const sums = tracker.cumulativeLogWeights();
    sums[0] = 100;
    expectClose(tracker.cumulativeLogWeights(), [1, 2]);
  });
});
