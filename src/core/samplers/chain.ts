/**
 * The reverse-chain building blocks every sampler shares (algorithms.md §1, §2.2):
 * the law of one step x_t → x_s (a Gaussian for DDPM/DDIM, a per-particle mixture for the exact GMM kernel),
 * how to draw from it with host-generated noise, and its log-density.
 *
 * Noise is generated on the host from the seeded Rng and uploaded, so a scenario gives the same numbers
 * on every backend (up to float rounding).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { alpha, posteriorCoefficients, sigma, sigma2 } from '../schedule';
import { det2, inv2 } from '../linalg2';
import type { Mat2 } from '../linalg2';
import { GmmDenoiser, LOG_2PI, mixtureCholeskys } from '../models/gmm';
import type { MixtureLaw } from '../models/gmm';
import type { Rng } from '../rng';
import type { Denoiser, GmmSpec } from '../types';

export type { MixtureLaw };

/** N(mean, variance·I) per particle; variance 0 means a deterministic step (DDIM η = 0). */
export interface GaussianLaw {
  kind: 'gaussian';
  mean: Tensor2D;
  variance: number;
}

export type StepLaw = GaussianLaw | MixtureLaw;

/** Host-side noise for one step: standard normals (N×2) and, for mixtures, Gumbel(0,1) draws (N×K). */
export interface StepNoise {
  z: Float32Array;
  gumbel?: Float32Array;
}

export function drawNoise(rng: Rng, n: number, components = 0): StepNoise {
  const z = rng.normals(2 * n);
  if (components <= 0) return { z };
  // Computed in float64 on the host: −log(−log u) of a float32-rounded u could reach u = 1 and give +∞.
  const gumbel = new Float32Array(n * components);
  for (let i = 0; i < gumbel.length; i++) gumbel[i] = -Math.log(-Math.log(rng.uniformOpen()));
  return { z, gumbel };
}

/** x_{t_K} ~ N(0, I): α_1 ≈ 0.006, so the terminal law is pure noise (§3.2). */
export function initialParticles(rng: Rng, n: number): Tensor2D {
  return tf.tensor2d(rng.normals(2 * n), [n, 2]);
}

/** x̂_0 = (x − σ_t ε̂)/α_t (Tweedie from ε, §1). */
export function x0FromEps(x: Tensor2D, eps: Tensor2D, t: number): Tensor2D {
  return tf.tidy(() => tf.div(tf.sub(x, tf.mul(eps, sigma(t))), alpha(t)) as Tensor2D);
}

/** ε̂ = (x − α_t x̂_0)/σ_t. */
export function epsFromX0(x: Tensor2D, x0: Tensor2D, t: number): Tensor2D {
  return tf.tidy(() => tf.div(tf.sub(x, tf.mul(x0, alpha(t))), sigma(t)) as Tensor2D);
}

/** Ancestral (DDPM) step mean μ̃(x_t, x̂_0) and variance σ̃² (§1). */
export function ancestralLaw(x: Tensor2D, x0hat: Tensor2D, t: number, s: number): GaussianLaw {
  const { cx, c0, variance } = posteriorCoefficients(t, s);
  const mean = tf.tidy(() => tf.add(tf.mul(x, cx), tf.mul(x0hat, c0)) as Tensor2D);
  return { kind: 'gaussian', mean, variance };
}

/**
 * DDIM step with η (§1): x_s = α_s x̂_0 + √(σ_s² − η²σ̃²) ε̂ + η σ̃ z. With η = 1 this is the ancestral step.
 */
export function ddimLaw(x: Tensor2D, eps: Tensor2D, t: number, s: number, eta: number): GaussianLaw {
  const { variance } = posteriorCoefficients(t, s);
  const v = eta * eta * variance;
  const dirScale = Math.sqrt(Math.max(sigma2(s) - v, 0));
  const mean = tf.tidy(() => {
    const x0hat = x0FromEps(x, eps, t);
    return tf.add(tf.mul(x0hat, alpha(s)), tf.mul(eps, dirScale)) as Tensor2D;
  });
  return { kind: 'gaussian', mean, variance: v };
}

