// Resampling schemes (algorithms.md §5.2) on hand-computed cases: the ancestors each scheme returns for given
// uniforms, and the closed-form joint law of offspring counts that tells stratified (one uniform per stratum) from
// systematic (one shared uniform). Fast, exact companions of the statistical checks in resampling.test.ts.
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../src/core/rng';
import { stratifiedResample, systematicResample } from '../../../../src/core/samplers/resampling';

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
