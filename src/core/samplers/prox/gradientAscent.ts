/**
 * W-prox oracle for a concave reward without a closed form (§4 "Concave r"): the objective is λ_W-strongly
 * concave and (S + λ_W)-smooth (S = reward.smoothness), so gradient ascent y ← y + η(∇r(y) − λ_W(y − x)) with
 * η = 1/(S + λ_W), started at y = x, converges linearly with ratio 1 − λ_W/(S + λ_W) to the unique maximiser.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import type { Reward } from '../../types';
import { maxProxResidual, proxGradient } from './objective';

export interface GradientAscentResult {
  y: Tensor2D;
  iterations: number;
  /** Final max_i ‖∇r(y_i) − λ_W(y_i − x_i)‖. */
  residual: number;
  converged: boolean;
}

/** The stopping rule of §4: residual below 1e-6. */
export const RESIDUAL_TOLERANCE = 1e-6;
/** The residual is read back (one GPU sync) only every this many iterations. */
const CHECK_EVERY = 10;

export async function gradientAscentProx(
  reward: Reward,
  x: Tensor2D,
  lambdaW: number,
  tolerance = RESIDUAL_TOLERANCE,
): Promise<GradientAscentResult> {
  const S = reward.smoothness;
  if (!reward.concave || S === undefined) throw new Error('gradient ascent needs a concave reward with a smoothness bound');
  const step = 1 / (S + lambdaW);
  // Enough iterations to shrink the error by 1e9 at the linear rate; float32 round-off may stop it earlier.
  const maxIterations = Math.min(100_000, Math.ceil(((S + lambdaW) / lambdaW) * Math.log(1e9)) + CHECK_EVERY);
  let y = x.clone();
  let iterations = 0;
  let residual = await maxProxResidual(reward, x, y, lambdaW);
  try {
    while (residual > tolerance && iterations < maxIterations) {
      for (let j = 0; j < CHECK_EVERY; j++) {
        const next = tf.tidy(() => tf.add(y, tf.mul(proxGradient(reward, x, y, lambdaW), step)) as Tensor2D);
        y.dispose();
        y = next;
      }
      iterations += CHECK_EVERY;
      residual = await maxProxResidual(reward, x, y, lambdaW);
    }
  } catch (e) {
    y.dispose();
    throw e;
  }
  return { y, iterations, residual, converged: residual <= tolerance };
}
