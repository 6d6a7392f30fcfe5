/**
 * Exact ground truth (algorithms.md §2.3–§2.5) against closed forms worked out independently in this file: for
 * diagonal covariances and a diagonal reward everything factorises into 1-D Gaussian products, which are written
 * out here coordinate by coordinate; a rotation of the whole problem then checks the off-diagonal terms (the tilt
 * and the pushforward commute with rotations). Also: Φ at tabulated values, E max of lines and of a mixture by
 * Clark's formula and the folded normal, exact draws with a scripted random source, and the target descriptions.
 */
import { describe, expect, it } from 'vitest';
import {
  baseTarget,
  gmmExpectedMaxLinear,
  gmmExpectedReward,
  gmmLogMgf,
  klTiltTarget,
  logSumExpArray,
  sampleGmm,
  tiltGmm,
  wProxAffineMap,
  wProxPushforward,
  wProxTarget,
} from '../../../../src/core/exact';
import type { PolynomialReward } from '../../../../src/core/exact';
import { expectedMaxOfLines } from '../../../../src/core/exact/maxLinearMean';
import { normalCdf, normalPdf } from '../../../../src/core/exact/normal';
import { formulaReward } from '../../../../src/core/rewards/formula';
import { linearReward } from '../../../../src/core/rewards/linear';
import { maxLinearReward } from '../../../../src/core/rewards/maxLinear';
import { quadraticReward } from '../../../../src/core/rewards/quadratic';
import type { Rng } from '../../../../src/core/rng';
import { FieldError } from '../../../../src/core/types';
import type { GmmSpec, Mat2, Vec2 } from '../../../../src/core/types';

/** The error f throws, or null. */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return null;
}

function close(got: number, want: number, tol = 1e-12): void {
  expect(Math.abs(got - want), `${got} vs ${want}`).toBeLessThanOrEqual(tol * (1 + Math.abs(want)));
}

function closeVec(got: readonly number[], want: readonly number[], tol = 1e-12): void {
  want.forEach((w, i) => close(got[i], w, tol));
}

function closeMat(got: Mat2, want: Mat2, tol = 1e-12): void {
  closeVec(got[0], want[0], tol);
  closeVec(got[1], want[1], tol);
}

// ---- 1-D Gaussian facts, written out for this file ----

/**
 * N(m, s) times e^{−k(x − c)²/2}, normalised: precision 1/s + k, mean (m/s + kc)/(1/s + k), and the normaliser
 * log E e^{−k(x − c)²/2} = −½ log(1 + sk) − k(m − c)²/(2(1 + sk)).
 */
function tilt1d(m: number, s: number, k: number, c: number): { mean: number; variance: number; logZ: number } {
  const precision = 1 / s + k;
  return {
    mean: (m / s + k * c) / precision,
    variance: 1 / precision,
    logZ: -0.5 * Math.log(1 + s * k) - (k * (m - c) ** 2) / (2 * (1 + s * k)),
  };
}

/** A 2-D reward −½Σ a_i(x_i − c_i)² as the polynomial −½xᵀAx + bᵀx + c0. */
function diagonalQuadratic(a: Vec2, center: Vec2): PolynomialReward {
  return {
    A: [
      [a[0], 0],
      [0, a[1]],
    ],
    b: [a[0] * center[0], a[1] * center[1]],
    c: -0.5 * (a[0] * center[0] ** 2 + a[1] * center[1] ** 2),
  };
}

// ---- rotations (to move the diagonal cases off the axes) ----

const ANGLE = Math.PI / 6;
const R: Mat2 = [
  [Math.cos(ANGLE), -Math.sin(ANGLE)],
  [Math.sin(ANGLE), Math.cos(ANGLE)],
];
const rot = (v: readonly number[]): Vec2 => [R[0][0] * v[0] + R[0][1] * v[1], R[1][0] * v[0] + R[1][1] * v[1]];
/** R M Rᵀ. */
function rotM(M: Mat2): Mat2 {
  const RM = [rot([M[0][0], M[1][0]]), rot([M[0][1], M[1][1]])]; // columns of R·M
  const RMmat: Mat2 = [
    [RM[0][0], RM[1][0]],
    [RM[0][1], RM[1][1]],
  ];
  // (R·M)·Rᵀ: row i of RM times row j of R.
  const out: Mat2 = [
    [0, 0],
    [0, 0],
  ];
  for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) out[i][j] = RMmat[i][0] * R[j][0] + RMmat[i][1] * R[j][1];
  return out;
}
const rotPoly = (p: PolynomialReward): PolynomialReward => ({ A: rotM(p.A), b: rot(p.b), c: p.c });
const rotSpec = (s: GmmSpec): GmmSpec => ({ weights: s.weights.slice(), means: s.means.map(rot), covs: s.covs.map(rotM) });

