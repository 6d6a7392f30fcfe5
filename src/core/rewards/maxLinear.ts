/**
 * Max-linear reward r(x) = max_i θ_i·x + b_i: convex, piecewise linear, Lipschitz with constant max_i ‖θ_i‖
 * (its gradient is one of the θ_i almost everywhere).
 *
 * Exact W-prox. With ℓ_i(y) = θ_i·y + b_i and g_i(y) = ℓ_i(y) − (λ_W/2)‖y − x‖², the objective is
 * f(y) = r(y) − (λ_W/2)‖y − x‖² = max_i g_i(y), and maxima commute:
 *   max_y f(y) = max_i max_y g_i(y) = max_i g_i(x + θ_i/λ_W) = max_i [θ_i·x + b_i + ‖θ_i‖²/(2λ_W)].
 * So y = x + θ_{i*}/λ_W with i* the maximising piece attains max f (f(y) ≥ g_{i*}(y) = max f). The candidates an
 * active-set argument would add (the optimum on each kink line ℓ_i = ℓ_j, the triple points) can tie with this
 * value but never exceed it, so they are not needed.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import type { Vec2 } from '../linalg2';
import { FieldError } from '../types';
import type { Reward } from '../types';
import { formatAffine } from './format';

export function maxLinearReward(thetas: Vec2[], biases: number[]): Reward {
  if (thetas.length === 0) throw new FieldError('reward.thetas', 'needs at least one piece');
  if (biases.length !== thetas.length) {
    throw new FieldError('reward.biases', `has ${biases.length} entries but thetas has ${thetas.length}`);
  }
  const pieces = thetas.map((t) => [t[0], t[1]] as Vec2);
  const offsets = biases.slice();
  const P = pieces.length;
  const thetaMatrix = () => tf.tensor2d(pieces.flat(), [P, 2]);
  /** θ_i·x + c_i for every piece, [N, P]. */
  const pieceValues = (x: Tensor2D, c: number[]) => tf.add(tf.matMul(x, thetaMatrix(), false, true), tf.tensor1d(c)) as Tensor2D;

  return {
    kind: 'max-linear',
    label: `r(x, y) = max(${pieces.map((t, i) => formatAffine(t, offsets[i])).join(', ')})`,
    value: (x: Tensor2D) => tf.tidy(() => tf.max(pieceValues(x, offsets), 1) as Tensor1D),
    grad: (x: Tensor2D) => tf.tidy(() => tf.gather(thetaMatrix(), tf.argMax(pieceValues(x, offsets), 1)) as Tensor2D),
    prox: (x: Tensor2D, lambdaW: number) =>
      tf.tidy(() => {
        // i* = argmax_i θ_i·x + b_i + ‖θ_i‖²/(2λ_W), then y = x + θ_{i*}/λ_W (see the module comment).
        const envelope = offsets.map((b, i) => b + (pieces[i][0] ** 2 + pieces[i][1] ** 2) / (2 * lambdaW));
        const best = tf.argMax(pieceValues(x, envelope), 1);
        return tf.add(x, tf.div(tf.gather(thetaMatrix(), best), lambdaW)) as Tensor2D;
      }),
    maxLinear: { thetas: pieces, biases: offsets },
    // One piece is linear (concave); more are convex.
    concave: P === 1,
    lipschitz: Math.max(...pieces.map((t) => Math.hypot(t[0], t[1]))),
  };
}
