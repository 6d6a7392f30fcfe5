// Resampling schemes (algorithms.md §5.2) on hand-computed cases: the ancestors each scheme returns for given
// uniforms, and the closed-form joint law of offspring counts that tells stratified (one uniform per stratum) from
// systematic (one shared uniform). Fast, exact companions of the statistical checks in resampling.test.ts.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../src/core/rng';
import {
  inverseCdf,
  killingResample,
  multinomialResample,
  residualResample,
  sspResample,
  stratifiedResample,
  systematicResample,
} from '../../../../src/core/samplers/resampling';

/** An Rng stand-in that hands out the given uniforms in order and fails when asked for more. */
function scripted(uniforms: number[]): Rng & { used: () => number } {
  let next = 0;
  const take = (): number => {
    if (next >= uniforms.length) throw new Error(`asked for uniform #${next + 1}, only ${uniforms.length} scripted`);
    return uniforms[next++];
  };
  return { uniform: take, uniformOpen: take, used: () => next } as unknown as Rng & { used: () => number };
}

const W4 = Float64Array.from([0.1, 0.4, 0.3, 0.2]); // cumulative 0.1, 0.5, 0.8, 1

describe('the inverse CDF (§5.2)', () => {
  it('A_n = min{j : Σ_{i≤j} W̄_i ≥ u_n}: a uniform equal to a cumulative weight belongs to that particle', () => {
    const w = Float64Array.from([0.25, 0.25, 0.5]);
    expect(Array.from(inverseCdf(Float64Array.from([0.25, 0.5, 0.75, 1]), w))).toEqual([0, 1, 2, 2]);
    expect(Array.from(inverseCdf(Float64Array.from([0.2, 0.3, 0.6]), w))).toEqual([0, 1, 2]);
  });
});

describe('stratified and systematic ancestors for given uniforms (§5.2)', () => {
  it('stratified: u_j = (j + U_j)/N with one uniform per stratum', () => {
    // U = 0.1, 0.9, 0.1, 0.9 → u = 0.025, 0.475, 0.525, 0.975 → the first cumulative weight ≥ u: 0, 1, 2, 3.
    const rng = scripted([0.1, 0.9, 0.1, 0.9]);
    expect(Array.from(stratifiedResample(W4, rng))).toEqual([0, 1, 2, 3]);
    expect(rng.used()).toBe(4);
    // U = 0.5, 0.1, 0.95, 0.0 → u = 0.125, 0.275, 0.7375, 0.75 → 1, 1, 2, 2.
    expect(Array.from(stratifiedResample(W4, scripted([0.5, 0.1, 0.95, 0])))).toEqual([1, 1, 2, 2]);
  });

  it('systematic: u_j = (j + U)/N with one shared uniform', () => {
    // U = 0.1 → u = 0.025, 0.275, 0.525, 0.775 → 0, 1, 2, 2.
    const rng = scripted([0.1, 0.9, 0.1, 0.9]);
    expect(Array.from(systematicResample(W4, rng))).toEqual([0, 1, 2, 2]);
    expect(rng.used()).toBe(1);
    // U = 0.9 → u = 0.225, 0.475, 0.725, 0.975 → 1, 1, 2, 3.
    expect(Array.from(systematicResample(W4, scripted([0.9])))).toEqual([1, 1, 2, 3]);
  });
});

/** uniformOpen() values whose −log are the given Exp(1) draws E_j (sortedUniforms turns them into order statistics). */
const fromExponentials = (e: number[]): number[] => e.map((v) => Math.exp(-v));

