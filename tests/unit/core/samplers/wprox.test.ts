// The Wasserstein-proximal sampler (algorithms.md §4) against the closed forms of §2.5: §7 checks 13–16, the
// per-step chart definition, the oracle choice, errors (unbounded objective, non-finite rewards) and tensor hygiene.
import '@tensorflow/tfjs'; // registers tfjs gradients in Node (formula rewards differentiate with tf.grad)
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../../src/cli/backend';
import { wProxPushforward } from '../../../../src/core/exact';
import { add2, I2, inv2, matMul2, matVec2, scale2, trace2, vadd } from '../../../../src/core/linalg2';
import type { Mat2, Vec2 } from '../../../../src/core/linalg2';
import { GmmDenoiser } from '../../../../src/core/models/gmm';
import { buildReward } from '../../../../src/core/rewards/index';
import { baseSampler } from '../../../../src/core/samplers/base';
import { NonFiniteError } from '../../../../src/core/samplers/common';
import { gradientAscentProx } from '../../../../src/core/samplers/prox/gradientAscent';
import { gridSearchProx } from '../../../../src/core/samplers/prox/gridSearch';
import { samplerFor } from '../../../../src/core/samplers/registry';
import { wProxSampler } from '../../../../src/core/samplers/wProx';
import { DEFAULT_SCENARIO, parseScenario } from '../../../../src/core/scenario';
import { FieldError } from '../../../../src/core/types';
import type { GmmSpec, Reward, SampleOutput, SamplerContext, SamplerDef, StepFrame } from '../../../../src/core/types';
import { FIXTURE_GMM, FIXTURE_QUADRATIC, gmmMoments, meanTolerance, SINGLE_GAUSSIAN } from '../../fixtures';

beforeAll(async () => {
  await useNodeBackend('wasm');
});

interface Run {
  samples: Float32Array;
  summary: SampleOutput['summary'];
  frames: StepFrame[];
}

function context(spec: GmmSpec, reward: Reward, opts: Partial<SamplerContext> = {}): SamplerContext {
  return {
    denoiser: new GmmDenoiser(spec),
    reward,
    particles: 2048,
    steps: 20,
    eta: 1,
    kernel: 'exact',
    seed: 3,
    emitPositions: false,
    ...opts,
  };
}

/** Runs a sampler to the end and checks that it leaves the live tensor count as it found it. */
async function run<P extends { kind: string }>(sampler: SamplerDef<P>, ctx: SamplerContext, params: P): Promise<Run> {
  const before = tf.memory().numTensors;
  const gen = sampler.run(ctx, params);
  const frames: StepFrame[] = [];
  for (;;) {
    const r = await gen.next();
    if (r.done) {
      expect(tf.memory().numTensors).toBe(before);
      return { samples: r.value.samples, summary: r.value.summary, frames };
    }
    frames.push(r.value);
  }
}

const wprox = (lambda: number) => ({ kind: 'w-prox' as const, lambda });
const linear = () => buildReward({ kind: 'linear', theta: [1, -0.5] });
const quadratic = () => buildReward({ kind: 'quadratic', A: FIXTURE_QUADRATIC.A, c: FIXTURE_QUADRATIC.c });

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>, shift: Vec2 = [0, 0]): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i] - shift[i % 2]));
  return m;
}

/** §2.5 affine map of r = −½(y − c)ᵀA(y − c): M = λ(A + λI)⁻¹, m = (A + λI)⁻¹Ac (computed here, independently). */
function affineMap(A: Mat2, c: Vec2, lambdaW: number): { M: Mat2; m: Vec2 } {
  const Hinv = inv2(add2(A, scale2(I2, lambdaW)));
  return { M: scale2(Hinv, lambdaW), m: matVec2(Hinv, matVec2(A, c)) };
}

