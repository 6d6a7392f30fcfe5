/**
 * Resampling schemes as small pure functions (algorithms.md §5.2, after Chopin's `particles`).
 * Each takes normalised weights W̄ (float64, Σ W̄ = 1) and an Rng and returns N ancestor indices. The first four find
 * them by the inverse CDF of W̄ at sorted uniforms; SSP rounds N W̄ pairwise at random, and killing keeps each particle
 * with probability W̄_i / max W̄. All six are unbiased: E[#offspring_i] = N W̄_i.
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

/**
 * SSP, the Srinivasan sampling process [particles `ssp`; Gerber, Chopin & Whiteley 2019]: start from ⌊N W̄_i⌋ copies
 * and the fractional parts ξ_i = N W̄_i − ⌊N W̄_i⌋, then sweep i = 1 … N − 1, pairing the one still-open fraction with
 * the next. With s = ξ_a + ξ_b: if s < 1, a keeps s with probability ξ_a / s (else b does) and the other rounds down;
 * if s ≥ 1, a rounds up with probability (1 − ξ_b)/(2 − s) (else b does) and the other keeps s − 1. Each step leaves
 * E[ξ] unchanged, so E[#offspring_i] = N W̄_i, every count is ⌊N W̄_i⌋ or ⌈N W̄_i⌉ and the total is exactly N.
 * Always N − 1 uniforms. The ancestors come out sorted.
 */
export function sspResample(weights: Float64Array, rng: Rng): Int32Array {
  const n = weights.length;
  const counts = new Int32Array(n);
  const frac = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const scaled = n * weights[i];
    counts[i] = Math.floor(scaled);
    frac[i] = scaled - counts[i];
    total += counts[i];
  }
  let open = 0;
  for (let j = 1; j < n; j++) {
    const a = frac[open];
    const b = frac[j];
    const s = a + b;
    const u = rng.uniform();
    if (s < 1) {
      // One of the two takes all of s, the other is settled at its floor (s = 0: j carries 0).
      if (u * s < a) frac[open] = s;
      else {
        frac[j] = s;
        open = j;
      }
    } else if (u * (2 - s) < 1 - b) {
      // `open` rounds up; j carries s − 1.
      counts[open]++;
      total++;
      frac[j] = s - 1;
      open = j;
    } else {
      counts[j]++;
      total++;
      frac[open] = s - 1;
    }
  }
  // In exact arithmetic the last open fraction is 0. Round-off can leave Σ ξ a hair below its integer, so that the
  // last pair did not round up: the open particle, then at ≈ 1, takes the missing one.
  if (total < n) counts[open] += n - total;
  return ancestorsFromCounts(counts, n);
}

/**
 * Killing [particles `killing`; Del Moral 2004]: particle i survives, as its own ancestor, with probability
 * W̄_i / max_j W̄_j (U_i · max W̄ < W̄_i); each killed slot gets an ancestor drawn from the multinomial of W̄. Unbiased:
 * E[#offspring_i] = W̄_i / max W̄ + E[#killed] W̄_i = N W̄_i. The heaviest particle always survives; uniform weights
 * kill nobody. N uniforms, plus the multinomial's #killed + 1 when anyone is killed.
 */
export function killingResample(weights: Float64Array, rng: Rng): Int32Array {
  const n = weights.length;
  let max = 0;
  for (let i = 0; i < n; i++) if (weights[i] > max) max = weights[i];
  const ancestors = new Int32Array(n);
  const killed: number[] = [];
  for (let i = 0; i < n; i++) {
    if (rng.uniform() * max < weights[i]) ancestors[i] = i;
    else killed.push(i);
  }
  if (killed.length > 0) {
    const draws = multinomialResample(weights, rng, killed.length);
    for (let k = 0; k < killed.length; k++) ancestors[killed[k]] = draws[k];
  }
  return ancestors;
}

/** counts[i] copies of i, in order, as exactly n ancestors (a surplus from bad input is cut, never exceeded). */
function ancestorsFromCounts(counts: Int32Array, n: number): Int32Array {
  const ancestors = new Int32Array(n);
  let filled = 0;
  for (let i = 0; i < counts.length && filled < n; i++)
    for (let c = 0; c < counts[i] && filled < n; c++) ancestors[filled++] = i;
  return ancestors;
}

export const RESAMPLERS: Readonly<Record<ResamplingScheme, Resampler>> = {
  multinomial: (w, rng) => multinomialResample(w, rng),
  stratified: stratifiedResample,
  systematic: systematicResample,
  residual: residualResample,
  ssp: sspResample,
  killing: killingResample,
};
