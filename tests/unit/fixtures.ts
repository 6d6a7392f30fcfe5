/**
 * The §7 fixture shared by the test files: the three-component GMM, its linear and quadratic rewards with their λ,
 * and small hand-built Reward objects (independent of src/core/rewards so that tests of the samplers and of the
 * reward module do not depend on each other).
 *
 * Fixture (algorithms.md §7): π = (.5, .3, .2), μ = (−2, 0), (2, 1), (0, −2.5), covariances 0.3·I,
 * [[0.4, 0.1], [0.1, 0.2]], 0.15·I. Linear reward a = (1, −0.5) with λ = 0.7; quadratic A = diag(2, 1), c = (1, 1),
 * λ = 0.5.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { add2, eigSym2, I2, inv2, matVec2, quadForm2, scale2, vadd, vscale } from '../../src/core/linalg2';
import type { Mat2, Vec2 } from '../../src/core/linalg2';
import { GmmDenoiser } from '../../src/core/models/gmm';
import type { Denoiser, GmmSpec, Reward, SamplerContext } from '../../src/core/types';
import { FIXTURE_GMM } from '../../src/core/fixture';

export { FIXTURE_GMM };

/** A single Gaussian N((0.5, −0.3), [[0.5, 0.2], [0.2, 0.3]]) (§7 check 10: guidance is exact there). */
export const SINGLE_GAUSSIAN: GmmSpec = {
  weights: [1],
  means: [[0.5, -0.3]],
  covs: [
    [
      [0.5, 0.2],
      [0.2, 0.3],
    ],
  ],
};

export const FIXTURE_LINEAR = { theta: [1, -0.5] as Vec2, lambda: 0.7 };
export const FIXTURE_QUADRATIC = {
  A: [
    [2, 0],
    [0, 1],
  ] as Mat2,
  c: [1, 1] as Vec2,
  lambda: 0.5,
};

/** Polynomial canonical form r = −½xᵀAx + bᵀx + c (the Reward.polynomial field). */
export interface Polynomial {
  A: Mat2;
  b: Vec2;
  c: number;
}

const ZERO2: Mat2 = [
  [0, 0],
  [0, 0],
];

function matT(m: Mat2): Tensor2D {
  return tf.tensor2d([m[0][0], m[0][1], m[1][0], m[1][1]], [2, 2]);
}

/** r(x) = θ·x. */
export function linearReward(theta: Vec2): Reward {
  return {
    kind: 'linear',
    label: `r(x) = ${theta[0]}·x + ${theta[1]}·y`,
    value: (x) => tf.tidy(() => tf.squeeze(tf.matMul(x, tf.tensor2d([theta[0], theta[1]], [2, 1])), [1]) as Tensor1D),
    grad: (x) => tf.tidy(() => tf.mul(tf.onesLike(x), tf.tensor1d(theta)) as Tensor2D),
    prox: (x, lambdaW) => tf.tidy(() => tf.add(x, tf.tensor1d(vscale(theta, 1 / lambdaW))) as Tensor2D),
    polynomial: { A: ZERO2, b: [theta[0], theta[1]], c: 0 },
    concave: true,
    lipschitz: Math.hypot(theta[0], theta[1]),
    smoothness: 0,
  };
}