function pushforward(spec: GmmSpec, M: Mat2, m: Vec2): { spec: GmmSpec; cost: number } {
  const D = add2(M, scale2(I2, -1));
  const DT: Mat2 = [
    [D[0][0], D[1][0]],
    [D[0][1], D[1][1]],
  ];
  const MT: Mat2 = [
    [M[0][0], M[1][0]],
    [M[0][1], M[1][1]],
  ];
  let cost = 0;
  spec.weights.forEach((w, k) => {
    const s = vadd(matVec2(D, spec.means[k]), m);
    cost += w * (s[0] * s[0] + s[1] * s[1] + trace2(matMul2(matMul2(D, spec.covs[k]), DT)));
  });
  return {
    spec: {
      weights: spec.weights,
      means: spec.means.map((mu) => vadd(matVec2(M, mu), m)),
      covs: spec.covs.map((S) => matMul2(matMul2(M, S), MT)),
    },
    cost,
  };
}

/** Sample mean, covariance and the standard error of each covariance entry (from fourth moments). */
function sampleMoments(pts: Float32Array): { mean: Vec2; cov: Mat2; covSE: Mat2 } {
  const n = pts.length / 2;
  const mean: Vec2 = [0, 0];
  for (let i = 0; i < n; i++) {
    mean[0] += pts[2 * i] / n;
    mean[1] += pts[2 * i + 1] / n;
  }
  const cov: Mat2 = [
    [0, 0],
    [0, 0],
  ];
  const sq: Mat2 = [
    [0, 0],
    [0, 0],
  ];
  for (let i = 0; i < n; i++) {
    const d = [pts[2 * i] - mean[0], pts[2 * i + 1] - mean[1]];
    for (let a = 0; a < 2; a++) {
      for (let b = 0; b < 2; b++) {
        cov[a][b] += (d[a] * d[b]) / n;
        sq[a][b] += (d[a] * d[b]) ** 2 / n;
      }
    }
  }
  const covSE = cov.map((row, a) => row.map((c, b) => Math.sqrt((sq[a][b] - c * c) / n))) as Mat2;
  return { mean, cov, covSE };
}

/** Squared transport distances ‖y_i − x_i‖², their mean and its standard error. */
function transport(ys: Float32Array, xs: Float32Array): { mean: number; se: number } {
  const n = ys.length / 2;
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const d = (ys[2 * i] - xs[2 * i]) ** 2 + (ys[2 * i + 1] - xs[2 * i + 1]) ** 2;
    s += d;
    s2 += d * d;
  }
  const mean = s / n;
  return { mean, se: Math.sqrt(Math.max(0, s2 / n - mean * mean) / n) };
}

/** 2×2 SPD square root: √M = (M + √det·I)/√(tr M + 2√det). */
function sqrtm(M: Mat2): Mat2 {
  const s = Math.sqrt(M[0][0] * M[1][1] - M[0][1] * M[1][0]);
  const t = Math.sqrt(M[0][0] + M[1][1] + 2 * s);
  return scale2(add2(M, scale2(I2, s)), 1 / t);
}

/** Bures–Wasserstein W₂² between N(μ1, S1) and N(μ2, S2). */
function bures(mu1: Vec2, S1: Mat2, mu2: Vec2, S2: Mat2): number {
  const r = sqrtm(S1);
  const cross = sqrtm(matMul2(matMul2(r, S2), r));
  return (mu1[0] - mu2[0]) ** 2 + (mu1[1] - mu2[1]) ** 2 + trace2(S1) + trace2(S2) - 2 * trace2(cross);
}

