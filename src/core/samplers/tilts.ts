/**
 * Exact tilts of any ε-denoiser by score-operator shifts, with one base call per step and no reward gradients.
 * - Linear tilt q ∝ p·e^{⟨θ,x⟩} (algorithms.md §3.2): x̂₀^q(x, t) = x̂₀^p(x + (σ_t²/α_t)θ, t) and
 *   ε_q(x, t) = ε_p(x + (σ_t²/α_t)θ, t) − (σ_t/α_t)θ.
 * - Isotropic concave quadratic q ∝ p·e^{−(γ/2)‖x‖² + ⟨θ,x⟩} (§3.3): a location and time shift,
 *   SNR_{t'} = SNR_t + γ, x' = (σ_{t'}²/α_{t'})(α_t x/σ_t² + θ), x̂₀^q(x, t) = x̂₀^p(x', t').
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { alpha, sigma, sigma2, snr, T_MIN, tOfSnr } from '../schedule';
import type { Vec2 } from '../linalg2';
import type { Denoiser } from '../types';

/** θ as something that broadcasts against [N, 2]: a constant row or a per-particle [N, 2] tensor. */
function thetaTensor(theta: Vec2 | Tensor2D): Tensor2D {
  return Array.isArray(theta) ? tf.tensor2d([theta[0], theta[1]], [1, 2]) : theta;
}

/**
 * The exact linear tilt of `base` by e^{⟨θ,x⟩} (§3.2). θ is a vector or a per-particle [N, 2] tensor (each particle
 * then follows its own tilt q_{θ_i}, as in the mixture of §3.4); a tensor θ stays owned by the caller and must outlive
 * the denoiser's use.
 */
export function linearShiftDenoiser(base: Denoiser, theta: Vec2 | Tensor2D): Denoiser {
  const shifted = (x: Tensor2D, t: number, th: Tensor2D) => tf.add(x, tf.mul(th, sigma2(t) / alpha(t))) as Tensor2D;
  return {
    name: `${base.name}+linear-shift`,
    eps(x, t) {
      return tf.tidy(() => {
        const th = thetaTensor(theta);
        return tf.sub(base.eps(shifted(x, t, th), t), tf.mul(th, sigma(t) / alpha(t))) as Tensor2D;
      });
    },
    x0(x, t) {
      return tf.tidy(() => base.x0(shifted(x, t, thetaTensor(theta)), t));
    },
  };
}

/**
 * The time t' with SNR_{t'} = SNR_t + γ (§3.3), clamped to t_min (the net is not trained below it; a small bias,
 * only when γ exceeds SNR_{t_min} ≈ 9·10³).
 */
export function shiftedTime(t: number, gamma: number): number {
  if (gamma === 0) return t;
  return Math.max(tOfSnr(snr(t) + gamma), T_MIN);
}

/**
 * The exact tilt of `base` by e^{−(γ/2)‖x‖² + ⟨θ,x⟩}, γ ≥ 0 (§3.3). Under q the posterior of x₀ given x_t is p(x₀)
 * times a Gaussian pseudo-likelihood of precision SNR_t + γ and mean m = (α_t x/σ_t² + θ)/(SNR_t + γ); under p at t'
 * it is p(x₀) times one of precision SNR_{t'} and mean x'/α_{t'}. Matching them gives x' = α_{t'} m, which equals
 * the §3.3 formula; with the clamp at t_min the same x' keeps the pseudo-observation's mean (only its precision is
 * reduced). Then x̂₀^q(x, t) = x̂₀^p(x', t'), and ε_q = (x − α_t x̂₀^q)/σ_t (−σ_t times the §3.3 score) expands to
 *   ε_q = (α_t σ_{t'})/(σ_t α_{t'}) · ε_p(x', t') + (γx − α_t θ)/(σ_t (SNR_t + γ)),
 * which is evaluated in this form: it avoids the cancellation in x − α_t x̂₀ and, with γ = 0, is exactly §3.2.
 */
export function quadraticTimeShiftDenoiser(base: Denoiser, gamma: number, theta: Vec2): Denoiser {
  if (!(gamma >= 0)) throw new Error(`the time shift needs a concave tilt (γ ≥ 0), got γ = ${gamma}`);
  const shiftedInput = (x: Tensor2D, t: number): { xs: Tensor2D; ts: number } => {
    const ts = shiftedTime(t, gamma);
    const scale = alpha(ts) / (snr(t) + gamma);
    const xs = tf.add(tf.mul(x, (scale * alpha(t)) / sigma2(t)), tf.tensor1d([theta[0] * scale, theta[1] * scale]));
    return { xs: xs as Tensor2D, ts };
  };
  return {
    name: `${base.name}+time-shift`,
    x0(x, t) {
      return tf.tidy(() => {
        const { xs, ts } = shiftedInput(x, t);
        return base.x0(xs, ts);
      });
    },
    eps(x, t) {
      return tf.tidy(() => {
        const { xs, ts } = shiftedInput(x, t);
        const ratio = (alpha(t) * sigma(ts)) / (sigma(t) * alpha(ts));
        const denom = sigma(t) * (snr(t) + gamma);
        const offset = tf.tensor1d([(-alpha(t) * theta[0]) / denom, (-alpha(t) * theta[1]) / denom]);
        return tf.add(tf.mul(base.eps(xs, ts), ratio), tf.add(tf.mul(x, gamma / denom), offset)) as Tensor2D;
      });
    },
  };
}
