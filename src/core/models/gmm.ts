/**
 * The analytic Gaussian-mixture denoiser (algorithms.md §2.1–2.2): exact score, ε*, Tweedie and the exact
 * reverse kernel p(x_s | x_t). Everything is computed in log space with analytic 2×2 inverses.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { alpha, sigma, sigma2, transition } from '../schedule';
import { add2, chol2, det2, I2, inv2, matMul2, matVec2, scale2, sym2, vscale } from '../linalg2';
import type { Mat2, Vec2 } from '../linalg2';
import type { Denoised, Denoiser, GmmSpec } from '../types';

const LOG_2PI = Math.log(2 * Math.PI);

/** Noised component k at time t: N(α_t μ_k, α_t² S_k + σ_t² I). */
interface NoisedComponent {
  logWeight: number;
  mean: Vec2;
  precision: Mat2;
  logDet: number;
}

function noisedComponents(spec: GmmSpec, t: number): NoisedComponent[] {
  const a = alpha(t);
  const s2 = sigma2(t);
  return spec.weights.map((w, k) => {
    const cov = add2(scale2(spec.covs[k], a * a), scale2(I2, s2));
    return { logWeight: Math.log(w), mean: vscale(spec.means[k], a), precision: inv2(cov), logDet: Math.log(det2(cov)) };
  });
}

function matT(m: Mat2): Tensor2D {
  // Row-vector convention: (x − m) P for x of shape [N, 2]; P symmetric so P = Pᵀ.
  return tf.tensor2d([m[0][0], m[0][1], m[1][0], m[1][1]], [2, 2]);
}

/**
 * Log-densities of each component up to a term common to all of them: column k is
 * log π_k + log N(x; m_k, Σ_k) + ½xᵀP̄x, with P̄ = σ_t²·mean_k P_k. The common term −½xᵀP̄x is returned apart
 * (softmax-invariant; logDensity adds it back). Why: far from the data (e.g. the §3.2 shifted inputs σ²θ/α ~ 10²
 * at high noise) each quadratic form is ~10⁴ while their differences are O(1), and float32 would lose them. With
 * Q_k = P_k − P̄ (small at high noise, where P_k ≈ I/σ²) and the exact identity
 * (x − m)ᵀP̄(x − m) − xᵀP̄x = −2xᵀP̄m + mᵀP̄m, no large term remains; at low noise P̄ → 0 and this is the plain form.
 */
function componentLogits(x: Tensor2D, comps: NoisedComponent[], t: number): { logits: Tensor2D; common: Tensor1D } {
  const s2 = sigma2(t);
  let Pbar: Mat2 = [
    [0, 0],
    [0, 0],
  ];
  comps.forEach((c) => (Pbar = add2(Pbar, scale2(c.precision, s2 / comps.length))));
  return tf.tidy(() => {
    const cols = comps.map((c) => {
      const Q = add2(c.precision, scale2(Pbar, -1));
      const d = tf.sub(x, tf.tensor1d(c.mean));
      const quad = tf.sum(tf.mul(tf.matMul(d, matT(Q)), d), 1);
      const Pm = matVec2(Pbar, c.mean);
      const cross = tf.squeeze(tf.matMul(x, tf.tensor2d([Pm[0], Pm[1]], [2, 1])), [1]);
      const constant = c.logWeight - 0.5 * c.logDet - LOG_2PI - 0.5 * (c.mean[0] * Pm[0] + c.mean[1] * Pm[1]);
      return tf.add(tf.sub(cross, tf.mul(quad, 0.5)), constant);
    });
    const common = tf.mul(tf.sum(tf.mul(tf.matMul(x, matT(Pbar)), x), 1), -0.5) as Tensor1D;
    return { logits: tf.stack(cols, 1) as Tensor2D, common };
  });
}

/**
 * Column k of the responsibilities γ [N, K], repeated as both columns of an [N, 2] tensor: γ E_k, with E_k the
 * K × 2 matrix whose row k is ones. The same numbers as broadcasting γ[:, k] against an [N, 2] tensor, exactly
 * (each entry is one γ times 1 plus exact zeros), but computed by one matMul instead of a column slice and a
 * size-1 broadcast: on the CPU backend both of those take tfjs's per-element index path, which dominated the first
 * step of a page's opening run (cold code in the interpreter).
 */
function columnPair(gamma: Tensor2D, k: number): Tensor2D {
  const K = gamma.shape[1];
  const selector = new Float32Array(2 * K);
  selector[2 * k] = 1;
  selector[2 * k + 1] = 1;
  return tf.matMul(gamma, tf.tensor2d(selector, [K, 2]));
}

/** Component logits for softmax/Gumbel uses, where the common term does not matter. */
function relativeLogits(x: Tensor2D, comps: NoisedComponent[], t: number): Tensor2D {
  const { logits, common } = componentLogits(x, comps, t);
  common.dispose();
  return logits;
}

/** The mixture with its weights normalised and its covariances symmetrised: the law every exact formula uses. */
export function normalisedGmm(spec: GmmSpec): GmmSpec {
  const total = spec.weights.reduce((s, w) => s + w, 0);
  return {
    weights: spec.weights.map((w) => w / total),
    means: spec.means.map((m) => [m[0], m[1]] as Vec2),
    covs: spec.covs.map((c) => sym2(c)),
  };
}

export class GmmDenoiser implements Denoiser {
  readonly name: string;
  readonly exact: GmmSpec;

  constructor(spec: GmmSpec, name = 'gmm') {
    this.exact = normalisedGmm(spec);
    this.name = name;
  }