describe('§7 check 13: the oracles', () => {
  it('linear: T(x) − x = a/λ_W (1e-6), the pre-map samples being the base sampler’s', async () => {
    const lambdaW = 2;
    const base = await run(baseSampler, context(FIXTURE_GMM, linear(), { kernel: 'ddpm' }), { kind: 'base' });
    const w = await run(wProxSampler, context(FIXTURE_GMM, linear(), { kernel: 'ddpm' }), wprox(lambdaW));
    expect(maxAbsDiff(w.samples, base.samples, [1 / lambdaW, -0.5 / lambdaW])).toBeLessThan(1e-6);
    expect(w.summary).toMatchObject({ method: 'w-prox/closed-form', exact: true });
    // E‖T(x) − x‖² = ‖a‖²/λ_W² exactly.
    expect(Math.abs(w.summary.transportCost! - 1.25 / lambdaW ** 2)).toBeLessThan(1e-6);
  });

  it('quadratic: gradient ascent equals the closed form (1e-4) with residual ‖∇r(y) − λ_W(y − x)‖ < 1e-4', async () => {
    const lambdaW = FIXTURE_QUADRATIC.lambda;
    const closed = quadratic();
    const noClosedForm: Reward = { ...closed, prox: undefined };
    const ctx = { particles: 1024, steps: 10 };
    const a = await run(wProxSampler, context(FIXTURE_GMM, closed, ctx), wprox(lambdaW));
    const b = await run(wProxSampler, context(FIXTURE_GMM, noClosedForm, ctx), wprox(lambdaW));
    expect(b.summary.method).toBe('w-prox/gradient-ascent');
    expect(b.summary.exact).toBe(true);
    expect(maxAbsDiff(a.samples, b.samples)).toBeLessThan(1e-4);

    const base = await run(baseSampler, context(FIXTURE_GMM, closed, ctx), { kind: 'base' });
    const x = tf.tensor2d(base.samples, [1024, 2]);
    const ga = await gradientAscentProx(noClosedForm, x, lambdaW);
    expect(ga.converged).toBe(true);
    expect(ga.residual).toBeLessThan(1e-6);
    const y = await ga.y.data();
    tf.dispose([x, ga.y]);
    // Residual recomputed in float64: ∇r(y) = −A(y − c).
    const { A, c } = FIXTURE_QUADRATIC;
    let worst = 0;
    for (let i = 0; i < 1024; i++) {
      const d: Vec2 = [y[2 * i] - c[0], y[2 * i + 1] - c[1]];
      const g = matVec2(A, d);
      worst = Math.max(
        worst,
        Math.hypot(-g[0] - lambdaW * (y[2 * i] - base.samples[2 * i]), -g[1] - lambdaW * (y[2 * i + 1] - base.samples[2 * i + 1])),
      );
    }
    expect(worst).toBeLessThan(1e-4);
  });

  it('the oracle is the best one available: closed form, gradient ascent, grid', async () => {
    const small = { particles: 64, steps: 3 };
    const ml = buildReward({ kind: 'max-linear', thetas: [[1, 0], [-1, 0.5]], biases: [0, 0.5] });
    const f = buildReward({ kind: 'formula', expr: 'sin(3*x) + cos(2*y)' });
    expect((await run(wProxSampler, context(FIXTURE_GMM, ml, small), wprox(1))).summary).toMatchObject({
      method: 'w-prox/closed-form',
      exact: true,
    });
    const grid = await run(wProxSampler, context(FIXTURE_GMM, f, small), wprox(1));
    expect(grid.summary).toMatchObject({ method: 'w-prox/grid', exact: false });
    expect(grid.summary.note).toMatch(/estimated/);
    expect(samplerFor('w-prox')).toBe(wProxSampler);
  });
});

