/**
 * Continuous-time VP schedule (algorithms.md §1).
 * β(t) = β_min + t(β_max − β_min), α_t = exp(−½(β_min t + ½(β_max − β_min)t²)), σ_t² = 1 − α_t².
 * All functions take and return plain numbers: the schedule is evaluated on the host and
 * enters tensor code as scalars.
 */
export const BETA_MIN = 0.1;
export const BETA_MAX = 20;
export const T_MIN = 1e-3;

export function logAlpha(t: number): number {
  return -0.5 * (BETA_MIN * t + 0.5 * (BETA_MAX - BETA_MIN) * t * t);
}

export function alpha(t: number): number {
  return Math.exp(logAlpha(t));
}

/** σ_t² = 1 − α_t², computed with expm1 so it stays accurate for small t. */
export function sigma2(t: number): number {
  return -Math.expm1(2 * logAlpha(t));
}

export function sigma(t: number): number {
  return Math.sqrt(sigma2(t));
}

export function snr(t: number): number {
  return Math.exp(2 * logAlpha(t)) / sigma2(t);
}

/** Closed-form inverse of SNR_t (§1): c = −log(SNR/(1+SNR)), t = (−β_min + √(β_min² + 4Ac)) / 2A. */
export function tOfSnr(s: number): number {
  const c = Math.log1p(1 / s);
  const A = 0.5 * (BETA_MAX - BETA_MIN);
  return (-BETA_MIN + Math.sqrt(BETA_MIN * BETA_MIN + 4 * A * c)) / (2 * A);
}

/** Sampling grid t_k = t_min + (1 − t_min)k/K, k = 0..K (index k ↔ time t_k; sampling runs k = K → 0). */
export function timeGrid(steps: number, tMin = T_MIN): number[] {
  const grid: number[] = [];
  for (let k = 0; k <= steps; k++) grid.push(tMin + ((1 - tMin) * k) / steps);
  return grid;
}

/** Forward transition s < t: x_t = a x_s + √b ε with a = α_t/α_s, b = σ²_{t|s} = 1 − α_t²/α_s². */
export function transition(t: number, s: number): { a: number; b: number } {
  const d = logAlpha(t) - logAlpha(s);
  return { a: Math.exp(d), b: -Math.expm1(2 * d) };
}

/**
 * DDPM posterior q(x_s | x_t, x_0) = N(cx·x_t + c0·x_0, v I) (§1):
 * cx = a σ_s²/σ_t², c0 = α_s σ²_{t|s}/σ_t², v = σ²_{t|s} σ_s²/σ_t².
 */
export function posteriorCoefficients(t: number, s: number): { cx: number; c0: number; variance: number } {
  const { a, b } = transition(t, s);
  const s2t = sigma2(t);
  const s2s = sigma2(s);
  return { cx: (a * s2s) / s2t, c0: (alpha(s) * b) / s2t, variance: (b * s2s) / s2t };
}
