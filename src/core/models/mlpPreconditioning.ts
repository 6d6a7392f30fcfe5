/**
 * Input and output scaling of the learned denoiser: a "Gaussian skip".
 *
 * With data mean m and covariance C, the noised data at time t has mean α_t m and covariance
 * Σ_t = α_t² C + σ_t² I (§2.1 with one component). The network sees the whitened, amplified input
 * z = g·L_t⁻¹ (x − α_t m), L_t L_tᵀ = Σ_t, with gain g = INPUT_GAIN, and predicts only the residual of ε over
 * the exact ε of that Gaussian,
 * ε_G(x, t) = σ_t Σ_t⁻¹ (x − α_t m)   (ε* = −σ_t ∇log p_t, §2.1):
 *     ε(x, t) = ε_G(x, t) + net(z, features(t)).
 * Why: far from the data, where the §3.2 shift x + (σ_t²/α_t)θ lands at large t, ε grows linearly in x and
 * the exact −(σ_t/α_t)θ cancellation of §3.2 happens inside ε_G, in closed form. The network is left with a
 * bounded residual (of order α_t‖m − E[x_0 | x]‖ there), which it can learn from widened training inputs.
 *
 * The gain: with g = 1 a freshly initialised 128³ network sat on a plateau (held-out loss unchanged after
 * 1,500 Adam steps on the two-mode GMM and the checkerboard), because 16 time features of size ~1 drown two
 * unit-scale coordinates in the first layer. g = 3…10 all learned at once (loss down by 300 steps); 5 is used.
 */
import { add2, chol2, I2, inv2, scale2, transpose2 } from '../linalg2';
import type { Mat2, Vec2 } from '../linalg2';
import { alpha, sigma, sigma2 } from '../schedule';
import { pointCovariance, pointMean } from '../diagnostics';

export const INPUT_GAIN = 5;

/** First two moments of the training data. */
export interface DataMoments {
  mean: Vec2;
  cov: Mat2;
}

/** The affine maps of the Gaussian skip at one time t, as row-vector matrices (x_row · M). */
export interface SkipAtTime {
  /** α_t m */
  center: Vec2;
  /** g·(L_t⁻¹)ᵀ, so that z_row = (x − α_t m)_row · whitenT. */
  whitenT: Mat2;
  /** (σ_t Σ_t⁻¹)ᵀ = σ_t Σ_t⁻¹ (symmetric), so that ε_G,row = (x − α_t m)_row · epsGainT. */
  epsGainT: Mat2;
}

export function skipAtTime(moments: DataMoments, t: number): SkipAtTime {
  const a = alpha(t);
  const cov = add2(scale2(moments.cov, a * a), scale2(I2, sigma2(t)));
  const precision = inv2(cov);
  return {
    center: [a * moments.mean[0], a * moments.mean[1]],
    whitenT: scale2(transpose2(inv2(chol2(cov))), INPUT_GAIN),
    epsGainT: scale2(precision, sigma(t)),
  };
}

/**
 * Sample mean and (1/n) covariance of interleaved points, plus a small ridge (10⁻⁴ of the mean variance) so
 * that Σ_t stays invertible as t → 0 even for degenerate data (points on a line, repeated points).
 */
export function momentsOf(points: Float32Array): DataMoments {
  const cov = pointCovariance(points);
  const ridge = 1e-4 * Math.max((cov[0][0] + cov[1][1]) / 2, 1e-4);
  return {
    mean: pointMean(points),
    cov: [
      [cov[0][0] + ridge, cov[0][1]],
      [cov[1][0], cov[1][1] + ridge],
    ],
  };
}