describe('§7 check 14: pushforward moments and transport cost (exact kernel, N = 20000)', () => {
  const N = 20000;
  const cases: Array<{ name: string; reward: () => Reward; A: Mat2; c: Vec2; lambdaW: number }> = [
    { name: 'linear', reward: linear, A: [[0, 0], [0, 0]], c: [0, 0], lambdaW: 0.7 },
    { name: 'quadratic', reward: quadratic, A: FIXTURE_QUADRATIC.A, c: FIXTURE_QUADRATIC.c, lambdaW: FIXTURE_QUADRATIC.lambda },
  ];
  for (const cs of cases) {
    it(`${cs.name}: mean and covariance within 4 SE of T_#p, E‖T(x) − x‖² within 4 SE of the §2.5 cost`, async () => {
      // The linear case: r = θ·y is the polynomial with A = 0, b = θ; T(x) = x + θ/λ_W.
      const poly = cs.reward().polynomial!;
      const { M, m } = cs.name === 'linear' ? { M: I2, m: [1 / cs.lambdaW, -0.5 / cs.lambdaW] as Vec2 } : affineMap(cs.A, cs.c, cs.lambdaW);
      const mine = pushforward(FIXTURE_GMM, M, m);
      const theirs = wProxPushforward(FIXTURE_GMM, poly, cs.lambdaW);
      expect(Math.abs(mine.cost - theirs.transportCost)).toBeLessThan(1e-12);
      const target = gmmMoments(mine.spec);

      const ctx = { particles: N, steps: 20 };
      const base = await run(baseSampler, context(FIXTURE_GMM, cs.reward(), ctx), { kind: 'base' });
      const w = await run(wProxSampler, context(FIXTURE_GMM, cs.reward(), ctx), wprox(cs.lambdaW));
      const got = sampleMoments(w.samples);
      expect(Math.hypot(got.mean[0] - target.mean[0], got.mean[1] - target.mean[1])).toBeLessThan(meanTolerance(target.cov, N));
      for (let a = 0; a < 2; a++) {
        for (let b = 0; b < 2; b++) expect(Math.abs(got.cov[a][b] - target.cov[a][b])).toBeLessThan(4 * got.covSE[a][b]);
      }
      const mc = transport(w.samples, base.samples);
      if (cs.name === 'linear') expect(Math.abs(mc.mean - mine.cost)).toBeLessThan(1e-5);
      else expect(Math.abs(mc.mean - mine.cost)).toBeLessThan(4 * mc.se);
      // The sampler's own transport cost is that Monte-Carlo mean (float32 sums on the device).
      expect(Math.abs(w.summary.transportCost! - mc.mean)).toBeLessThan(1e-4 * mc.mean);
    });
  }

  it('single Gaussian: the §2.5 cost equals the Bures W₂² (rel 1e-4), and so does the sampled cost (4 SE)', async () => {
    const { A, c, lambda } = FIXTURE_QUADRATIC;
    const { M, m } = affineMap(A, c, lambda);
    const pushed = pushforward(SINGLE_GAUSSIAN, M, m);
    const W2 = bures(SINGLE_GAUSSIAN.means[0], SINGLE_GAUSSIAN.covs[0], pushed.spec.means[0], pushed.spec.covs[0]);
    expect(Math.abs(pushed.cost - W2)).toBeLessThan(1e-4 * W2);
    const ctx = { particles: N, steps: 20 };
    const base = await run(baseSampler, context(SINGLE_GAUSSIAN, quadratic(), ctx), { kind: 'base' });
    const w = await run(wProxSampler, context(SINGLE_GAUSSIAN, quadratic(), ctx), wprox(lambda));
    const mc = transport(w.samples, base.samples);
    expect(Math.abs(mc.mean - W2)).toBeLessThan(4 * mc.se);
  });
});

describe('§7 check 15: the limits of λ_W', () => {
  const ctx = { particles: 512, steps: 10, kernel: 'ddpm' as const };

  it('λ_W → ∞ gives T = id: the base samples (1e-6) for every oracle', async () => {
    const base = await run(baseSampler, context(FIXTURE_GMM, linear(), ctx), { kind: 'base' });
    const rewards = [
      linear(),
      quadratic(),
      { ...quadratic(), prox: undefined },
      buildReward({ kind: 'max-linear', thetas: [[1, 0], [-1, 0.5]], biases: [0, 0.5] }),
      buildReward({ kind: 'formula', expr: 'sin(3*x) + cos(2*y)' }),
    ];
    for (const r of rewards) {
      const w = await run(wProxSampler, context(FIXTURE_GMM, r, ctx), wprox(1e9));
      expect(maxAbsDiff(w.samples, base.samples)).toBeLessThan(1e-6);
    }
  });

  it('λ_W → 0 gives y → argmax r (0.01): closed form and grid search', async () => {
    const c = FIXTURE_QUADRATIC.c;
    const closed = await run(wProxSampler, context(FIXTURE_GMM, quadratic(), ctx), wprox(1e-4));
    const grid = await run(
      wProxSampler,
      context(FIXTURE_GMM, buildReward({ kind: 'formula', expr: '-(x-1)^2 - 2*(y-1)^2' }), ctx),
      wprox(1e-4),
    );
    for (const w of [closed, grid]) {
      let worst = 0;
      for (let i = 0; i < w.samples.length; i += 2) worst = Math.max(worst, Math.hypot(w.samples[i] - c[0], w.samples[i + 1] - c[1]));
      expect(worst).toBeLessThan(0.01);
    }
  });
});

