/**
 * Per-step chart quantities, one definition for every sampler (algorithms.md §5.4), plus weight utilities.
 * All weights are kept as float64 logs on the host; normalisation subtracts the max (§5.2).
 */
import type { StepStats } from './types';

/** W̄ = softmax(log W). */
export function normalizedWeights(logW: ArrayLike<number>): Float64Array {
  const n = logW.length;
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (logW[i] > max) max = logW[i];
  const w = new Float64Array(n);
  if (max === -Infinity) {
    w.fill(1 / n);
    return w;
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    w[i] = Math.exp(logW[i] - max);
    total += w[i];
  }
  for (let i = 0; i < n; i++) w[i] /= total;
  return w;
}

/** log Σ exp(v). */
export function logSumExp(v: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < v.length; i++) if (v[i] > max) max = v[i];
  if (max === -Infinity) return -Infinity;
  let s = 0;
  for (let i = 0; i < v.length; i++) s += Math.exp(v[i] - max);
  return max + Math.log(s);
}

/** ESS = (Σw)²/Σw² = 1/Σ W̄², in [1, N]; invariant to adding a constant to every log-weight. */
export function effectiveSampleSize(logW: ArrayLike<number>): number {
  const w = normalizedWeights(logW);
  let s2 = 0;
  for (let i = 0; i < w.length; i++) s2 += w[i] * w[i];
  return 1 / s2;
}

export function mean(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s / v.length;
}

/** Population variance (1/N Σ (v − v̄)²), the V_k of §5.4. */
export function variance(v: ArrayLike<number>): number {
  const m = mean(v);
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] - m) * (v[i] - m);
  return s / v.length;
}

export function weightedMean(values: ArrayLike<number>, weights: ArrayLike<number> | null): number {
  if (!weights) return mean(values);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += weights[i] * values[i];
  return s;
}

/** Mean of interleaved N×2 points. */
export function pointMean(points: ArrayLike<number>): [number, number] {
  const n = points.length / 2;
  let x = 0;
  let y = 0;
  for (let i = 0; i < n; i++) {
    x += points[2 * i];
    y += points[2 * i + 1];
  }
  return [x / n, y / n];
}

/** Sample covariance (1/N) of interleaved N×2 points. */
export function pointCovariance(points: ArrayLike<number>): [[number, number], [number, number]] {
  const [mx, my] = pointMean(points);
  const n = points.length / 2;
  let xx = 0;
  let xy = 0;
  let yy = 0;
  for (let i = 0; i < n; i++) {
    const dx = points[2 * i] - mx;
    const dy = points[2 * i + 1] - my;
    xx += dx * dx;
    xy += dx * dy;
    yy += dy * dy;
  }
  return [
    [xx / n, xy / n],
    [xy / n, yy / n],
  ];
}

function meanPairDistance(a: ArrayLike<number>, b: ArrayLike<number>, same: boolean): number {
  const na = a.length / 2;
  const nb = b.length / 2;
  let s = 0;
  for (let i = 0; i < na; i++) {
    const ax = a[2 * i];
    const ay = a[2 * i + 1];
    for (let j = same ? i + 1 : 0; j < nb; j++) {
      const dx = ax - b[2 * j];
      const dy = ay - b[2 * j + 1];
      s += Math.sqrt(dx * dx + dy * dy);
    }
  }
  return same ? (2 * s) / (na * na) : s / (na * nb);
}

/**
 * Energy distance D² = 2E‖X − Y‖ − E‖X − X'‖ − E‖Y − Y'‖ (V-statistic) between two interleaved
 * point sets. Zero iff the laws agree; used for "distance to the exact target".
 */
export function energyDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return 2 * meanPairDistance(a, b, false) - meanPairDistance(a, a, true) - meanPairDistance(b, b, true);
}

/**
 * Tracks log-weights along lineages and produces the StepStats of §5.4.
 * - `increment` is ℓ_k for each particle (null when the sampler has no weights, e.g. W-prox).
 * - `carried` is the running log W used for ESS and the weighted mean reward (before resampling).
 * - cumulative variance is Var_i[Σ_{j ≥ k} ℓ_j^i] along each particle's ancestry.
 */
export class LineageTracker {
  private cumulative: Float64Array;

  constructor(readonly n: number) {
    this.cumulative = new Float64Array(n);
  }

  record(args: {
    k: number;
    t: number;
    rewards: ArrayLike<number>;
    increment: ArrayLike<number> | null;
    logW: ArrayLike<number> | null;
    resampled?: boolean;
  }): StepStats {
    const weights = args.logW ? normalizedWeights(args.logW) : null;
    let logWeightVar: number | null = null;
    let logWeightVarCum: number | null = null;
    if (args.increment) {
      for (let i = 0; i < this.n; i++) this.cumulative[i] += args.increment[i];
      logWeightVar = variance(args.increment);
      logWeightVarCum = variance(this.cumulative);
    }
    return {
      k: args.k,
      t: args.t,
      meanReward: weightedMean(args.rewards, weights),
      logWeightVar,
      logWeightVarCum,
      // Without carried weights (the KL-tilt diagnostic, which never resamples) the lineage sums are the whole
      // log-weights, so their ESS is the one the cumulative variance describes (§5.4).
      ess: args.logW ? effectiveSampleSize(args.logW) : args.increment ? effectiveSampleSize(this.cumulative) : null,
      resampled: args.resampled ?? false,
    };
  }

  /** Reorder lineage sums after resampling with ancestor indices. */
  permute(ancestors: ArrayLike<number>): void {
    const next = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) next[i] = this.cumulative[ancestors[i]];
    this.cumulative = next;
  }

  cumulativeLogWeights(): Float64Array {
    return this.cumulative.slice();
  }
}