describe('multinomial, residual, SSP and killing ancestors for given uniforms (§5.2)', () => {
  it('multinomial: sorted uniforms from normalised exponential spacings, then the inverse CDF', () => {
    // E = 2, 1, 2, 1 | 1: partial sums 2, 3, 5, 6 over the total 7 → u = 2/7, 3/7, 5/7, 6/7 against the cumulative
    // weights 0.1, 0.5, 0.8, 1 → 1, 1, 2, 3. The (M+1)-th exponential is the normaliser: M + 1 draws in all.
    const rng = scripted(fromExponentials([2, 1, 2, 1, 1]));
    expect(Array.from(multinomialResample(W4, rng))).toEqual([1, 1, 2, 3]);
    expect(rng.used()).toBe(5);
    // M = 2 draws: E = 1, 2 | 1 → u = 1/4, 3/4 → 1, 2.
    expect(Array.from(multinomialResample(W4, scripted(fromExponentials([1, 2, 1])), 2))).toEqual([1, 2]);
  });

  it('residual: ⌊N·W̄⌋ copies first, then multinomial draws on the normalised remainders', () => {
    // W̄ = (7, 5, 3, 1)/16, N·W̄ = 1.75, 1.25, 0.75, 0.25 → copies of 0 and 1, remainders (3, 1, 3, 1)/8 (cumulative
    // 0.375, 0.5, 0.875, 1) for the 2 remaining draws; E = 1, 2 | 1 → u = 1/4, 3/4 → 0, 2.
    const w = Float64Array.from([7, 5, 3, 1].map((v) => v / 16));
    const rng = scripted(fromExponentials([1, 2, 1]));
    expect(Array.from(residualResample(w, rng))).toEqual([0, 1, 0, 2]);
    expect(rng.used()).toBe(3);
    // Integer N·W̄: the copies fill every slot and no randomness is drawn.
    expect(Array.from(residualResample(Float64Array.from([0.5, 0.25, 0.25, 0]), scripted([])))).toEqual([0, 0, 1, 2]);
  });

  it('SSP: the pairwise rounding of the fractional parts, step by step', () => {
    // W̄ = (5, 3, 6, 2)/16: N·W̄ = 1.25, 0.75, 1.5, 0.5, floors (1, 0, 1, 0), fractions ξ = (¼, ¾, ½, ½).
    const w = Float64Array.from([5, 3, 6, 2].map((v) => v / 16));
    // j = 1: s = ¼ + ¾ = 1 ≥ 1; u = 0.1 < (1 − ξ_1)/(2 − s) = ¼ → particle 0 rounds up, ξ_1 = s − 1 = 0 stays open.
    // j = 2: s = 0 + ½ < 1; u·s = 0.25 < ξ_open = 0 fails → particle 2 takes s = ½ and is open.
    // j = 3: s = ½ + ½ = 1; u = 0.7 < (1 − ½)/1 fails → particle 3 rounds up. Counts (2, 0, 1, 1).
    const rng = scripted([0.1, 0.5, 0.7]);
    expect(Array.from(sspResample(w, rng))).toEqual([0, 0, 2, 3]);
    expect(rng.used()).toBe(3);
    // j = 1: u = 0.9 ≥ ¼ → particle 1 rounds up, particle 0 keeps s − 1 = 0 and stays open. j = 2: particle 2 takes ½.
    // j = 3: u = 0.2 < ½ → particle 2 rounds up. Counts (1, 1, 2, 0).
    expect(Array.from(sspResample(w, scripted([0.9, 0.5, 0.2])))).toEqual([0, 1, 2, 2]);
    // W̄ = (1, 2, 5, 8)/16: N·W̄ = 0.25, 0.5, 1.25, 2, floors (0, 0, 1, 2), ξ = (¼, ½, ¼, 0).
    const v = Float64Array.from([1, 2, 5, 8].map((x) => x / 16));
    // j = 1: s = ¾ < 1, u·s = 0.15 < ¼ → particle 0 keeps ¾ (particle 1 settles at 0). j = 2: s = ¾ + ¼ = 1,
    // u = 0.5 < (1 − ¼)/1 → particle 0 rounds up, particle 2 keeps 0. j = 3: s = 0 → particle 3 carries 0. (1, 0, 1, 2).
    expect(Array.from(sspResample(v, scripted([0.2, 0.5, 0.5])))).toEqual([0, 2, 3, 3]);
    // j = 1: u·s = 0.45 ≥ ¼ → particle 1 takes ¾. j = 2: u = 0.9 ≥ ¾ → particle 2 rounds up, particle 1 keeps 0.
    // Counts (0, 0, 2, 2).
    expect(Array.from(sspResample(v, scripted([0.6, 0.9, 0.5])))).toEqual([2, 2, 3, 3]);
  });

  it('killing: survival with probability W̄_i / max W̄, killed slots refilled by multinomial draws', () => {
    // W̄ = (0.5, 0.25, 0.125, 0.125), max 0.5: particle i survives iff U_i < 2 W̄_i, i.e. U < 1, ½, ¼, ¼.
    // U = 0.9, 0.6, 0.1, 0.3 → 1 and 3 are killed. Their 2 ancestors: E = 3, 1 | 1 → u = 3/5, 4/5 against the
    // cumulative weights 0.5, 0.75, 0.875, 1 → 1, 2.
    const w = Float64Array.from([0.5, 0.25, 0.125, 0.125]);
    const rng = scripted([0.9, 0.6, 0.1, 0.3, ...fromExponentials([3, 1, 1])]);
    expect(Array.from(killingResample(w, rng))).toEqual([0, 1, 2, 2]);
    expect(rng.used()).toBe(7);
    // Nobody killed: N uniforms and no multinomial.
    const all = scripted([0.9, 0.4, 0.2, 0.1]);
    expect(Array.from(killingResample(w, all))).toEqual([0, 1, 2, 3]);
    expect(all.used()).toBe(4);
  });
});