describe('§7 check 16: grid search for a non-concave Lipschitz reward', () => {
  const host = (x: number, y: number) => Math.sin(3 * x) + Math.cos(2 * y);
  const L = Math.sqrt(13); // ‖∇r‖ = ‖(3cos 3x, −2 sin 2y)‖ ≤ √13
  const objective = (lambdaW: number, x: Vec2, y: Vec2) => host(y[0], y[1]) - (lambdaW / 2) * ((y[0] - x[0]) ** 2 + (y[1] - x[1]) ** 2);
  // y is float32: objective comparisons on the host allow its rounding, (L + λ_W‖y − x‖)·ulp(|y|) ≲ 1e-5.
  const ROUNDING = 1e-5;

  it('the value is within L·h of a 10× finer brute force, and never below the value at x', async () => {
    const reward = buildReward({ kind: 'formula', expr: 'sin(3*x) + cos(2*y)' });
    const pts = Array.from({ length: 48 }, (_, i) => [2 * Math.sin(1.7 * i), 2 * Math.cos(2.3 * i)] as Vec2);
    for (const lambdaW of [0.5, 2]) {
      const x = tf.tensor2d(pts);
      const { y, report } = await gridSearchProx(reward, x, lambdaW, { lipschitz: L });
      const ys = await y.data();
      tf.dispose([x, y]);
      expect(report.radius).toBeCloseTo((2 * L) / lambdaW, 10);
      const h = report.spacing;
      const fine = h / 10;
      const m = Math.round(report.radius / fine);
      pts.forEach((xp, i) => {
        let brute = -Infinity;
        for (let a = -m; a <= m; a++) {
          for (let b = -m; b <= m; b++) brute = Math.max(brute, objective(lambdaW, xp, [xp[0] + a * fine, xp[1] + b * fine]));
        }
        const ours = objective(lambdaW, xp, [ys[2 * i], ys[2 * i + 1]]);
        expect(ours).toBeGreaterThanOrEqual(brute - L * h);
        expect(ours).toBeGreaterThanOrEqual(objective(lambdaW, xp, xp) - ROUNDING);
        expect(ours).toBeLessThanOrEqual(brute + report.valueErrorBound / 10 + ROUNDING);
      });
    }
  });

  it('through the sampler (L estimated): every sample’s objective is ≥ its value at the base sample', async () => {
    const lambdaW = 1;
    const ctx = { particles: 1024, steps: 8, kernel: 'ddpm' as const };
    const reward = buildReward({ kind: 'formula', expr: 'sin(3*x) + cos(2*y)' });
    const base = await run(baseSampler, context(FIXTURE_GMM, reward, ctx), { kind: 'base' });
    const w = await run(wProxSampler, context(FIXTURE_GMM, reward, ctx), wprox(lambdaW));
    let moved = 0;
    for (let i = 0; i < 1024; i++) {
      const xp: Vec2 = [base.samples[2 * i], base.samples[2 * i + 1]];
      const yp: Vec2 = [w.samples[2 * i], w.samples[2 * i + 1]];
      expect(objective(lambdaW, xp, yp)).toBeGreaterThanOrEqual(objective(lambdaW, xp, xp) - ROUNDING);
      if (yp[0] !== xp[0] || yp[1] !== xp[1]) moved++;
    }
    expect(moved).toBeGreaterThan(1000);
    expect(w.summary.meanReward).toBeGreaterThan((await run(baseSampler, context(FIXTURE_GMM, reward, ctx), { kind: 'base' })).summary.meanReward);
    expect(w.summary.note).toMatch(/first 128 of 1024 particles/);
  });
});