  /** log p_t(x), shape [N]. */
  logDensity(x: Tensor2D, t: number): Tensor1D {
    return tf.tidy(() => {
      const { logits, common } = componentLogits(x, noisedComponents(this.exact, t), t);
      return tf.add(tf.logSumExp(logits, 1), common) as Tensor1D;
    });
  }

  /** Responsibilities γ_k(x) at time t, shape [N, K]. */
  responsibilities(x: Tensor2D, t: number): Tensor2D {
    return tf.tidy(() => tf.softmax(relativeLogits(x, noisedComponents(this.exact, t), t)) as Tensor2D);
  }

  /** ∇ log p_t(x) = Σ_k γ_k Σ_{k,t}⁻¹ (α_t μ_k − x). */
  score(x: Tensor2D, t: number): Tensor2D {
    return tf.tidy(() => {
      const comps = noisedComponents(this.exact, t);
      return this.scoreFrom(x, comps, tf.softmax(relativeLogits(x, comps, t)) as Tensor2D);
    });
  }

  eps(x: Tensor2D, t: number): Tensor2D {
    return tf.tidy(() => tf.mul(this.score(x, t), -sigma(t)) as Tensor2D);
  }

  /** Tweedie: Σ_k γ_k [μ_k + α_t S_k Σ_{k,t}⁻¹ (x − α_t μ_k)]. */
  x0(x: Tensor2D, t: number): Tensor2D {
    return tf.tidy(() => {
      const comps = noisedComponents(this.exact, t);
      return this.x0From(x, comps, tf.softmax(relativeLogits(x, comps, t)) as Tensor2D, alpha(t));
    });
  }

  /**
   * ε and x̂_0 with the responsibilities γ computed once: the same operations as `eps` and `x0`, so the same
   * numbers bit for bit.
   */
  denoise(x: Tensor2D, t: number): Denoised {
    return tf.tidy(() => {
      const comps = noisedComponents(this.exact, t);
      const gamma = tf.softmax(relativeLogits(x, comps, t)) as Tensor2D;
      return {
        eps: tf.mul(this.scoreFrom(x, comps, gamma), -sigma(t)) as Tensor2D,
        x0: this.x0From(x, comps, gamma, alpha(t)),
      };
    });
  }

  private scoreFrom(x: Tensor2D, comps: NoisedComponent[], gamma: Tensor2D): Tensor2D {
    const parts = comps.map((c, k) => {
      const d = tf.sub(tf.tensor1d(c.mean), x);
      return tf.mul(columnPair(gamma, k), tf.matMul(d, matT(c.precision)));
    });
    return tf.addN(parts) as Tensor2D;
  }

  private x0From(x: Tensor2D, comps: NoisedComponent[], gamma: Tensor2D, a: number): Tensor2D {
    const parts = comps.map((c, k) => {
      const gain = scale2(matMul2(this.exact.covs[k], c.precision), a);
      const d = tf.sub(x, tf.tensor1d(c.mean));
      // (gain d) in row form is d gainᵀ.
      const gainT: Mat2 = [
        [gain[0][0], gain[1][0]],
        [gain[0][1], gain[1][1]],
      ];
      const comp = tf.add(tf.tensor1d(this.exact.means[k]), tf.matMul(d, matT(gainT)));
      return tf.mul(columnPair(gamma, k), comp);
    });
    return tf.addN(parts) as Tensor2D;
  }

  /**
   * Exact reverse kernel p(x_s | x_t) (§2.2): a mixture with weights γ_k(x_t) at time t, per-particle means
   * m1 + G(x_t − a m1) and covariances C1 − aGC1 that do not depend on x_t.
   */
  reverseKernel(x: Tensor2D, t: number, s: number): MixtureLaw {
    const { a, b } = transition(t, s);
    const as = alpha(s);
    const s2s = sigma2(s);
    const comps = noisedComponents(this.exact, t);
    const covs: Mat2[] = [];
    const means: Tensor2D[] = [];
    const logits = relativeLogits(x, comps, t);
    this.exact.means.forEach((mu, k) => {
      const m1: Vec2 = vscale(mu, as);
      const C1 = add2(scale2(this.exact.covs[k], as * as), scale2(I2, s2s));
      const G = scale2(matMul2(C1, inv2(add2(scale2(C1, a * a), scale2(I2, b)))), a);
      covs.push(sym2(add2(C1, scale2(matMul2(G, C1), -a))));
      const offset = matVec2(G, vscale(m1, -a));
      const GT: Mat2 = [
        [G[0][0], G[1][0]],
        [G[0][1], G[1][1]],
      ];
      means.push(
        tf.tidy(() => tf.add(tf.matMul(x, matT(GT)), tf.tensor1d([m1[0] + offset[0], m1[1] + offset[1]]))) as Tensor2D,
      );
    });
    return { kind: 'mixture', logits, means, covs };
  }
}

/** A per-particle Gaussian mixture law for one reverse step (owned tensors: dispose with disposeLaw). */
export interface MixtureLaw {
  kind: 'mixture';
  /** Unnormalised log mixture weights [N, K]. */
  logits: Tensor2D;
  /** Component means, K tensors of shape [N, 2]. */
  means: Tensor2D[];
  covs: Mat2[];
}

/** Lower Cholesky factors, used to draw from a mixture law. */
export function mixtureCholeskys(law: MixtureLaw): Mat2[] {
  return law.covs.map((c) => chol2(c));
}

export { LOG_2PI };