const diag = (a: number, b: number): Mat2 => [
  [a, 0],
  [0, b],
];

// Two components with diagonal covariances, unequal weights.
const MIX: GmmSpec = {
  weights: [0.3, 0.7],
  means: [
    [1, -1],
    [0, 0],
  ],
  covs: [diag(1, 2), diag(1, 1)],
};
// r = −½(2(x − 1)² + (y − 2)²), i.e. A = diag(2, 1), c = (1, 2).
const A_DIAG: Vec2 = [2, 1];
const CENTER: Vec2 = [1, 2];
const QUAD = diagonalQuadratic(A_DIAG, CENTER);

describe('closed-form KL tilt (§2.3) against 1-D Gaussian products', () => {
  const lambda = 2;
  /** Per component and coordinate: the tilted factor with k = a_i/λ. */
  const expected = MIX.means.map((mu, j) =>
    [0, 1].map((i) => tilt1d(mu[i], MIX.covs[j][i][i], A_DIAG[i] / lambda, CENTER[i])),
  );
  // z_j = E_{N_j} e^{(r − c0)/λ}·e^{c0/λ}; the c0 part is in the 1-D normalisers already (they use (x − c)²).
  const logZj = expected.map((f) => f[0].logZ + f[1].logZ);
  const logZ = Math.log(MIX.weights[0] * Math.exp(logZj[0]) + MIX.weights[1] * Math.exp(logZj[1]));

  it('component 1 by hand: S = diag(1, 2), μ = (1, −1) tilt to mean (1, 0.5), covariance diag(0.5, 1)', () => {
    const { spec } = tiltGmm(MIX, QUAD, lambda);
    closeVec(spec.means[0], [1, 0.5]);
    closeMat(spec.covs[0], diag(0.5, 1));
    // and log z_1 = −½ log 2 + (−½ log 2 − 0.5·9/(2·2)) = −log 2 − 9/8.
    close(logZj[0], -Math.log(2) - 9 / 8);
  });

  it('means, covariances, weights ∝ π_k z_k and log Z = log Σ π_k z_k', () => {
    const { spec, logZ: got } = tiltGmm(MIX, QUAD, lambda);
    expected.forEach((f, j) => {
      closeVec(spec.means[j], [f[0].mean, f[1].mean]);
      closeMat(spec.covs[j], diag(f[0].variance, f[1].variance));
    });
    closeVec(spec.weights, [
      (MIX.weights[0] * Math.exp(logZj[0])) / Math.exp(logZ),
      (MIX.weights[1] * Math.exp(logZj[1])) / Math.exp(logZ),
    ]);
    close(got, logZ);
  });

  it('the same problem rotated by 30°: means and covariances rotate, weights and log Z stay', () => {
    const { spec, logZ: got } = tiltGmm(rotSpec(MIX), rotPoly(QUAD), lambda);
    expected.forEach((f, j) => {
      closeVec(spec.means[j], rot([f[0].mean, f[1].mean]), 1e-11);
      closeMat(spec.covs[j], rotM(diag(f[0].variance, f[1].variance)), 1e-11);
    });
    closeVec(spec.weights, tiltGmm(MIX, QUAD, lambda).spec.weights, 1e-11);
    close(got, logZ, 1e-11);
  });

  it('a linear reward shifts each mean by S_k b/λ; log Z = log M_p(b/λ) + c/λ', () => {
    const poly: PolynomialReward = { A: diag(0, 0), b: [2, -4], c: 1 };
    const { spec, logZ: got } = tiltGmm(MIX, poly, 2);
    // b/λ = (1, −2): S_1 b/λ = (1, −4), S_2 b/λ = (1, −2); log z_1 = (1 + 2) + ½(1 + 8) = 7.5, log z_2 = ½(1 + 4) = 2.5.
    closeVec(spec.means[0], [2, -5]);
    closeVec(spec.means[1], [1, -2]);
    closeMat(spec.covs[0], diag(1, 2));
    const want = Math.log(0.3 * Math.exp(7.5) + 0.7 * Math.exp(2.5));
    close(got, want + 0.5);
    close(gmmLogMgf(MIX, [1, -2]), want);
  });

  it('E_q r = −½ Σ a_i(Var_i + (E x_i − c_i)²) per component, weighted', () => {
    const { spec } = tiltGmm(MIX, QUAD, lambda);
    const perComponent = expected.map((f) => -0.5 * [0, 1].reduce((s, i) => s + A_DIAG[i] * (f[i].variance + (f[i].mean - CENTER[i]) ** 2), 0));
    close(gmmExpectedReward(spec, QUAD), spec.weights[0] * perComponent[0] + spec.weights[1] * perComponent[1]);
    // Under the base, with an off-diagonal covariance: E r = −½(tr(AS) + (μ − c)ᵀA(μ − c)); for
    // S = [[1, 0.5], [0.5, 2]], μ = (0, 0): −½(2·1 + 1·2 + 2·1 + 1·4) = −5.
    const one: GmmSpec = { weights: [1], means: [[0, 0]], covs: [[[1, 0.5], [0.5, 2]]] };
    close(gmmExpectedReward(one, QUAD), -5);
    close(gmmExpectedReward(one, rotPoly(QUAD)), -0.5 * (rotM(QUAD.A)[0][0] * 1 + 2 * rotM(QUAD.A)[0][1] * 0.5 + rotM(QUAD.A)[1][1] * 2) + QUAD.c);
  });

  it('log M_p(θ) with an off-diagonal covariance: θᵀμ + ½θᵀSθ per component', () => {
    const spec: GmmSpec = { weights: [0.3, 0.7], means: [[1, -1], [0, 0]], covs: [[[1, 0.5], [0.5, 2]], diag(1, 1)] };
    // θ = (1, 2): component 1: −1 + ½(1 + 2 + 8) = 4.5; component 2: ½(1 + 4) = 2.5.
    close(gmmLogMgf(spec, [1, 2]), Math.log(0.3 * Math.exp(4.5) + 0.7 * Math.exp(2.5)));
  });

  it('logsumexp of a list, stable for large values; −∞ for all −∞', () => {
    close(logSumExpArray([0, Math.log(3)]), Math.log(4));
    close(logSumExpArray([1000, 1000]), 1000 + Math.log(2));
    close(logSumExpArray([1000, 0]), 1000);
    close(logSumExpArray([0, -1000, 1000]), 1000);
    expect(logSumExpArray([-Infinity, -Infinity])).toBe(-Infinity);
  });

  it('not normalisable exactly at the threshold, normalisable just above it; the message names the component and λ', () => {
    // r = 2xy has A = [[0, −2], [−2, 0]]; with S = I the tilted precision I + A/λ has eigenvalues 1 ± 2/λ.
    const saddle: PolynomialReward = { A: [[0, -2], [-2, 0]], b: [0, 0], c: 0 };
    const one: GmmSpec = { weights: [1], means: [[0, 0]], covs: [diag(1, 1)] };
    const e = thrown(() => tiltGmm(one, saddle, 2));
    expect(e).toBeInstanceOf(FieldError);
    expect((e as FieldError).field).toBe('sampler.lambda');
    expect((e as FieldError).problem).toBe(
      'the tilt exp(r/λ) is not normalisable for mixture component 1 at λ = 2: the reward grows faster than the component decays (increase λ)',
    );
    const { spec } = tiltGmm(one, saddle, 2.5);
    // (I + A/λ)⁻¹ with A/λ = [[0, −0.8], [−0.8, 0]]: 1/(1 − 0.64)·[[1, 0.8], [0.8, 1]].
    closeMat(spec.covs[0], [
      [1 / 0.36, 0.8 / 0.36],
      [0.8 / 0.36, 1 / 0.36],
    ]);
  });

  it('a precision positive only by rounding (about 1e-13 of its scale) counts as not normalisable', () => {
    const one: GmmSpec = { weights: [1], means: [[0, 0]], covs: [diag(1, 1)] };
    // I + A/λ = diag(≈1e-13, 2) at λ = 1.
    expect(thrown(() => tiltGmm(one, { A: diag(-(1 - 1e-13), 1), b: [0, 0], c: 0 }, 1))).toBeInstanceOf(FieldError);
    expect(tiltGmm(one, { A: diag(-(1 - 1e-9), 1), b: [0, 0], c: 0 }, 1).spec.covs[0][0][0]).toBeGreaterThan(1e8);
  });

  it('the definiteness threshold scales with the precision: 1e-11 next to 100 counts as zero', () => {
    // S = diag(1, 0.01), A/λ = diag(−(1 − 1e-11), 0): tilted precision diag(≈1e-11, 100), below 1e-12·100.
    const spec: GmmSpec = { weights: [1], means: [[0, 0]], covs: [diag(1, 0.01)] };
    expect(thrown(() => tiltGmm(spec, { A: diag(-(1 - 1e-11), 0), b: [0, 0], c: 0 }, 1))).toBeInstanceOf(FieldError);
    expect(() => tiltGmm(spec, { A: diag(-(1 - 1e-9), 0), b: [0, 0], c: 0 }, 1)).not.toThrow();
  });

  it('only the component that cannot be tilted is named', () => {
    // A = diag(−2, 0) (convex in x), λ = 1: precision 1/s − 2 is negative for s = 1, positive for s = 0.1.
    const convex: PolynomialReward = { A: diag(-2, 0), b: [0, 0], c: 0 };
    const spec: GmmSpec = { weights: [0.5, 0.5], means: [[0, 0], [0, 0]], covs: [diag(0.1, 0.1), diag(1, 1)] };
    expect((thrown(() => tiltGmm(spec, convex, 1)) as FieldError).problem).toMatch(/^the tilt exp\(r\/λ\) is not normalisable for mixture component 2 at λ = 1:/);
  });
});