describe('per-step charts (§4): mean r(T(x̂0(x_k))), no weights', () => {
  async function chartMean(reward: Reward, positions: Float32Array, t: number, lambdaW: number, count: number): Promise<number> {
    const den = new GmmDenoiser(FIXTURE_GMM);
    const x = tf.tensor2d(positions.slice(0, 2 * count), [count, 2]);
    const x0 = den.x0(x, t);
    const y = reward.prox ? reward.prox(x0, lambdaW) : (await gridSearchProx(reward, x0, lambdaW)).y;
    const r = reward.value(y);
    const mean = Array.from(await r.data()).reduce((s, v) => s + v, 0) / count;
    tf.dispose([x, x0, y, r]);
    return mean;
  }

  it('closed form (all particles) and grid (the first 128) recompute from the emitted positions', async () => {
    const ctx = { particles: 300, steps: 6, kernel: 'ddpm' as const, emitPositions: true };
    const cases: Array<[Reward, number, number]> = [
      [quadratic(), 0.5, 300],
      [buildReward({ kind: 'formula', expr: 'sin(3*x) + cos(2*y)' }), 1, 128],
    ];
    for (const [reward, lambdaW, count] of cases) {
      const w = await run(wProxSampler, context(FIXTURE_GMM, reward, ctx), wprox(lambdaW));
      expect(w.frames.map((f) => f.stats.k)).toEqual([5, 4, 3, 2, 1, 0]);
      for (const f of w.frames) {
        expect(f.stats).toMatchObject({ logWeightVar: null, logWeightVarCum: null, ess: null, resampled: false });
        const expected = await chartMean(reward, f.positions!, f.stats.t, lambdaW, count);
        expect(Math.abs(f.stats.meanReward - expected)).toBeLessThan(1e-5 * (1 + Math.abs(expected)));
      }
      expect(w.summary.logWeightReason).toMatch(/deterministic transport/);
    }
  });
});

describe('errors', () => {
  it('an unbounded objective (A + λ_W I not ≻ 0) is a FieldError on sampler.lambda, from the sampler and parseScenario', async () => {
    const saddle = { kind: 'quadratic' as const, A: [[-1, 0], [0, 1]] as Mat2, c: [0, 0] as Vec2 };
    const before = tf.memory().numTensors;
    const gen = wProxSampler.run(context(FIXTURE_GMM, buildReward(saddle)), wprox(0.5));
    await expect(gen.next()).rejects.toThrow(FieldError);
    expect(tf.memory().numTensors).toBe(before);
    let error: unknown = null;
    try {
      parseScenario({ ...DEFAULT_SCENARIO, reward: saddle, sampler: { kind: 'w-prox', lambda: 0.5 } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FieldError);
    expect((error as FieldError).field).toBe('sampler.lambda');
    expect(parseScenario({ ...DEFAULT_SCENARIO, reward: saddle, sampler: { kind: 'w-prox', lambda: 1.5 } }).sampler).toEqual({
      kind: 'w-prox',
      lambda: 1.5,
    });
  });

  it('a reward that is not finite at the particles stops the run with NonFiniteError and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const ctx = context(FIXTURE_GMM, buildReward({ kind: 'formula', expr: 'log(x)' }), { particles: 64, steps: 4 });
    const gen = wProxSampler.run(ctx, wprox(1));
    await expect(
      (async () => {
        while (!(await gen.next()).done);
      })(),
    ).rejects.toThrow(NonFiniteError);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('tensor hygiene', () => {
  it('x is released when the consumer stops early', async () => {
    const before = tf.memory().numTensors;
    const gen = wProxSampler.run(context(FIXTURE_GMM, quadratic(), { particles: 64, steps: 5 }), wprox(1));
    await gen.next();
    await gen.return(undefined as unknown as SampleOutput);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('the grid and gradient-ascent oracles leak nothing on their own', async () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor2d([
      [0.1, 0.2],
      [-1, 2],
      [3, -1],
    ]) as Tensor2D;
    const g = await gridSearchProx(buildReward({ kind: 'formula', expr: 'sin(3*x)' }), x, 1);
    const a = await gradientAscentProx(quadratic(), x, 1);
    tf.dispose([x, g.y, a.y]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