/** The model's step law from an ε-prediction at x_t. */
export function denoiserStepLaw(denoiser: Denoiser, x: Tensor2D, t: number, s: number, eta: number): GaussianLaw {
  const eps = denoiser.eps(x, t);
  const law = ddimLaw(x, eps, t, s, eta);
  eps.dispose();
  return law;
}

/** The exact GMM reverse kernel (§2.2) of a mixture spec. */
export function exactKernelLaw(spec: GmmSpec, x: Tensor2D, t: number, s: number): MixtureLaw {
  return new GmmDenoiser(spec).reverseKernel(x, t, s);
}

export function lawComponents(law: StepLaw): number {
  return law.kind === 'mixture' ? law.means.length : 0;
}

/** Draw x_s from a step law with the given host noise. */
export function sampleLaw(law: StepLaw, noise: StepNoise): Tensor2D {
  return tf.tidy(() => {
    const n = law.kind === 'gaussian' ? law.mean.shape[0] : law.logits.shape[0];
    const z = tf.tensor2d(noise.z, [n, 2]);
    if (law.kind === 'gaussian') {
      return law.variance > 0 ? (tf.add(law.mean, tf.mul(z, Math.sqrt(law.variance))) as Tensor2D) : law.mean.clone();
    }
    const K = law.means.length;
    if (!noise.gumbel || noise.gumbel.length !== n * K) throw new Error('mixture step needs N×K Gumbel draws');
    // Gumbel-max: argmax_k (logits_k + g_k) is a draw from softmax(logits).
    const gumbel = tf.tensor2d(noise.gumbel, [n, K]);
    // tf.oneHot needs depth ≥ 2: a one-component mixture always picks its only component.
    const pick = K === 1 ? tf.ones([n, 1]) : tf.cast(tf.oneHot(tf.argMax(tf.add(law.logits, gumbel), 1), K), 'float32');
    const chols = mixtureCholeskys(law);
    const parts = law.means.map((m, k) => {
      const L = chols[k];
      // Row form of L z is z Lᵀ.
      const LT = tf.tensor2d([L[0][0], L[1][0], L[0][1], L[1][1]], [2, 2]);
      const draw = tf.add(m, tf.matMul(z, LT));
      return tf.mul(tf.slice(pick, [0, k], [-1, 1]), draw);
    });
    return tf.addN(parts) as Tensor2D;
  });
}

/** log density of x_s under the law, summed over the two dimensions (§1: sum, not mean). Shape [N]. */
export function logProbLaw(law: StepLaw, xs: Tensor2D): Tensor1D {
  return tf.tidy(() => {
    if (law.kind === 'gaussian') {
      if (!(law.variance > 0)) throw new Error('a deterministic step (η = 0) has no log-density');
      const sq = tf.sum(tf.square(tf.sub(xs, law.mean)), 1);
      return tf.sub(tf.mul(sq, -0.5 / law.variance), Math.log(2 * Math.PI * law.variance)) as Tensor1D;
    }
    const logNorm = tf.logSumExp(law.logits, 1, true);
    const cols = law.means.map((m, k) => {
      const cov: Mat2 = law.covs[k];
      const P = inv2(cov);
      const d = tf.sub(xs, m);
      const quad = tf.sum(tf.mul(tf.matMul(d, tf.tensor2d([P[0][0], P[0][1], P[1][0], P[1][1]], [2, 2])), d), 1);
      return tf.sub(tf.mul(quad, -0.5), 0.5 * Math.log(det2(cov)) + LOG_2PI);
    });
    const comp = tf.stack(cols, 1);
    return tf.logSumExp(tf.add(tf.sub(law.logits, logNorm), comp), 1) as Tensor1D;
  });
}

export function disposeLaw(law: StepLaw): void {
  if (law.kind === 'gaussian') law.mean.dispose();
  else {
    law.logits.dispose();
    law.means.forEach((m) => m.dispose());
  }
}