/** r(x) = −½(x − c)ᵀA(x − c) (concave when A ⪰ 0, convex when A ⪯ 0). A must be symmetric. */
export function quadraticReward(A: Mat2, c: Vec2): Reward {
  const b = matVec2(A, c);
  const [lo, hi] = eigSym2(A);
  return {
    kind: 'quadratic',
    label: `r(x) = −½(x − c)ᵀA(x − c), A = [[${A[0].join(', ')}], [${A[1].join(', ')}]], c = (${c.join(', ')})`,
    value: (x) =>
      tf.tidy(() => {
        const d = tf.sub(x, tf.tensor1d(c));
        return tf.mul(tf.sum(tf.mul(tf.matMul(d, matT(A)), d), 1), -0.5) as Tensor1D;
      }),
    grad: (x) => tf.tidy(() => tf.neg(tf.matMul(tf.sub(x, tf.tensor1d(c)), matT(A))) as Tensor2D),
    // argmax_y r(y) − (λ_W/2)‖y − x‖² = (A + λ_W I)⁻¹(Ac + λ_W x) (§2.5), valid while A + λ_W I ≻ 0.
    prox: (x, lambdaW) =>
      tf.tidy(() => {
        const Minv = inv2(add2(A, scale2(I2, lambdaW)));
        const shift = matVec2(Minv, b);
        return tf.add(tf.matMul(tf.mul(x, lambdaW), matT(Minv)), tf.tensor1d(shift)) as Tensor2D;
      }),
    polynomial: { A, b, c: -0.5 * quadForm2(A, c) },
    concave: lo >= 0,
    smoothness: Math.max(hi, 0),
  };
}

/** r(x) = max_i θ_i·x + b_i (convex, piecewise linear). */
export function maxLinearReward(thetas: Vec2[], biases: number[]): Reward {
  const W = () => tf.tensor2d(thetas.flatMap((t) => [t[0], t[1]]), [thetas.length, 2]);
  return {
    kind: 'max-linear',
    label: `r(x) = max of ${thetas.length} linear pieces`,
    value: (x) => tf.tidy(() => tf.max(tf.add(tf.matMul(x, W(), false, true), tf.tensor1d(biases)), 1) as Tensor1D),
    grad: (x) =>
      tf.tidy(() => {
        const pick = tf.argMax(tf.add(tf.matMul(x, W(), false, true), tf.tensor1d(biases)), 1);
        return tf.gather(W(), pick) as Tensor2D;
      }),
    maxLinear: { thetas, biases },
    concave: thetas.length === 1,
    lipschitz: Math.max(...thetas.map((t) => Math.hypot(t[0], t[1]))),
  };
}

/** A non-polynomial differentiable reward (stands in for a 'formula'): r(x) = sin(x) + 0.5·y. */
export function formulaLikeReward(): Reward {
  return {
    kind: 'formula',
    label: 'r(x) = sin(x) + 0.5·y',
    value: (x) =>
      tf.tidy(() => {
        const [a, b] = tf.split(x, 2, 1);
        return tf.squeeze(tf.add(tf.sin(a), tf.mul(b, 0.5)), [1]) as Tensor1D;
      }),
    grad: (x) =>
      tf.tidy(() => {
        const [a] = tf.split(x, 2, 1);
        return tf.concat([tf.cos(a), tf.fill([x.shape[0], 1], 0.5)], 1) as Tensor2D;
      }),
    concave: false,
    lipschitz: Math.hypot(1, 0.5),
  };
}

/** The §7 linear fixture reward r = (1, −0.5)·x (use with FIXTURE_LINEAR.lambda = 0.7). */
export function fixtureLinearReward(): Reward {
  return linearReward(FIXTURE_LINEAR.theta);
}

/** The §7 quadratic fixture reward r = −½(x − (1,1))ᵀdiag(2,1)(x − (1,1)) (use with FIXTURE_QUADRATIC.lambda = 0.5). */
export function fixtureQuadraticReward(): Reward {
  return quadraticReward(FIXTURE_QUADRATIC.A, FIXTURE_QUADRATIC.c);
}

/** An isotropic concave quadratic r = −(κ/2)‖x − c‖² (§3.3 time shift). */
export function isotropicQuadraticReward(kappa: number, c: Vec2): Reward {
  return quadraticReward(scale2(I2, kappa), c);
}

/** A two-piece max-linear reward r = max((1, 0)·x, (−1, 0.5)·x + 0.5). */
export function fixtureMaxLinearReward(): Reward {
  return maxLinearReward(
    [
      [1, 0],
      [-1, 0.5],
    ],
    [0, 0.5],
  );
}

