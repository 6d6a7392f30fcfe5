/**
 * When the W-prox step of a polynomial reward exists (§2.5, §4). For r = −½yᵀAy + bᵀy + c the objective
 * r(y) − (λ_W/2)‖y − x‖² has Hessian −(A + λ_W I): if A + λ_W I is not positive definite it grows without bound
 * along an eigenvector with eigenvalue ≤ 0, and there is no maximiser to map to.
 */
import { add2, eigSym2, I2, scale2, sym2 } from '../linalg2';
import type { Mat2 } from '../linalg2';
import { FieldError } from '../types';
import { formatNumber } from './format';

/** The W-prox step is well posed iff λ_W > −λ_min(A) (and λ_W > 0). */
export function proxLambdaThreshold(A: Mat2): number {
  return Math.max(0, -eigSym2(sym2(A))[0]);
}

export function assertProxWellPosed(A: Mat2, lambdaW: number): void {
  const low = eigSym2(sym2(add2(A, scale2(I2, lambdaW))))[0];
  if (!(low > 1e-12 * Math.max(1, lambdaW))) {
    throw new FieldError(
      'sampler.lambda',
      `must be > ${formatNumber(proxLambdaThreshold(A))} for this reward: with A + λ_W I not positive definite the ` +
        `objective r(y) − (λ_W/2)‖y − x‖² is unbounded above and has no maximiser`,
    );
  }
}