describe('W-prox pushforward (§2.5) against the coordinate-wise map y_i = (b_i + λ_W x_i)/(a_i + λ_W)', () => {
  const lambdaW = 2;
  const WMIX: GmmSpec = { weights: [0.25, 0.75], means: [[1, 0], [0, 0]], covs: [diag(1, 2), diag(1, 1)] };
  const map = (i: number) => ({ slope: lambdaW / (A_DIAG[i] + lambdaW), shift: QUAD.b[i] / (A_DIAG[i] + lambdaW) });

  it('the affine map T(x) = Mx + m: M = diag(1/2, 2/3), m = (1/2, 2/3)', () => {
    const { M, m } = wProxAffineMap(QUAD, lambdaW);
    closeMat(M, diag(0.5, 2 / 3));
    closeVec(m, [0.5, 2 / 3]);
    closeVec([map(0).slope, map(1).slope, map(0).shift, map(1).shift], [0.5, 2 / 3, 0.5, 2 / 3]);
  });

  it('means, covariances, unchanged weights and the transport cost Σ π_k E‖T(x) − x‖²', () => {
    const { spec, transportCost } = wProxPushforward(WMIX, QUAD, lambdaW);
    expect(spec.weights).toEqual([0.25, 0.75]);
    let cost = 0;
    WMIX.means.forEach((mu, k) => {
      const S = WMIX.covs[k];
      closeVec(spec.means[k], [0, 1].map((i) => map(i).slope * mu[i] + map(i).shift));
      closeMat(spec.covs[k], diag(map(0).slope ** 2 * S[0][0], map(1).slope ** 2 * S[1][1]));
      // E(y_i − x_i)² = ((slope − 1)μ_i + shift)² + (slope − 1)² s_i.
      for (const i of [0, 1]) cost += WMIX.weights[k] * (((map(i).slope - 1) * mu[i] + map(i).shift) ** 2 + (map(i).slope - 1) ** 2 * S[i][i]);
    });
    close(transportCost, cost);
    // By hand: component 1 costs 4/9 + 1/4 + 2/9 = 11/12, component 2 costs 1/4 + 4/9 + 1/4 + 1/9 = 19/18.
    close(transportCost, 0.25 * (11 / 12) + 0.75 * (19 / 18));
  });

  it('the pushed mixture has its own weights array', () => {
    const { spec } = wProxPushforward(WMIX, QUAD, lambdaW);
    spec.weights[0] = 0.9;
    expect(WMIX.weights).toEqual([0.25, 0.75]);
  });

  it('rotated by 30°: the pushforward rotates, the cost stays', () => {
    const plain = wProxPushforward(WMIX, QUAD, lambdaW);
    const turned = wProxPushforward(rotSpec(WMIX), rotPoly(QUAD), lambdaW);
    plain.spec.means.forEach((m, k) => {
      closeVec(turned.spec.means[k], rot(m), 1e-11);
      closeMat(turned.spec.covs[k], rotM(plain.spec.covs[k]), 1e-11);
    });
    close(turned.transportCost, plain.transportCost, 1e-11);
  });

  it('unbounded exactly at λ_W = −λ_min(A), bounded just above; the message names λ_W', () => {
    const convex: PolynomialReward = { A: diag(-2, 1), b: [0, 0], c: 0 };
    const e = thrown(() => wProxAffineMap(convex, 2));
    expect(e).toBeInstanceOf(FieldError);
    expect((e as FieldError).field).toBe('sampler.lambda');
    expect((e as FieldError).problem).toBe(
      "the W-prox objective r(y) − (λ_W/2)‖y − x‖² is unbounded at λ_W = 2: λ_W must exceed the reward's convexity (increase λ)",
    );
    // Definiteness is judged relative to λ_W: an eigenvalue near 1e-7 of A + λ_W I at λ_W = 10⁶ counts as zero.
    expect(thrown(() => wProxAffineMap({ A: diag(-1e6 + 1e-7, 1), b: [0, 0], c: 0 }, 1e6))).toBeInstanceOf(FieldError);
    expect(() => wProxAffineMap({ A: diag(-1e6 + 1e-4, 1), b: [0, 0], c: 0 }, 1e6)).not.toThrow();
    // An eigenvalue exactly at the tolerance counts as zero: A = 0, λ_W = 1e-12 gives A + λ_W I = diag(1e-12, 1e-12).
    expect(thrown(() => wProxAffineMap({ A: diag(0, 0), b: [0, 0], c: 0 }, 1e-12))).toBeInstanceOf(FieldError);
    expect(() => wProxAffineMap({ A: diag(0, 0), b: [0, 0], c: 0 }, 2e-12)).not.toThrow();
    // λ_W = 2.5: M = 2.5·diag(1/0.5, 1/3.5).
    closeMat(wProxAffineMap(convex, 2.5).M, diag(5, 2.5 / 3.5));
  });
});

