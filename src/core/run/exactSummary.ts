/**
 * Ground-truth figures for a finished run on the analytic GMM: whatever closed form the (model, reward, sampler)
 * triple has (the tilted GMM §2.3, the W-prox pushforward §2.5, or the base itself), and how far the run's samples
 * are from it, measured by the energy distance to exact draws of the target.
 */
import { energyDistance } from '../diagnostics';
import { sampleGmm } from '../exact';
import { Rng } from '../rng';
import type { ExactTarget } from '../exact/target';

export interface ExactFigures {
  logZ?: number;
  exactMeanReward: number;
  exactTransportCost?: number;
  energyDistance: number;
  target: string;
}

/** The default number of exact draws (and of run samples) the energy distance compares; it costs O(n²). */
export const DEFAULT_EXACT_SAMPLE_CAP = 4096;

/**
 * Exact figures for `samples` (N×2 interleaved) against the run's closed-form target (run/prepare.ts). The exact draws
 * come from a stream of their own (seeded by the scenario seed), so the distance is reproducible and independent
 * of the chain's noise.
 */
export function exactFigures(target: ExactTarget, samples: Float32Array, seed: number, cap = DEFAULT_EXACT_SAMPLE_CAP): ExactFigures {
  const n = samples.length / 2;
  const m = Math.max(1, Math.min(n, Math.floor(cap)));
  const draws = sampleGmm(target.spec, m, new Rng(seed, 'run/exact-target'));
  return {
    logZ: target.logZ,
    exactMeanReward: target.meanReward,
    exactTransportCost: target.transportCost,
    energyDistance: energyDistance(evenSubset(samples, m), draws),
    target: target.description,
  };
}

/** m of the n interleaved points, evenly spaced by index (all of them when m = n). */
function evenSubset(points: Float32Array, m: number): Float32Array {
  const n = points.length / 2;
  if (m >= n) return points;
  const out = new Float32Array(2 * m);
  for (let j = 0; j < m; j++) {
    const i = Math.floor((j * n) / m);
    out[2 * j] = points[2 * i];
    out[2 * j + 1] = points[2 * i + 1];
  }
  return out;
}
