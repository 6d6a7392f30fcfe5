/**
 * Reward-gradient guidance (algorithms.md §3.1): log ψ_t(x) ≈ r(x̂₀(x, t))/λ, so the guided score is
 * s_g = s_p + λ⁻¹ Jᵀ∇r(x̂₀) with J = ∂x̂₀/∂x_t taken through the denoiser by tf.grad (not the Jacobian-free shortcut
 * J ≈ I/α_t, whose drift θ/α_t blows up at high noise). Approximate: exact only when the posterior covariance of x₀
 * given x_t is constant (a single-Gaussian base with a linear reward); its error is O(‖θ‖²) otherwise.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { assertGradientsRegistered } from '../gradients';
import { alpha, sigma, sigma2 } from '../schedule';
import type { Denoiser, Reward } from '../types';

/** Jᵀ∇r(x̂₀(x, t)) per particle: the vector–Jacobian product ∇_x⟨x̂₀(x), g⟩ with g = ∇r(x̂₀) held fixed. */
function guidanceDirection(base: Denoiser, reward: Reward, x: Tensor2D, t: number): Tensor2D {
  return tf.tidy(() => {
    const g = tf.tidy(() => reward.grad(base.x0(x, t)));
    const vjp = tf.grad((xi) => tf.sum(tf.mul(base.x0(xi as Tensor2D, t), g)));
    return vjp(x) as Tensor2D;
  });
}

/**
 * ε_g = −σ_t (s_p + λ⁻¹ Jᵀ∇r(x̂₀)) = ε_p − (σ_t/λ) Jᵀ∇r(x̂₀), and the matching Tweedie estimate
 * x̂₀^ψ = x̂₀ + (σ_t²/(α_t λ)) Jᵀ∇r(x̂₀) (the TDS form of §3.1).
 */
export function guidedDenoiser(base: Denoiser, reward: Reward, lambda: number): Denoiser {
  assertGradientsRegistered('guidance');
  return {
    name: `${base.name}+guidance`,
    eps(x, t) {
      return tf.tidy(() => tf.sub(base.eps(x, t), tf.mul(guidanceDirection(base, reward, x, t), sigma(t) / lambda)) as Tensor2D);
    },
    x0(x, t) {
      return tf.tidy(
        () => tf.add(base.x0(x, t), tf.mul(guidanceDirection(base, reward, x, t), sigma2(t) / (alpha(t) * lambda))) as Tensor2D,
      );
    },
  };
}