/** Means/covariance of a GMM: E x and Cov x = Σ π_k (S_k + μ_k μ_kᵀ) − E x E xᵀ. */
export function gmmMoments(spec: GmmSpec): { mean: Vec2; cov: Mat2 } {
  let mean: Vec2 = [0, 0];
  spec.weights.forEach((w, k) => (mean = vadd(mean, vscale(spec.means[k], w))));
  const cov: Mat2 = [
    [0, 0],
    [0, 0],
  ];
  spec.weights.forEach((w, k) => {
    const m = spec.means[k];
    const S = spec.covs[k];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) cov[i][j] += w * (S[i][j] + m[i] * m[j]);
  });
  for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) cov[i][j] -= mean[i] * mean[j];
  return { mean, cov };
}

/** 4 standard errors of a sample mean of N draws from a law with covariance cov: 4·√(tr Cov / N) (§7). */
export function meanTolerance(cov: Mat2, n: number): number {
  return 4 * Math.sqrt((cov[0][0] + cov[1][1]) / n);
}

/**
 * Component fractions of a sample under a GMM: the mean responsibility (1/N) Σ_i γ_k(x_i), computed on the host in
 * float64. Under exact draws from `spec` its expectation is exactly π_k (§7 checks 4 and 8 "component fractions").
 */
export function componentFractions(points: ArrayLike<number>, spec: GmmSpec): number[] {
  const K = spec.weights.length;
  const comps = spec.covs.map((S, k) => {
    const P = inv2(S);
    const logNorm = Math.log(spec.weights[k]) - 0.5 * Math.log(S[0][0] * S[1][1] - S[0][1] * S[1][0]);
    return { P, logNorm, mu: spec.means[k] };
  });
  const sums = new Array(K).fill(0);
  const n = points.length / 2;
  const logits = new Array(K).fill(0);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    comps.forEach((c, k) => {
      const d: Vec2 = [points[2 * i] - c.mu[0], points[2 * i + 1] - c.mu[1]];
      logits[k] = c.logNorm - 0.5 * quadForm2(c.P, d);
      if (logits[k] > max) max = logits[k];
    });
    let total = 0;
    for (let k = 0; k < K; k++) total += Math.exp(logits[k] - max);
    for (let k = 0; k < K; k++) sums[k] += Math.exp(logits[k] - max) / total;
  }
  return sums.map((s) => s / n);
}

/**
 * The analytic GMM denoiser seen as if it were a learned model: the same ε and x̂₀, but no `exact` spec, so samplers
 * take their learned-model paths (e.g. the §3.2 shift instead of the closed-form tilt) and can be checked against the
 * closed form.
 */
export function learnedStandIn(spec: GmmSpec, name = 'gmm-as-learned'): Denoiser {
  const inner = new GmmDenoiser(spec);
  return { name, eps: (x, t) => inner.eps(x, t), x0: (x, t) => inner.x0(x, t) };
}

/** Runs a sampler generator to the end: its frames' stats and its output. */
export async function drain<T, R>(gen: AsyncGenerator<{ stats: T }, R, void>): Promise<{ steps: T[]; output: R }> {
  const steps: T[] = [];
  for (let r = await gen.next(); ; r = await gen.next()) {
    if (r.done) return { steps, output: r.value };
    steps.push(r.value.stats);
  }
}

/** A sampler context with the defaults used across the tests (η = 1, DDPM kernel, no positions). */
export function testContext(
  denoiser: Denoiser,
  reward: Reward,
  overrides: Partial<Omit<SamplerContext, 'denoiser' | 'reward'>> = {},
): SamplerContext {
  return { denoiser, reward, particles: 2048, steps: 100, eta: 1, kernel: 'ddpm', seed: 1, emitPositions: false, ...overrides };
}
