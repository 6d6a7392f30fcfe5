/**
 * The KL tilt of a max-linear reward r = max_j ℓ_j, ℓ_j(x) = θ_j·x + b_j, as a mixture of linear tilts with an exact
 * correction (algorithms.md §3.4, log-sum-exp case with atoms u_j = θ_j/λ):
 *   p·Σ_j e^{ℓ_j/λ} = Σ_j e^{b_j/λ} M_p(θ_j/λ) · q_{θ_j/λ},  so  ρ_j ∝ e^{b_j/λ} M_p(θ_j/λ),
 * each particle draws a piece j ~ ρ and follows the linear tilt q_{θ_j/λ} (§3.2), and the proposal is corrected to
 * q ∝ p·e^{r/λ} by the self-normalised weight w = e^{r/λ}/Σ_j e^{ℓ_j/λ} ∈ [1/m, 1] (so the ESS stays ≥ N/m).
 */
import type { Vec2 } from '../../linalg2';
import type { Rng } from '../../rng';
import { logSumExp } from '../../diagnostics';
import { logSumExpArray } from '../../exact';

export interface MixingLaw {
  /** Tilt vectors θ_j/λ of the pieces. */
  tilts: Vec2[];
  /** ρ_j (sums to 1). */
  rho: number[];
  /** log Σ_j e^{b_j/λ} M_p(θ_j/λ): the normaliser of the proposal p·Σ_j e^{ℓ_j/λ}. */
  logNormaliser: number;
}

/** ρ from the pieces and their log-MGFs log M_p(θ_j/λ). */
export function mixingLaw(thetas: Vec2[], biases: number[], lambda: number, logMgfs: number[]): MixingLaw {
  const logTerms = biases.map((b, j) => b / lambda + logMgfs[j]);
  const logNormaliser = logSumExpArray(logTerms);
  return {
    tilts: thetas.map((t) => [t[0] / lambda, t[1] / lambda] as Vec2),
    rho: logTerms.map((l) => Math.exp(l - logNormaliser)),
    logNormaliser,
  };
}

/** Per-particle tilt vectors (N×2 interleaved) of pieces drawn iid from ρ. */
export function drawTilts(law: MixingLaw, n: number, rng: Rng): Float32Array {
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const j = rng.categorical(law.rho);
    out[2 * i] = law.tilts[j][0];
    out[2 * i + 1] = law.tilts[j][1];
  }
  return out;
}

/** log w(x) = max_j ℓ_j(x)/λ − logsumexp_j ℓ_j(x)/λ ∈ [−log m, 0] for each interleaved point (float64, host). */
export function correctionLogWeights(points: ArrayLike<number>, thetas: Vec2[], biases: number[], lambda: number): Float64Array {
  const n = points.length / 2;
  const out = new Float64Array(n);
  const scaled = new Array<number>(thetas.length);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    thetas.forEach((t, j) => {
      scaled[j] = (t[0] * points[2 * i] + t[1] * points[2 * i + 1] + biases[j]) / lambda;
      if (scaled[j] > max) max = scaled[j];
    });
    let sum = 0;
    for (let j = 0; j < thetas.length; j++) sum += Math.exp(scaled[j] - max);
    out[i] = -Math.log(sum);
  }
  return out;
}

/**
 * log Ẑ = log Σ_j e^{b_j/λ} M_p(θ_j/λ) + log mean_i w_i, unbiased for Z = E_p e^{r/λ} in Ẑ (given exact M_p):
 * e^{r/λ}·p/g = (Σ_j e^{b_j/λ} M_p(θ_j/λ))·w for the proposal density g.
 */
export function logZEstimate(law: MixingLaw, logWeights: Float64Array): number {
  return law.logNormaliser + logSumExp(logWeights) - Math.log(logWeights.length);
}
