/**
 * Tempering of the SMC potentials (algorithms.md §5.5).
 *
 * Write S_k = Σ_{j ≥ k} log G_j for a lineage's untempered accumulated log-potential (for DIFF, S_k = r_k/λ). A
 * tempered run targets, at step k, the path law tilted by β_k·S_k with β non-decreasing in the steps taken and
 * β_0 = 1. Its incremental log-potential is
 *     log G̃_k = β_k S_k − β_{k+1} S_{k+1} = (β_k − β_{k+1})·S_{k+1} + β_k·log G_k,
 * (β_{K+1} = 0), and the last step closes the lineage on r_0/λ, so Π G̃ = e^{r(x₀)/λ}: the target is unchanged.
 * For DIFF this is log G̃_k = (β_k r_k − β_{k+1} r_{k+1})/λ.
 *
 * - `none`: β ≡ 1 (the untempered potentials, bit for bit).
 * - `fixed`: β_k = 1 − k/K (linear) or 10^{−3k/K} (geometric), a function of the step only, so Ẑ stays unbiased.
 * - `adaptive`: a schedule chosen by bisection on the ESS of the incremental weights of a pilot run, built
 *   backwards from β_0 = 1 (smc/pilot.ts, which also says why not step by step); then used as a fixed one.
 *
 * The conditional ESS of each step (Zhou, Johansen & Aston 2016), reported for every run, is here too.
 */
import type { Tempering } from './spec';

/** The exponent of the geometric schedule's first β: β_K = 10^{−3}. */
const GEOMETRIC_DECADES = 3;

/** β_k of a fixed schedule at grid index k of K (k = K is the start, k = 0 the end, where β = 1). */
export function fixedBeta(schedule: 'linear' | 'geometric', k: number, K: number): number {
  if (k <= 0) return 1;
  return schedule === 'linear' ? 1 - k / K : Math.pow(10, (-GEOMETRIC_DECADES * k) / K);
}

/**
 * Conditional ESS of incremental log-weights `inc` given the current normalised weights W̄ (a count in [1, N]):
 * N·(Σ W̄ w)² / Σ W̄ w², with w = e^{inc}. Equal to the ESS of the increments when W̄ is uniform.
 */
export function conditionalEss(normalized: ArrayLike<number>, inc: ArrayLike<number>): number {
  const n = inc.length;
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (normalized[i] > 0 && inc[i] > max) max = inc[i];
  if (max === -Infinity) return n;
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    // A particle without weight adds nothing; skipped, since 0·e^{inc − max} is NaN when that exponential overflows.
    if (!(normalized[i] > 0)) continue;
    const w = Math.exp(inc[i] - max);
    s1 += normalized[i] * w;
    s2 += normalized[i] * w * w;
  }
  return s2 > 0 ? (n * s1 * s1) / s2 : n;
}

/** The tempered increment (β − β_prev)·S_prev + β·g (+ the transition log-ratio ρ), into `out`. */
export function temperedIncrement(
  beta: number,
  betaPrev: number,
  sumPrev: ArrayLike<number>,
  logG: ArrayLike<number>,
  ratio: ArrayLike<number> | null,
  out: Float64Array,
): Float64Array {
  const dBeta = beta - betaPrev;
  for (let i = 0; i < out.length; i++) {
    // With β = β_prev = 1 this is exactly g: the untempered run is reproduced to the bit.
    out[i] = (dBeta === 0 ? 0 : dBeta * sumPrev[i]) + beta * logG[i] + (ratio ? ratio[i] : 0);
  }
  return out;
}

/** β_k at grid index k of a run (k = K … 0), non-decreasing as k falls, 1 at k = 0. */
export type BetaSchedule = (k: number) => number;

/** The schedule of a fixed tempering, or of an adaptive one from its pilot's backward schedule (smc/pilot.ts). */
export function betaSchedule(tempering: Tempering, K: number, adaptive: Float64Array | null): BetaSchedule {
  switch (tempering.kind) {
    case 'none':
      return () => 1;
    case 'fixed':
      return (k) => fixedBeta(tempering.schedule, k, K);
    case 'adaptive':
      if (!adaptive) throw new Error('adaptive tempering needs its pilot schedule');
      return (k) => (k <= 0 ? 1 : adaptive[k]);
  }
}
