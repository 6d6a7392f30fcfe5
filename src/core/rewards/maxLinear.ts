/**
 * Max-linear reward r(x) = max_i θ_i·x + b_i: convex, piecewise linear, Lipschitz with constant max_i ‖θ_i‖
 * (its gradient is one of the θ_i almost everywhere). Its W-prox is exact through a finite candidate set
 * (maxLinearCandidates.ts explains why).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import type { Vec2 } from '../linalg2';
import { FieldError } from '../types';
import type { Reward } from '../types';
import { formatAffine } from './format';
import { maxLinearCandidates } from './maxLinearCandidates';

export function maxLinearReward(thetas: Vec2[], biases: number[]): Reward {
  if (thetas.length === 0) throw new FieldError('reward.thetas', 'needs at least one piece');
  if (biases.length !== thetas.length) {
    throw new FieldError('reward.biases', `has ${biases.length} entries but thetas has ${thetas.length}`);
  }
  const pieces = thetas.map((t) => [t[0], t[1]] as Vec2);
  const offsets = biases.slice();
  const P = pieces.length;
  const thetaMatrix = () => tf.tensor2d(pieces.flat(), [P, 2]);
  /** ℓ_i(x) for every piece, [N, P]. */
  const pieceValues = (x: Tensor2D) => tf.add(tf.matMul(x, thetaMatrix(), false, true), tf.tensor1d(offsets)) as Tensor2D;

  return {
    kind: 'max-linear',
    label: `r(x, y) = max(${pieces.map((t, i) => formatAffine(t, offsets[i])).join(', ')})`,
    value: (x: Tensor2D) => tf.tidy(() => tf.max(pieceValues(x), 1) as Tensor1D),
    grad: (x: Tensor2D) => tf.tidy(() => tf.gather(thetaMatrix(), tf.argMax(pieceValues(x), 1)) as Tensor2D),
    prox: (x: Tensor2D, lambdaW: number) => {
      const candidates = maxLinearCandidates(pieces, offsets, lambdaW);
      const C = candidates.length;
      return tf.tidy(() => {
        const n = x.shape[0];
        // Column block c of Pcat is P_cᵀ, so x·Pcat = [P_1 x, …, P_C x] in row form.
        const Pcat = tf.tensor2d(
          [
            candidates.flatMap((c) => [c.P[0][0], c.P[1][0]]),
            candidates.flatMap((c) => [c.P[0][1], c.P[1][1]]),
          ],
          [2, 2 * C],
        );
        const q = tf.tensor2d(candidates.flatMap((c) => c.q), [C, 2]);
        const Y = tf.add(tf.reshape(tf.matMul(x, Pcat), [n, C, 2]), q); // [N, C, 2]
        const r = tf.reshape(tf.max(pieceValues(tf.reshape(Y, [n * C, 2]) as Tensor2D), 1), [n, C]);
        const cost = tf.mul(tf.sum(tf.square(tf.sub(Y, tf.expandDims(x, 1))), 2), lambdaW / 2);
        const best = tf.oneHot(tf.argMax(tf.sub(r, cost), 1), C); // [N, C]
        return tf.sum(tf.mul(Y, tf.expandDims(tf.cast(best, 'float32'), 2)), 1) as Tensor2D;
      });
    },
    maxLinear: { thetas: pieces, biases: offsets },
    // One piece is linear (concave); more are convex.
    concave: P === 1,
    lipschitz: Math.max(...pieces.map((t) => Math.hypot(t[0], t[1]))),
  };
}
