/** Linear reward r(x) = θ·x (architecture.md "Reward contract"; W-prox closed form T(x) = x + θ/λ_W, §2.5). */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import type { Vec2 } from '../linalg2';
import type { Reward } from '../types';
import { formatAffine } from './format';

export function linearReward(theta: Vec2): Reward {
  const t: Vec2 = [theta[0], theta[1]];
  return {
    kind: 'linear',
    label: `r(x, y) = ${formatAffine(t)}`,
    value: (x: Tensor2D) => tf.tidy(() => tf.sum(tf.mul(x, tf.tensor1d(t)), 1) as Tensor1D),
    grad: (x: Tensor2D) => tf.tidy(() => tf.broadcastTo(tf.tensor2d([t], [1, 2]), x.shape) as Tensor2D),
    // argmax_y θ·y − (λ_W/2)‖y − x‖² solves θ = λ_W(y − x) (§2.5).
    prox: (x: Tensor2D, lambdaW: number) => tf.tidy(() => tf.add(x, tf.tensor1d([t[0] / lambdaW, t[1] / lambdaW])) as Tensor2D),
    polynomial: {
      A: [
        [0, 0],
        [0, 0],
      ],
      b: t,
      c: 0,
    },
    concave: true,
    lipschitz: Math.hypot(t[0], t[1]),
    smoothness: 0,
  };
}
