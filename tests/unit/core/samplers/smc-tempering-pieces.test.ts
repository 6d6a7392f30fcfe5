// Tempering schedules and increments (algorithms.md §5.5) on hand-computed numbers: which β each schedule gives at
// each grid index, the tempered increment (β − β_prev)·S_prev + β·g + ρ term by term, and the conditional ESS at its
// edges.
import { describe, expect, it } from 'vitest';
import { betaSchedule, conditionalEss, fixedBeta, temperedIncrement } from '../../../../src/core/samplers/smc/tempering';

describe('β schedules (§5.5)', () => {
  it('none: β = 1 at every step', () => {
    const beta = betaSchedule({ kind: 'none' }, 10, null);
    expect([10, 5, 1, 0].map(beta)).toEqual([1, 1, 1, 1]);
  });

  it('fixed: linear 1 − k/K and geometric 10^{−3k/K} at each grid index, 1 at the end', () => {
    const linear = betaSchedule({ kind: 'fixed', schedule: 'linear' }, 4, null);
    expect([4, 3, 2, 1, 0].map(linear)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    const geometric = betaSchedule({ kind: 'fixed', schedule: 'geometric' }, 3, null);
    [1e-3, 1e-2, 1e-1, 1].forEach((b, i) => expect(geometric(3 - i)).toBeCloseTo(b, 14));
    expect(fixedBeta('geometric', 0, 3)).toBe(1);
  });

  it('adaptive: the pilot’s β at each grid index, 1 at the end, and an error without a pilot', () => {
    const pilot = Float64Array.from([0.9, 0.6, 0.2, 0]);
    const beta = betaSchedule({ kind: 'adaptive', targetEss: 0.5 }, 3, pilot);
    expect([3, 2, 1, 0].map(beta)).toEqual([0, 0.2, 0.6, 1]);
    expect(() => betaSchedule({ kind: 'adaptive', targetEss: 0.5 }, 3, null)).toThrow(/pilot/);
  });
});

describe('the tempered increment (§5.5)', () => {
  it('(β − β_prev)·S_prev + β·g + ρ for each particle', () => {
    const out = temperedIncrement(0.75, 0.25, [2, -4], [1, 3], [0.5, -0.5], new Float64Array(2));
    // 0.5·2 + 0.75·1 + 0.5 = 2.25; 0.5·(−4) + 0.75·3 − 0.5 = −0.25.
    expect(Array.from(out)).toEqual([2.25, -0.25]);
    // No ratio, β = β_prev: the tempered potential alone.
    expect(Array.from(temperedIncrement(0.5, 0.5, [7, 7], [2, -2], null, new Float64Array(2)))).toEqual([1, -1]);
  });
});

describe('conditional ESS at its edges (§5.6)', () => {
  it('equal increments give N; no weight anywhere gives N; one particle carrying all weight gives 1', () => {
    expect(conditionalEss([0.25, 0.25, 0.5], [3, 3, 3])).toBeCloseTo(3, 12);
    expect(conditionalEss([0, 0], [1, 2])).toBe(2);
    // W̄ = (1, 0, 0): Σ W̄w = w_1 and Σ W̄w² = w_1², so the CESS is N whatever the increments.
    expect(conditionalEss([1, 0, 0], [5, -1, 2])).toBeCloseTo(3, 12);
    // Two equal weights, increments 0 and −∞ (w = 1, 0): 2·(½)²/(½) = 1.
    expect(conditionalEss([0.5, 0.5], [0, -Infinity])).toBeCloseTo(1, 12);
  });

  it('stays finite when increments differ by more than e^709 (a float64 overflow)', () => {
    // w ∝ (1, e^{−800}): all the weight moves to particle 0, 2·(½)²/(½) = 1.
    expect(conditionalEss([0.5, 0.5], [800, 0])).toBeCloseTo(1, 12);
    expect(conditionalEss([0.5, 0.5], [0, 800])).toBeCloseTo(1, 12);
    // A particle without weight does not count even with an increment e^800 above the others: W̄ = (0, ½, ½) and
    // w = (·, 1, 3) on the weighted two give 3·(½ + 3/2)²/(½ + 9/2) = 12/5.
    expect(conditionalEss([0, 0.5, 0.5], [800, 0, Math.log(3)])).toBeCloseTo(2.4, 12);
  });
});
