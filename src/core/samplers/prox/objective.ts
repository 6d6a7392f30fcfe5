/** The W-prox objective and its stationarity residual (algorithms.md §4, cost ½‖y − x‖²). */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import type { Reward } from '../../types';

/** r(y) − (λ_W/2)‖y − x‖² per row. */
export function proxObjective(reward: Reward, x: Tensor2D, y: Tensor2D, lambdaW: number): Tensor1D {
  return tf.tidy(() => tf.sub(reward.value(y), tf.mul(tf.sum(tf.square(tf.sub(y, x)), 1), lambdaW / 2)) as Tensor1D);
}

/** ∇r(y) − λ_W(y − x) per row: zero exactly at a stationary point of the objective. */
export function proxGradient(reward: Reward, x: Tensor2D, y: Tensor2D, lambdaW: number): Tensor2D {
  return tf.tidy(() => tf.sub(reward.grad(y), tf.mul(tf.sub(y, x), lambdaW)) as Tensor2D);
}

/** max over rows of ‖∇r(y) − λ_W(y − x)‖, read back. */
export async function maxProxResidual(reward: Reward, x: Tensor2D, y: Tensor2D, lambdaW: number): Promise<number> {
  const m = tf.tidy(() => tf.max(tf.sqrt(tf.sum(tf.square(proxGradient(reward, x, y, lambdaW)), 1))));
  const v = (await m.data())[0];
  m.dispose();
  return v;
}
