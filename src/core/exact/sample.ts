/** Exact draws from a Gaussian mixture, on the host (for ground-truth comparisons and energy distances). */
import { chol2 } from '../linalg2';
import type { Rng } from '../rng';
import type { GmmSpec } from '../types';

/** n exact draws from Σ π_k N(μ_k, S_k), interleaved N×2: pick k ~ π, then μ_k + L_k z with L_k L_kᵀ = S_k. */
export function sampleGmm(spec: GmmSpec, n: number, rng: Rng): Float32Array {
  const chols = spec.covs.map((S) => chol2(S));
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const k = rng.categorical(spec.weights);
    const L = chols[k];
    const z0 = rng.normal();
    const z1 = rng.normal();
    out[2 * i] = spec.means[k][0] + L[0][0] * z0;
    out[2 * i + 1] = spec.means[k][1] + L[1][0] * z0 + L[1][1] * z1;
  }
  return out;
}
