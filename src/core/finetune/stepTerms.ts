/**
 * The per-step Gaussian policy of §1 with η = 1, as differentiable tensors:
 * m_θ(x_k) = μ̃(x_k, x̂0_θ(x_k)) with variance σ̃_k², log π_θ(x_{k−1} | x_k) summed over the two dimensions
 * (§1: sum, not the reference codes' mean), and the equal-variance Gaussian KL ‖m_θ − m_ref‖²/(2σ̃²) (§6.3).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { posteriorCoefficients } from '../schedule';
import { ancestralLaw, logProbLaw, x0FromEps } from '../samplers/chain';
import type { Denoiser } from '../types';

/** The step mean m(x) of `model` for the step t → s (ancestral, §1). */
export function stepMean(model: Denoiser, x: Tensor2D, t: number, s: number): Tensor2D {
  return tf.tidy(() => ancestralLaw(x, x0FromEps(x, model.eps(x, t), t), t, s).mean);
}

/** σ̃² of the step t → s. */
export function stepVariance(t: number, s: number): number {
  return posteriorCoefficients(t, s).variance;
}

/** log N(next; mean, vI), summed over the two dimensions. Shape [N]. */
export function gaussianLogProb(next: Tensor2D, mean: Tensor2D, variance: number): Tensor1D {
  return logProbLaw({ kind: 'gaussian', mean, variance }, next);
}

/** KL(N(a, vI) ‖ N(b, vI)) = ‖a − b‖²/(2v) per row (§6.3). Shape [N]. */
export function equalVarianceKl(a: Tensor2D, b: Tensor2D, variance: number): Tensor1D {
  return tf.tidy(() => tf.div(tf.sum(tf.square(tf.sub(a, b)), 1), 2 * variance) as Tensor1D);
}