describe('targets', () => {
  const one: GmmSpec = { weights: [1], means: [[1, 2]], covs: [diag(1, 1)] };

  it('the base: E_p r in closed form for polynomial rewards, by quadrature for max-linear, none for a formula', () => {
    const lin = baseTarget(one, linearReward([1, -0.5]))!;
    expect(lin.spec).toBe(one);
    close(lin.meanReward, 1 - 1);
    expect(lin.description).toBe('the base GMM p');
    expect(lin.logZ).toBeUndefined();
    // E max(x − 1, 1 − x) = E|x − 1| for x ~ N(1, 1): √(2/π).
    const ml = baseTarget(one, maxLinearReward([[1, 0], [-1, 0]], [-1, 1]))!;
    close(ml.meanReward, Math.sqrt(2 / Math.PI), 1e-9);
    expect(ml.description).toBe('the base GMM p');
    expect(baseTarget(one, formulaReward('x'))).toBeNull();
  });

  it('the KL tilt: the tilted spec, log Z, E_q r and its description', () => {
    // Linear θ = (1, 0), λ = 0.5: q = N((3, 2), I), log Z = θ·μ/λ + ½‖θ‖²/λ² = 2 + 2.
    const t = klTiltTarget(one, linearReward([1, 0]), 0.5)!;
    closeVec(t.spec.means[0], [3, 2]);
    close(t.logZ!, 4);
    close(t.meanReward, 3);
    expect(t.description).toBe('the tilted GMM q ∝ p·exp(r/λ), λ = 0.5 (closed form, §2.3)');
    expect(klTiltTarget(one, maxLinearReward([[1, 0]], [0]), 1)).toBeNull();
  });

  it('the W-prox pushforward: the pushed spec, E r, the transport cost and its description', () => {
    // Linear θ = (1, 0), λ_W = 0.5: T(x) = x + (2, 0), cost 4.
    const t = wProxTarget(one, linearReward([1, 0]), 0.5)!;
    closeVec(t.spec.means[0], [3, 2]);
    close(t.meanReward, 3);
    close(t.transportCost!, 4);
    expect(t.description).toBe('the W-prox pushforward T_#p, λ_W = 0.5 (closed form, §2.5)');
    expect(wProxTarget(one, formulaReward('x'), 1)).toBeNull();
    // A quadratic reward's target uses its polynomial: r = −½‖x − (1, 2)‖², λ_W = 1 → T(x) = (x + (1, 2))/2.
    const q = wProxTarget(one, quadraticReward(diag(1, 1), [1, 2]), 1)!;
    closeVec(q.spec.means[0], [1, 2]);
    closeMat(q.spec.covs[0], diag(0.25, 0.25));
    close(q.meanReward, -0.5 * 0.5);
  });
});

