/**
 * The optimal twist of the tilted GMM (algorithms.md §2.4): ψ_t(x) = E_p[e^{r(x_0)/λ} | x_t = x] = Z·q_t(x)/p_t(x),
 * with q_t the noised closed-form tilt (§2.1 applied to §2.3). Exact, and cheap in log space.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { GmmDenoiser } from '../models/gmm';
import type { GmmSpec } from '../types';
import { tiltGmm } from './tilt';
import type { PolynomialReward } from './tilt';

/** log ψ_t(x) = log Z + log q_t(x) − log p_t(x), shape [N]. */
export function logPsi(base: GmmSpec, poly: PolynomialReward, lambda: number, x: Tensor2D, t: number): Tensor1D {
  const tilted = tiltGmm(base, poly, lambda);
  const p = new GmmDenoiser(base);
  const q = new GmmDenoiser(tilted.spec);
  return tf.tidy(() => tf.add(tf.sub(q.logDensity(x, t), p.logDensity(x, t)), tilted.logZ) as Tensor1D);
}
