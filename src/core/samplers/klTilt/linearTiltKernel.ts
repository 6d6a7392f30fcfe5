/**
 * The exact reverse kernel (algorithms.md §2.2) of a GMM tilted by e^{⟨θ_i,x⟩}, with a θ_i per particle.
 * A linear tilt keeps every covariance (§2.3 (i): S_k' = S_k, μ_k' = μ_k + S_kθ, log π_k' = log π_k + θᵀμ_k +
 * ½θᵀS_kθ + const), so the kernel's component covariances C₁ − aGC₁ are those of the base kernel and only the
 * mixture logits and the means depend on the particle. With θ = 0 this is GmmDenoiser.reverseKernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { add2, det2, I2, inv2, matMul2, scale2, sym2, transpose2 } from '../../linalg2';
import type { Mat2 } from '../../linalg2';
import { alpha, sigma2, transition } from '../../schedule';
import { LOG_2PI } from '../../models/gmm';
import type { MixtureLaw } from '../../models/gmm';
import type { GmmSpec } from '../../types';

function matT(m: Mat2): Tensor2D {
  return tf.tensor2d([m[0][0], m[0][1], m[1][0], m[1][1]], [2, 2]);
}

/** p_θ(x_s | x_t) for the tilted mixture, per particle (θ: [N, 2], caller-owned). */
export function linearTiltKernelLaw(spec: GmmSpec, theta: Tensor2D, x: Tensor2D, t: number, s: number): MixtureLaw {
  const { a, b } = transition(t, s);
  const at = alpha(t);
  const as = alpha(s);
  const covs: Mat2[] = [];
  const means: Tensor2D[] = [];
  const logitCols: Tensor2D[] = [];
  spec.weights.forEach((w, k) => {
    const S = spec.covs[k];
    const mu = spec.means[k];
    const Sigma = add2(scale2(S, at * at), scale2(I2, sigma2(t)));
    const P = sym2(inv2(Sigma));
    const C1 = add2(scale2(S, as * as), scale2(I2, sigma2(s)));
    const G = scale2(matMul2(C1, inv2(add2(scale2(C1, a * a), scale2(I2, b)))), a);
    covs.push(sym2(add2(C1, scale2(matMul2(G, C1), -a))));
    const [logit, mean] = tf.tidy(() => {
      // μ_k'(i) = μ_k + S_k θ_i, in row form θ_i S_k (S_k symmetric).
      const muTilt = tf.add(tf.tensor1d(mu), tf.matMul(theta, matT(S)));
      const logPi = tf.add(
        tf.add(Math.log(w), tf.squeeze(tf.matMul(theta, tf.tensor2d([mu[0], mu[1]], [2, 1])), [1])),
        tf.mul(tf.sum(tf.mul(tf.matMul(theta, matT(S)), theta), 1), 0.5),
      );
      const d = tf.sub(x, tf.mul(muTilt, at));
      const quad = tf.sum(tf.mul(tf.matMul(d, matT(P)), d), 1);
      const logitK = tf.sub(tf.sub(logPi, tf.mul(quad, 0.5)), 0.5 * Math.log(det2(Sigma)) + LOG_2PI);
      // m₁ + G(x − a m₁) = Gx + (I − aG)m₁ with m₁ = α_s μ_k'; row form x Gᵀ + m₁ (I − aG)ᵀ.
      const IaG = add2(I2, scale2(G, -a));
      const meanK = tf.add(tf.matMul(x, matT(transpose2(G))), tf.matMul(tf.mul(muTilt, as), matT(transpose2(IaG))));
      return [tf.reshape(logitK, [-1, 1]) as Tensor2D, meanK as Tensor2D];
    });
    logitCols.push(logit);
    means.push(mean);
  });
  const logits = tf.concat(logitCols, 1) as Tensor2D;
  logitCols.forEach((c) => c.dispose());
  return { kind: 'mixture', logits, means, covs };
}
