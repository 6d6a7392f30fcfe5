/**
 * Closed-form Wasserstein-proximal pushforward of a Gaussian mixture (algorithms.md §2.5), cost ½‖x − y‖²:
 * for r = −½yᵀAy + bᵀy + c with A + λ_W I ≻ 0, T(x) = Mx + m with M = λ_W(A + λ_W I)⁻¹, m = (A + λ_W I)⁻¹b.
 */
import { add2, eigSym2, I2, inv2, matMul2, matVec2, scale2, sym2, trace2, transpose2, vadd } from '../linalg2';
import type { Mat2, Vec2 } from '../linalg2';
import { FieldError } from '../types';
import type { GmmSpec } from '../types';
import type { PolynomialReward } from './tilt';

/** The affine map T(x) = Mx + m of §2.5. Throws FieldError('sampler.lambda') when A + λ_W I is not ≻ 0. */
export function wProxAffineMap(poly: PolynomialReward, lambdaW: number): { M: Mat2; m: Vec2 } {
  const H = sym2(add2(poly.A, scale2(I2, lambdaW)));
  if (!(eigSym2(H)[0] > 1e-12 * Math.max(1, lambdaW))) {
    throw new FieldError(
      'sampler.lambda',
      `the W-prox objective r(y) − (λ_W/2)‖y − x‖² is unbounded at λ_W = ${lambdaW}: λ_W must exceed the reward's ` +
        `convexity (increase λ)`,
    );
  }
  const Hinv = inv2(H);
  return { M: sym2(scale2(Hinv, lambdaW)), m: matVec2(Hinv, poly.b) };
}

/**
 * The pushforward T_#p = Σ π_k N(Mμ_k + m, M S_k Mᵀ) and its transport cost
 * W₂²(p, T_#p) = E_p‖T(x) − x‖² = Σ π_k [‖(M − I)μ_k + m‖² + tr((M − I)S_k(M − I)ᵀ)] (§2.5).
 */
export function wProxPushforward(
  spec: GmmSpec,
  poly: PolynomialReward,
  lambdaW: number,
): { spec: GmmSpec; transportCost: number } {
  const { M, m } = wProxAffineMap(poly, lambdaW);
  const D = add2(M, scale2(I2, -1));
  let transportCost = 0;
  const means: Vec2[] = [];
  const covs: Mat2[] = [];
  spec.weights.forEach((w, k) => {
    const mu = spec.means[k];
    const S = spec.covs[k];
    means.push(vadd(matVec2(M, mu), m));
    covs.push(sym2(matMul2(matMul2(M, S), transpose2(M))));
    const shift = vadd(matVec2(D, mu), m);
    transportCost += w * (shift[0] * shift[0] + shift[1] * shift[1] + trace2(matMul2(matMul2(D, S), transpose2(D))));
  });
  return { spec: { weights: spec.weights.slice(), means, covs }, transportCost };
}
