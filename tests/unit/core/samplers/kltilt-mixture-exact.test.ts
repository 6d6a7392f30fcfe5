// The max-linear mixture of linear tilts (algorithms.md §3.4) on hand-computed numbers: the mixing law ρ_j ∝
// e^{b_j/λ} M_p(θ_j/λ) and its normaliser, the per-particle tilts drawn from ρ, the correction log-weights
// max_j ℓ_j/λ − logsumexp_j ℓ_j/λ, and log Ẑ = log normaliser + log mean w.
import { describe, expect, it } from 'vitest';
import type { Vec2 } from '../../../../src/core/linalg2';
import type { Rng } from '../../../../src/core/rng';
import {
  correctionLogWeights,
  drawTilts,
  logZEstimate,
  mixingLaw,
} from '../../../../src/core/samplers/klTilt/maxLinearMixture';

const THETAS: Vec2[] = [
  [1, 0],
  [-1, 0.5],
];
const BIASES = [0, 0.5];

describe('the mixing law ρ (§3.4)', () => {
  it('ρ_j ∝ e^{b_j/λ + log M_p(θ_j/λ)}, the normaliser is their log-sum, and the tilts are θ_j/λ', () => {
    // λ = 2, log M = (0.1, 0.3): log terms 0/2 + 0.1 = 0.1 and 0.5/2 + 0.3 = 0.55.
    const law = mixingLaw(THETAS, BIASES, 2, [0.1, 0.3]);
    const total = Math.exp(0.1) + Math.exp(0.55);
    expect(law.logNormaliser).toBeCloseTo(Math.log(total), 14);
    expect(law.rho[0]).toBeCloseTo(Math.exp(0.1) / total, 14);
    expect(law.rho[1]).toBeCloseTo(Math.exp(0.55) / total, 14);
    expect(law.tilts).toEqual([
      [0.5, 0],
      [-0.5, 0.25],
    ]);
  });
});

describe('per-particle tilts drawn from ρ', () => {
  it('particle i follows the tilt of the piece the categorical draw names, asked with ρ', () => {
    const law = mixingLaw(THETAS, BIASES, 2, [0, 0]);
    const picks = [1, 0, 1];
    const asked: number[][] = [];
    const rng = {
      categorical: (w: ArrayLike<number>) => {
        asked.push(Array.from(w));
        return picks[asked.length - 1];
      },
    } as unknown as Rng;
    expect(Array.from(drawTilts(law, 3, rng))).toEqual([-0.5, 0.25, 0.5, 0, -0.5, 0.25]);
    expect(asked).toEqual([law.rho, law.rho, law.rho]);
  });
});

describe('the exact correction (§3.4)', () => {
  it('log w = max_j ℓ_j/λ − logsumexp_j ℓ_j/λ for each point', () => {
    // λ = 0.5. (1, 2): ℓ = (1, −1 + 1 + 0.5) = (1, 0.5) → scaled (2, 1), log w = −log(1 + e^{−1}).
    // (−1, 0): ℓ = (−1, 1.5) → scaled (−2, 3), log w = −log(1 + e^{−5}).
    // (0, −1): ℓ = (0, 0) → scaled (0, 0), log w = −log 2 (the bound −log m).
    const w = correctionLogWeights([1, 2, -1, 0, 0, -1], THETAS, BIASES, 0.5);
    expect(w).toBeInstanceOf(Float64Array);
    expect(w.length).toBe(3);
    expect(w[0]).toBeCloseTo(-Math.log(1 + Math.exp(-1)), 14);
    expect(w[1]).toBeCloseTo(-Math.log(1 + Math.exp(-5)), 14);
    expect(w[2]).toBeCloseTo(-Math.log(2), 14);
  });

  it('log Ẑ = log Σ_j e^{b_j/λ} M_p(θ_j/λ) + log mean_i w_i', () => {
    const law = { tilts: [], rho: [], logNormaliser: 0.7 };
    // w = (½, 1): mean ¾.
    expect(logZEstimate(law, Float64Array.from([Math.log(0.5), 0]))).toBeCloseTo(0.7 + Math.log(0.75), 14);
  });
});
