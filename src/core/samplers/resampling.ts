/**
 * Resampling schemes as small pure functions (algorithms.md §5.2, after Chopin's `particles`).
 * Each takes normalised weights W̄ (float64, Σ W̄ = 1) and an Rng and returns N ancestor indices, found by
 * the inverse CDF of W̄ at sorted uniforms. All four are unbiased: E[#offspring_i] = N W̄_i.
 * Randomness is drawn only when a scheme is called, so a skipped resampling leaves the stream untouched (§7 check 17).
 */
import type { Rng } from '../rng';
import type { ResamplingScheme } from './smc/spec';

export type { ResamplingScheme };

export type Resampler = (weights: Float64Array, rng: Rng) => Int32Array;

/**
 * Ancestors A_n = min{j : Σ_{i≤j} W̄_i ≥ u_n} for sorted u (length M) against N weights. The index is capped at
 * N − 1 (rounding can leave Σ W̄ a hair below the last u); the guard is on N, not on M (the §5.2 bug).
 */
export function inverseCdf(sortedUniforms: Float64Array, weights: Float64Array): Int32Array {
  const m = sortedUniforms.length;
  const last = weights.length - 1;
  const ancestors = new Int32Array(m);
  let j = 0;
  let cumulative = weights[0];
  for (let n = 0; n < m; n++) {
    while (sortedUniforms[n] > cumulative && j < last) {
      j++;
      cumulative += weights[j];
    }
    ancestors[n] = j;
  }
  return ancestors;
}

/**
 * M sorted iid uniforms in O(M): with E_0 … E_M iid Exp(1) and partial sums S_j, (S_1 … S_M)/S_{M+1} has the law of
 * the order statistics of M uniforms (normalised exponential spacings).
 */
export function sortedUniforms(m: number, rng: Rng): Float64Array {
  const partial = new Float64Array(m);
  let total = 0;
  for (let j = 0; j < m; j++) {
    total += -Math.log(rng.uniformOpen());
    partial[j] = total;
  }
  total += -Math.log(rng.uniformOpen());
  for (let j = 0; j < m; j++) partial[j] /= total;
  return partial;
}

/** Multinomial: M iid draws from W̄ (M defaults to N). */
export function multinomialResample(weights: Float64Array, rng: Rng, m = weights.length): Int32Array {
  return inverseCdf(sortedUniforms(m, rng), weights);
}

/** Stratified: u_j = (j + U_j)/N with independent U_j. */
export function stratifiedResample(weights: Float64Array, rng: Rng): Int32Array {
  const n = weights.length;
  const u = new Float64Array(n);
  for (let j = 0; j < n; j++) u[j] = (j + rng.uniform()) / n;
  return inverseCdf(u, weights);
}

/** Systematic: u_j = (j + U)/N with one U; counts lie in {⌊N W̄_i⌋, ⌈N W̄_i⌉}. */
export function systematicResample(weights: Float64Array, rng: Rng): Int32Array {
  const n = weights.length;
  const shift = rng.uniform();
  const u = new Float64Array(n);
  for (let j = 0; j < n; j++) u[j] = (j + shift) / n;
  return inverseCdf(u, weights);
}

/** Residual: ⌊N W̄_i⌋ deterministic copies, then multinomial on the normalised residuals for the R remaining draws. */
export function residualResample(weights: Float64Array, rng: Rng): Int32Array {
  const n = weights.length;
  const ancestors = new Int32Array(n);
  const residuals = new Float64Array(n);
  let filled = 0;
  let residualTotal = 0;
  for (let i = 0; i < n; i++) {
    const scaled = n * weights[i];
    const copies = Math.floor(scaled);
    for (let c = 0; c < copies && filled < n; c++) ancestors[filled++] = i;
    residuals[i] = scaled - copies;
    residualTotal += residuals[i];
  }
  const remaining = n - filled;
  if (remaining > 0) {
    for (let i = 0; i < n; i++) residuals[i] /= residualTotal;
    ancestors.set(multinomialResample(residuals, rng, remaining), filled);
  }
  return ancestors;
}

export const RESAMPLERS: Readonly<Record<ResamplingScheme, Resampler>> = {
  multinomial: (w, rng) => multinomialResample(w, rng),
  stratified: stratifiedResample,
  systematic: systematicResample,
  residual: residualResample,
};
