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
import type { Denoised, Denoiser, Reward } from '../types';
import { ddimLaw, denoiserStepLaw } from './chain';
import type { GaussianLaw } from './chain';
import { evaluateDenoiser } from './common';
import type { Evaluation } from './common';

/**
 * Jᵀ∇r(x̂₀(x, t)) per particle: the vector–Jacobian product ∇_x⟨x̂₀(x), g⟩ with g = ∇r(x̂₀) held fixed. `x0hat` is
 * x̂₀(x, t), already evaluated by the caller; the product costs one more forward (with its backward).
 */
function guidanceDirection(base: Denoiser, reward: Reward, x: Tensor2D, t: number, x0hat: Tensor2D): Tensor2D {
  return tf.tidy(() => {
    const g = tf.tidy(() => reward.grad(x0hat));
    const vjp = tf.grad((xi) => tf.sum(tf.mul(base.x0(xi as Tensor2D, t), g)));
    return vjp(x) as Tensor2D;
  });
}

/** The guided denoiser, which can also step from a base evaluation the sampler already has. */
export interface GuidedDenoiser extends Denoiser {
  /** ε_g(x, t) from the base model's ε̂ and x̂₀ at this same (x, t): one more forward (the vector–Jacobian product). */
  epsFrom(x: Tensor2D, t: number, base: Denoised): Tensor2D;
}

/**
 * ε_g = −σ_t (s_p + λ⁻¹ Jᵀ∇r(x̂₀)) = ε_p − (σ_t/λ) Jᵀ∇r(x̂₀), and the matching Tweedie estimate
 * x̂₀^ψ = x̂₀ + (σ_t²/(α_t λ)) Jᵀ∇r(x̂₀) (the TDS form of §3.1). Each costs two base forwards: ε_p and x̂₀ from one
 * evaluation, and the one under tf.grad (the vector–Jacobian product needs its own, differentiated forward);
 * `epsFrom` costs only the second.
 */
export function guidedDenoiser(base: Denoiser, reward: Reward, lambda: number): GuidedDenoiser {
  assertGradientsRegistered('guidance');
  const epsFrom = (x: Tensor2D, t: number, b: Denoised): Tensor2D =>
    tf.tidy(() => tf.sub(b.eps, tf.mul(guidanceDirection(base, reward, x, t, b.x0), sigma(t) / lambda)) as Tensor2D);
  return {
    name: `${base.name}+guidance`,
    epsFrom,
    eps(x, t) {
      return tf.tidy(() => {
        const { eps, x0 } = evaluateDenoiser(base, x, t, { eps: true, x0: true });
        return epsFrom(x, t, { eps: eps!, x0: x0! });
      });
    },
    x0(x, t) {
      return tf.tidy(() => {
        const x0 = base.x0(x, t);
        return tf.add(x0, tf.mul(guidanceDirection(base, reward, x, t, x0), sigma2(t) / (alpha(t) * lambda))) as Tensor2D;
      });
    },
  };
}

/**
 * The guided DDIM(η) step from x at t to s. With the base model's ε̂ and x̂₀ at x (the sampler's one evaluation of the
 * step) it costs one more forward; without them, two.
 */
export function guidedStepLaw(
  guided: GuidedDenoiser,
  x: Tensor2D,
  t: number,
  s: number,
  eta: number,
  base?: Evaluation | null,
): GaussianLaw {
  if (!base?.eps || !base.x0) return denoiserStepLaw(guided, x, t, s, eta);
  const eps = guided.epsFrom(x, t, { eps: base.eps, x0: base.x0 });
  try {
    return ddimLaw(x, eps, t, s, eta);
  } finally {
    eps.dispose();
  }
}