describe('the standard normal', () => {
  it('density φ(0) = 1/√(2π), φ(2) = e^{−2}/√(2π)', () => {
    close(normalPdf(0), 1 / Math.sqrt(2 * Math.PI), 1e-15);
    close(normalPdf(2), Math.exp(-2) / Math.sqrt(2 * Math.PI), 1e-15);
    close(normalPdf(-2), Math.exp(-2) / Math.sqrt(2 * Math.PI), 1e-15);
  });

  it('Φ at tabulated values, with relative accuracy in both tails and on both sides of the series/fraction switch', () => {
    const TABLE: Array<[number, number]> = [
      [-20, 2.75362411860623e-89],
      [-10, 7.61985302416053e-24],
      [-6, 9.8658764503769e-10],
      [-3, 1.3498980316300946e-3],
      [-2.9, 1.865813300383974e-3],
      [-2.7, 3.4669738030406647e-3],
      [-2.5, 6.20966532577613e-3],
      [-2, 2.27501319481792e-2],
      [-1, 0.15865525393145705],
      [0.5, 0.6914624612740131],
    ];
    for (const [z, p] of TABLE) {
      expect(Math.abs(normalCdf(z) / p - 1), `Φ(${z})`).toBeLessThan(1e-12);
      expect(Math.abs(1 - normalCdf(-z) - p), `1 − Φ(${-z})`).toBeLessThan(1e-15);
    }
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(-Infinity)).toBe(0);
  });
});

