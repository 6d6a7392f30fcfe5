/**
 * Time features of the learned denoiser: 16 sinusoids of the log signal-to-noise ratio.
 *
 * u(t) = log SNR_t / 10, which runs from about +0.92 at t = t_min (10⁻³) to about −1.01 at t = 1 (§1 schedule).
 * Features: sin(ω_j u) and cos(ω_j u) for 8 frequencies ω_j = 32^{j/7}, j = 0..7 (1 to 32 radians per unit
 * of u, i.e. the finest period is about 2 units of log-SNR). Log-SNR rather than t spreads the features
 * evenly over the noise levels that matter, and the features are defined for any continuous t ∈ (0, 1], which
 * the §3.3 time shift needs.
 */
import { logAlpha, sigma2 } from '../schedule';

export const TIME_FEATURE_COUNT = 16;
const FREQUENCIES = Array.from({ length: TIME_FEATURE_COUNT / 2 }, (_, j) => Math.pow(32, j / (TIME_FEATURE_COUNT / 2 - 1)));

/** log SNR_t = 2 log α_t − log σ_t² (log space: stays finite for t near 0 and near 1). */
export function logSnr(t: number): number {
  return 2 * logAlpha(t) - Math.log(sigma2(t));
}

/** Writes the 16 features of time t into `out` at `offset`. */
export function writeTimeFeatures(t: number, out: Float32Array, offset: number): void {
  const u = logSnr(t) / 10;
  for (let j = 0; j < FREQUENCIES.length; j++) {
    out[offset + 2 * j] = Math.sin(FREQUENCIES[j] * u);
    out[offset + 2 * j + 1] = Math.cos(FREQUENCIES[j] * u);
  }
}

export function timeFeatures(t: number): Float32Array {
  const out = new Float32Array(TIME_FEATURE_COUNT);
  writeTimeFeatures(t, out, 0);
  return out;
}
