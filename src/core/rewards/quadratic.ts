/**
 * Quadratic reward r(x) = −½(x − c)ᵀA(x − c) = −½xᵀAx + (Ac)ᵀx − ½cᵀAc: concave iff A ⪰ 0.
 * W-prox closed form T(x) = (A + λ_W I)⁻¹(Ac + λ_W x) while A + λ_W I ≻ 0 (§2.5); otherwise the objective
 * r(y) − (λ_W/2)‖y − x‖² is unbounded above and the prox refuses (proxWellPosed.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { add2, eigSym2, I2, inv2, matVec2, quadForm2, scale2, sym2 } from '../linalg2';
import type { Mat2, Vec2 } from '../linalg2';
import { FieldError } from '../types';
import type { Reward } from '../types';
import { formatNumber } from './format';
import { assertProxWellPosed } from './proxWellPosed';

function matT(m: Mat2): Tensor2D {
  return tf.tensor2d([m[0][0], m[0][1], m[1][0], m[1][1]], [2, 2]);
}

/** Relative tolerance for "A is symmetric" (the scenario check uses the same one). */
const SYMMETRY_TOL = 1e-9;

export function quadraticReward(A: Mat2, c: Vec2): Reward {
  if (Math.abs(A[0][1] - A[1][0]) > SYMMETRY_TOL * (1 + Math.abs(A[0][1]))) {
    throw new FieldError('reward.A', 'must be symmetric');
  }
  const S = sym2(A);
  const center: Vec2 = [c[0], c[1]];
  const b = matVec2(S, center);
  const [lo, hi] = eigSym2(S);
  const isZero = S[0][0] === 0 && S[0][1] === 0 && S[1][1] === 0;
  return {
    kind: 'quadratic',
    label:
      `r(x) = −½(x − c)ᵀA(x − c), A = [[${S[0].map(formatNumber).join(', ')}], [${S[1].map(formatNumber).join(', ')}]], ` +
      `c = (${center.map(formatNumber).join(', ')})`,
    value: (x: Tensor2D) =>
      tf.tidy(() => {
        const d = tf.sub(x, tf.tensor1d(center));
        return tf.mul(tf.sum(tf.mul(tf.matMul(d, matT(S)), d), 1), -0.5) as Tensor1D;
      }),
    // ∇r = −A(x − c); in row form (x − c)A since A is symmetric.
    grad: (x: Tensor2D) => tf.tidy(() => tf.neg(tf.matMul(tf.sub(x, tf.tensor1d(center)), matT(S))) as Tensor2D),
    prox: (x: Tensor2D, lambdaW: number) => {
      assertProxWellPosed(S, lambdaW);
      const Hinv = inv2(add2(S, scale2(I2, lambdaW)));
      const shift = matVec2(Hinv, b);
      // y = (A + λ_W I)⁻¹(Ac + λ_W x); row form λ_W x H⁻¹ + H⁻¹Ac (H⁻¹ symmetric).
      return tf.tidy(() => tf.add(tf.matMul(tf.mul(x, lambdaW), matT(Hinv)), tf.tensor1d(shift)) as Tensor2D);
    },
    polynomial: { A: S, b, c: -0.5 * quadForm2(S, center) },
    concave: lo >= 0,
    // ‖∇r‖ = ‖A(x − c)‖ is unbounded unless A = 0.
    lipschitz: isZero ? 0 : undefined,
    // −∇²r = A: its largest eigenvalue (floored at 0, it sets a gradient step size).
    smoothness: Math.max(hi, 0),
  };
}