describe('E max of lines and of max-linear rewards', () => {
  const phi = (z: number) => Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  /** Clark (1961): E max(X, Y) = μ_X Φ(δ/θ) + μ_Y Φ(−δ/θ) + θ φ(δ/θ), δ = μ_X − μ_Y, θ² = Var(X − Y). */
  function clark(mx: number, my: number, varDiff: number): number {
    const th = Math.sqrt(varDiff);
    const d = (mx - my) / th;
    return mx * normalCdf(d) + my * normalCdf(-d) + th * phi(d);
  }

  it('parallel lines keep the larger intercept, in any order: E max(z, z + 3) = 3', () => {
    close(expectedMaxOfLines([{ slope: 1, intercept: 0 }, { slope: 1, intercept: 3 }]), 3, 1e-14);
    close(expectedMaxOfLines([{ slope: 1, intercept: 3 }, { slope: 1, intercept: 0 }]), 3, 1e-14);
  });

  it('E max(z + 3, −z) by Clark: 3Φ(1.5) + 2φ(1.5), whatever the order of the lines', () => {
    const want = 3 * normalCdf(1.5) + 2 * phi(1.5);
    close(expectedMaxOfLines([{ slope: 1, intercept: 3 }, { slope: -1, intercept: 0 }]), want, 1e-13);
    close(expectedMaxOfLines([{ slope: -1, intercept: 0 }, { slope: 1, intercept: 0 }, { slope: 1, intercept: 3 }]), want, 1e-13);
  });

  it('a line that is never the maximum is dropped: E max(0, z − 1, 2z) = E max(0, 2z) = 2φ(0)', () => {
    close(expectedMaxOfLines([{ slope: 0, intercept: 0 }, { slope: 1, intercept: -1 }, { slope: 2, intercept: 0 }]), 2 * phi(0), 1e-13);
    close(expectedMaxOfLines([{ slope: 2, intercept: 0 }, { slope: 0, intercept: 0 }, { slope: 1, intercept: -1 }]), 2 * phi(0), 1e-13);
  });

  it('three lines all on the envelope: E max(−z, 0.5, z) = 2(φ(0.5) − 0.5Φ(−0.5)) + 0.5(Φ(0.5) − Φ(−0.5))', () => {
    // ∫_{−∞}^{−0.5} −z φ + ∫_{−0.5}^{0.5} 0.5 φ + ∫_{0.5}^{∞} z φ = 2φ(0.5) + 0.5(Φ(0.5) − Φ(−0.5)).
    const want = 2 * phi(0.5) + 0.5 * (normalCdf(0.5) - normalCdf(-0.5));
    close(expectedMaxOfLines([{ slope: -1, intercept: 0 }, { slope: 0, intercept: 0.5 }, { slope: 1, intercept: 0 }]), want, 1e-13);
  });

  /** ∫_lo^hi (a z + c) φ(z) dz = a(φ(lo) − φ(hi)) + c(Φ(hi) − Φ(lo)). */
  const piece = (a: number, c: number, lo: number, hi: number) =>
    a * ((Number.isFinite(lo) ? phi(lo) : 0) - (Number.isFinite(hi) ? phi(hi) : 0)) + c * (normalCdf(hi) - normalCdf(lo));

  it('the upper envelope is found whatever the slopes and intercepts', () => {
    // max(0, z − 1, 3z − 2): z − 1 is never the maximum; 0 up to z = 2/3, then 3z − 2.
    close(
      expectedMaxOfLines([{ slope: 0, intercept: 0 }, { slope: 1, intercept: -1 }, { slope: 3, intercept: -2 }]),
      piece(3, -2, 2 / 3, Infinity),
      1e-13,
    );
    // max(−z − 2, −1.5, z − 2): all three, with breakpoints ∓0.5.
    close(
      expectedMaxOfLines([{ slope: -1, intercept: -2 }, { slope: 0, intercept: -1.5 }, { slope: 1, intercept: -2 }]),
      piece(-1, -2, -Infinity, -0.5) + piece(0, -1.5, -0.5, 0.5) + piece(1, -2, 0.5, Infinity),
      1e-13,
    );
    // max(−2z, −0.5, 2z − 3): breakpoints 0.25 and 1.25.
    close(
      expectedMaxOfLines([{ slope: 2, intercept: -3 }, { slope: -2, intercept: 0 }, { slope: 0, intercept: -0.5 }]),
      piece(-2, 0, -Infinity, 0.25) + piece(0, -0.5, 0.25, 1.25) + piece(2, -3, 1.25, Infinity),
      1e-13,
    );
  });

  it("leaves the caller's list of lines in its order", () => {
    const lines = [{ slope: 1, intercept: 0 }, { slope: -1, intercept: 0 }];
    expectedMaxOfLines(lines);
    expect(lines).toEqual([{ slope: 1, intercept: 0 }, { slope: -1, intercept: 0 }]);
  });

  it('E_p max(x, y) for a correlated mixture by Clark’s formula per component', () => {
    const spec: GmmSpec = {
      weights: [0.4, 0.6],
      means: [[0.5, -0.2], [-1, 1]],
      covs: [[[1, 0.3], [0.3, 0.5]], [[0.4, -0.1], [-0.1, 2]]],
    };
    const want = spec.weights.reduce((s, w, k) => {
      const [mx, my] = spec.means[k];
      const S = spec.covs[k];
      return s + w * clark(mx, my, S[0][0] + S[1][1] - 2 * S[0][1]);
    }, 0);
    close(gmmExpectedMaxLinear(spec, [[1, 0], [0, 1]], [0, 0]), want, 1e-9);
    // A third piece far below changes nothing.
    close(gmmExpectedMaxLinear(spec, [[1, 0], [0, 1], [0, 0]], [0, 0, -100]), want, 1e-9);
  });

  it('E_p |x − 1| (max(x − 1, 1 − x)) for a mixture: the folded normal σ√(2/π)e^{−m²/2σ²} + m(1 − 2Φ(−m/σ))', () => {
    const spec: GmmSpec = { weights: [0.25, 0.75], means: [[0, 3], [2.5, -1]], covs: [[[2, 0.7], [0.7, 1]], diag(0.5, 3)] };
    const folded = (m: number, v: number) => {
      const s = Math.sqrt(v);
      return s * Math.sqrt(2 / Math.PI) * Math.exp(-(m * m) / (2 * v)) + m * (1 - 2 * normalCdf(-m / s));
    };
    const want = 0.25 * folded(0 - 1, 2) + 0.75 * folded(2.5 - 1, 0.5);
    close(gmmExpectedMaxLinear(spec, [[1, 0], [-1, 0]], [-1, 1]), want, 1e-9);
  });

  it('pieces that differ only in the sign of one coefficient are not merged: E max(x + y, x − y) = E x + E|y|', () => {
    const spec: GmmSpec = { weights: [0.5, 0.5], means: [[1, 0.5], [-2, -1]], covs: [diag(1, 1), diag(0.5, 2)] };
    const absMean = (m: number, v: number) => Math.sqrt(v) * Math.sqrt(2 / Math.PI) * Math.exp(-(m * m) / (2 * v)) + m * (1 - 2 * normalCdf(-m / Math.sqrt(v)));
    const want = 0.5 * (1 + absMean(0.5, 1)) + 0.5 * (-2 + absMean(-1, 2));
    close(gmmExpectedMaxLinear(spec, [[1, 1], [1, -1]], [0, 0]), want, 1e-9);
  });

  it('two pieces whose difference is perpendicular to any one fixed direction are still integrated exactly', () => {
    // θ₂ − θ₁ ⟂ (cos φ, sin φ) for φ = 0.5°: along that direction the two pieces are parallel, so the inner
    // direction must be chosen from the pieces. E max(0, θ₂·x) for x ~ N(μ, I) by Clark's formula.
    const phi0 = Math.PI / 360;
    const t: Vec2 = [-2 * Math.sin(phi0), 2 * Math.cos(phi0)];
    const mu: Vec2 = [0.3, -0.4];
    const spec: GmmSpec = { weights: [1], means: [mu], covs: [diag(1, 1)] };
    close(gmmExpectedMaxLinear(spec, [[0, 0], t], [0, 0]), clark(0, t[0] * mu[0] + t[1] * mu[1], 4), 1e-9);
  });

  it('identical pieces are one piece with the larger bias: E max(x, x + 2) = E x + 2', () => {
    const spec: GmmSpec = { weights: [0.5, 0.5], means: [[1, 0], [-3, 0]], covs: [diag(1, 1), diag(2, 2)] };
    close(gmmExpectedMaxLinear(spec, [[1, 0], [1, 0]], [0, 2]), -1 + 2, 1e-14);
  });
});

describe('exact draws', () => {
  it('x = μ_k + L_k z with the component the random source picks (L = chol S, by hand)', () => {
    // S = [[4, 2], [2, 5]]: L = [[2, 0], [1, 2]].
    const spec: GmmSpec = { weights: [0.2, 0.8], means: [[1, 1], [10, -10]], covs: [diag(1, 1), [[4, 2], [2, 5]]] };
    const picks = [1, 0];
    const normals = [1, -1, 0.5, 2];
    const seen: number[][] = [];
    const rng = {
      categorical: (w: ArrayLike<number>) => {
        seen.push(Array.from(w));
        return picks.shift()!;
      },
      normal: () => normals.shift()!,
    } as unknown as Rng;
    const out = sampleGmm(spec, 2, rng);
    // Draw 1: component 2, z = (1, −1): (10 + 2, −10 + 1 − 2). Draw 2: component 1, z = (0.5, 2): (1.5, 3).
    expect(Array.from(out)).toEqual([12, -11, 1.5, 3]);
    expect(seen).toEqual([
      [0.2, 0.8],
      [0.2, 0.8],
    ]);
  });
});