describe('the joint law of two offspring counts tells stratified from systematic (§5.2)', () => {
  // W̄ = (1/6, 2/3, 1/6), N = 3, strata [0,⅓), [⅓,⅔), [⅔,1). Particle 0 is drawn iff u_0 = U_0/3 ≤ 1/6 (U_0 ≤ ½),
  // particle 2 iff u_2 = (2 + U_2)/3 > 5/6 (U_2 > ½), and the middle stratum always draws particle 1. Stratified:
  // U_0 and U_2 are independent, so (N_0, N_2) is uniform on {0,1}²; systematic: one U, so exactly one of the two
  // is drawn, (1,0) or (0,1) with probability ½ each. 4000 draws; each frequency within 4 SE of its probability.
  const weights = Float64Array.from([1 / 6, 2 / 3, 1 / 6]);
  const reps = 4000;

  function jointFrequencies(scheme: (w: Float64Array, rng: Rng) => Int32Array, seed: number): number[][] {
    const rng = new Rng(seed, 'joint-law');
    const freq = [
      [0, 0],
      [0, 0],
    ];
    for (let r = 0; r < reps; r++) {
      const counts = [0, 0, 0];
      for (const a of scheme(weights, rng)) counts[a]++;
      // N_0, N_2 ≤ 1 always (a weight of 1/6 < 1/3 fits in at most one stratum); freq[2] would be undefined.
      freq[counts[0]][counts[2]] += 1 / reps;
    }
    return freq;
  }

  function expectLaw(freq: number[][], law: number[][]): void {
    for (const a of [0, 1])
      for (const b of [0, 1]) {
        const p = law[a][b];
        const se = Math.sqrt((p * (1 - p)) / reps);
        expect(Math.abs(freq[a][b] - p), `P(N_0 = ${a}, N_2 = ${b})`).toBeLessThanOrEqual(4 * se + 1e-12);
      }
  }

  it('stratified: (N_0, N_2) is uniform on {0,1}², so N_1 = 3 and N_1 = 1 each have probability ¼', () => {
    expectLaw(jointFrequencies(stratifiedResample, 31), [
      [0.25, 0.25],
      [0.25, 0.25],
    ]);
  });

  it('systematic: exactly one of particles 0 and 2 is drawn, each with probability ½', () => {
    expectLaw(jointFrequencies(systematicResample, 32), [
      [0, 0.5],
      [0.5, 0],
    ]);
  });
});
