/**
 * Closed-form KL tilt of a Gaussian mixture (algorithms.md §2.3): q ∝ p·e^{r/λ} for a polynomial reward
 * r = −½xᵀAx + bᵀx + c, the ground-truth mean reward E r under a mixture, and the log-MGF of a mixture (§3.4 item 3).
 */
import { add2, det2, dot2, inv2, matVec2, quadForm2, scale2, sym2, trace2, matMul2, vadd } from '../linalg2';
import type { Mat2, Vec2 } from '../linalg2';
import { FieldError } from '../types';
import type { GmmSpec } from '../types';

/** Canonical polynomial reward r(x) = −½xᵀAx + bᵀx + c (A symmetric; A = 0 for a linear reward). */
export interface PolynomialReward {
  A: Mat2;
  b: Vec2;
  c: number;
}

export function logSumExpArray(v: number[]): number {
  const max = Math.max(...v);
  if (max === -Infinity) return -Infinity;
  return max + Math.log(v.reduce((s, x) => s + Math.exp(x - max), 0));
}

/** Smallest eigenvalue of a symmetric 2×2 matrix, computed stably. */
function minEig(m: Mat2): number {
  const mean = 0.5 * (m[0][0] + m[1][1]);
  const rad = Math.hypot(0.5 * (m[0][0] - m[1][1]), 0.5 * (m[0][1] + m[1][0]));
  return mean - rad;
}

/**
 * Tilt p = Σ π_k N(μ_k, S_k) by e^{r/λ} (§2.3). With Ã = A/λ, b̃ = b/λ and P_k = S_k⁻¹:
 * S_k' = (P_k + Ã)⁻¹, μ_k' = S_k'(P_k μ_k + b̃),
 * log z_k = ½(log|S_k'| − log|S_k|) + ½(μ_k'ᵀ(P_k + Ã)μ_k' − μ_kᵀP_kμ_k), π_k' ∝ π_k z_k,
 * log Z = log E_p e^{r/λ} = logsumexp_k(log π_k + log z_k) + c/λ.
 * Throws FieldError('sampler.lambda') when some P_k + Ã is not positive definite (the tilt is not normalisable).
 */
export function tiltGmm(spec: GmmSpec, poly: PolynomialReward, lambda: number): { spec: GmmSpec; logZ: number } {
  const At = scale2(poly.A, 1 / lambda);
  const bt: Vec2 = [poly.b[0] / lambda, poly.b[1] / lambda];
  const logTerms: number[] = [];
  const means: Vec2[] = [];
  const covs: Mat2[] = [];
  spec.weights.forEach((w, k) => {
    const S = spec.covs[k];
    const mu = spec.means[k];
    const P = inv2(S);
    const Pq = sym2(add2(P, At));
    const scale = Math.max(Math.abs(Pq[0][0]), Math.abs(Pq[1][1]), 1e-300);
    if (!(minEig(Pq) > 1e-12 * scale)) {
      throw new FieldError(
        'sampler.lambda',
        `the tilt exp(r/λ) is not normalisable for mixture component ${k + 1} at λ = ${lambda}: the reward grows ` +
          `faster than the component decays (increase λ)`,
      );
    }
    const Sq = sym2(inv2(Pq));
    const muq = matVec2(Sq, vadd(matVec2(P, mu), bt));
    const logZk = 0.5 * (Math.log(det2(Sq)) - Math.log(det2(S))) + 0.5 * (quadForm2(Pq, muq) - quadForm2(P, mu));
    logTerms.push(Math.log(w) + logZk);
    means.push(muq);
    covs.push(Sq);
  });
  const logZ0 = logSumExpArray(logTerms);
  return {
    spec: { weights: logTerms.map((l) => Math.exp(l - logZ0)), means, covs },
    logZ: logZ0 + poly.c / lambda,
  };
}

/** E r under a mixture: Σ π_k [−½ tr(A S_k) − ½ μ_kᵀAμ_k + bᵀμ_k] + c (§2.3 "ground-truth mean reward"). */
export function gmmExpectedReward(spec: GmmSpec, poly: PolynomialReward): number {
  let total = 0;
  spec.weights.forEach((w, k) => {
    const mu = spec.means[k];
    total += w * (-0.5 * trace2(matMul2(poly.A, spec.covs[k])) - 0.5 * quadForm2(poly.A, mu) + dot2(poly.b, mu));
  });
  return total + poly.c;
}

/** log M_p(θ) = log E_p e^{θ·x} = logsumexp_k(log π_k + θᵀμ_k + ½θᵀS_kθ) (§2.3 (i), §3.4 item 3). */
export function gmmLogMgf(spec: GmmSpec, theta: Vec2): number {
  return logSumExpArray(
    spec.weights.map((w, k) => Math.log(w) + dot2(theta, spec.means[k]) + 0.5 * quadForm2(spec.covs[k], theta)),
  );
}
