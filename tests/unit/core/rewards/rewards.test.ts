// Rewards (architecture.md "Reward contract", algorithms.md §2.5, §4): values and gradients against float64 host formulas
// and finite differences, canonical polynomial forms, flags, closed-form prox maps, the exact max-linear prox
// against a brute-force grid, the registry's validation and tensor hygiene.
import '@tensorflow/tfjs'; // registers tfjs gradients in Node (the formula reward differentiates with tf.grad)
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../../src/core/rng';
import { buildReward, rewardKinds } from '../../../../src/core/rewards/index';
import type { RewardSpec } from '../../../../src/core/scenario';
import { FieldError } from '../../../../src/core/types';
import type { Reward, Vec2 } from '../../../../src/core/types';

type HostFn = (x: number, y: number) => number;

/** The error f throws, or null when it returns normally. */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return null;
}

const rng = new Rng(7, 'rewards-test');
function randomPoints(n: number, scale = 3): Vec2[] {
  return Array.from({ length: n }, () => [scale * rng.normal(), scale * rng.normal()] as Vec2);
}

async function evalReward(reward: Reward, pts: Vec2[]): Promise<{ value: Float32Array; grad: Float32Array }> {
  const x = tf.tensor2d(pts, [pts.length, 2]);
  const v = reward.value(x);
  const g = reward.grad(x);
  const out = { value: (await v.data()) as Float32Array, grad: (await g.data()) as Float32Array };
  tf.dispose([x, v, g]);
  return out;
}

/** Central differences of a float64 host function (h = 1e-6: truncation ~1e-12, round-off ~1e-10). */
function fdGrad(f: HostFn, x: number, y: number, h = 1e-6): Vec2 {
  return [(f(x + h, y) - f(x - h, y)) / (2 * h), (f(x, y + h) - f(x, y - h)) / (2 * h)];
}

interface Case {
  name: string;
  spec: RewardSpec;
  host: HostFn;
  /** Points where the host function is not differentiable (max-linear kinks) are skipped. */
  smoothAt?: (x: number, y: number) => boolean;
}

const maxLin = { thetas: [[1, 0], [-1, 0.5], [0.2, -1]] as Vec2[], biases: [0, 0.5, -0.3] };
const CASES: Case[] = [
  { name: 'linear', spec: { kind: 'linear', theta: [1, -0.5] }, host: (x, y) => x - 0.5 * y },
  {
    name: 'quadratic',
    spec: { kind: 'quadratic', A: [[2, 0.3], [0.3, 1]], c: [1, -1] },
    host: (x, y) => -0.5 * (2 * (x - 1) ** 2 + 2 * 0.3 * (x - 1) * (y + 1) + (y + 1) ** 2),
  },
  {
    name: 'max-linear',
    spec: { kind: 'max-linear', ...maxLin },
    host: (x, y) => Math.max(...maxLin.thetas.map((t, i) => t[0] * x + t[1] * y + maxLin.biases[i])),
    smoothAt: (x, y) => {
      const v = maxLin.thetas.map((t, i) => t[0] * x + t[1] * y + maxLin.biases[i]).sort((a, b) => b - a);
      return v[0] - v[1] > 1e-3;
    },
  },
  {
    name: 'formula',
    spec: { kind: 'formula', expr: '-(x-1)^2 + sin(3*y) + 0.1*x*y' },
    host: (x, y) => -((x - 1) ** 2) + Math.sin(3 * y) + 0.1 * x * y,
  },
];

describe('reward values and gradients', () => {
  for (const c of CASES) {
    it(`${c.name}: value matches the float64 formula and grad matches central finite differences`, async () => {
      const reward = buildReward(c.spec);
      const pts = randomPoints(200);
      const { value, grad } = await evalReward(reward, pts);
      let worstValue = 0;
      let worstGrad = 0;
      pts.forEach(([x, y], i) => {
        const v = c.host(x, y);
        // float32 evaluation: a few ulps of the largest intermediate (|terms| ≲ 50 here).
        worstValue = Math.max(worstValue, Math.abs(value[i] - v) / (1 + Math.abs(v)));
        if (c.smoothAt && !c.smoothAt(x, y)) return;
        const g = fdGrad(c.host, x, y);
        worstGrad = Math.max(worstGrad, Math.hypot(grad[2 * i] - g[0], grad[2 * i + 1] - g[1]) / (1 + Math.hypot(g[0], g[1])));
      });
      expect(worstValue).toBeLessThan(2e-6);
      expect(worstGrad).toBeLessThan(2e-6);
    });
  }

  it('the polynomial canonical form −½xᵀAx + bᵀx + c reproduces the value (linear, quadratic)', async () => {
    for (const c of CASES.slice(0, 2)) {
      const reward = buildReward(c.spec);
      const poly = reward.polynomial!;
      for (const [x, y] of randomPoints(20)) {
        const canon = -0.5 * (poly.A[0][0] * x * x + 2 * poly.A[0][1] * x * y + poly.A[1][1] * y * y) + poly.b[0] * x + poly.b[1] * y + poly.c;
        expect(Math.abs(canon - c.host(x, y))).toBeLessThan(1e-10 * (1 + Math.abs(canon)));
      }
    }
  });

  it('flags: concavity, Lipschitz and smoothness bounds are the documented ones', () => {
    const lin = buildReward({ kind: 'linear', theta: [3, -4] });
    expect([lin.concave, lin.lipschitz, lin.smoothness]).toEqual([true, 5, 0]);
    const concaveQ = buildReward({ kind: 'quadratic', A: [[2, 0], [0, 1]], c: [1, 1] });
    expect([concaveQ.concave, concaveQ.lipschitz, concaveQ.smoothness]).toEqual([true, undefined, 2]);
    const saddle = buildReward({ kind: 'quadratic', A: [[-1, 0], [0, 1]], c: [0, 0] });
    expect(saddle.concave).toBe(false);
    const ml = buildReward({ kind: 'max-linear', ...maxLin });
    expect(ml.concave).toBe(false);
    expect(ml.lipschitz).toBeCloseTo(Math.max(...maxLin.thetas.map((t) => Math.hypot(t[0], t[1]))), 12);
    expect(ml.maxLinear).toEqual(maxLin);
    const f = buildReward({ kind: 'formula', expr: 'x' });
    expect([f.concave, f.lipschitz, f.prox]).toEqual([false, undefined, undefined]);
  });

  it('labels read as formulas', () => {
    expect(buildReward({ kind: 'linear', theta: [1, -0.5] }).label).toBe('r(x, y) = 1·x − 0.5·y');
    expect(buildReward({ kind: 'max-linear', thetas: [[1, 0], [-1, 0]], biases: [0, 2] }).label).toBe('r(x, y) = max(1·x, −1·x + 2)');
    expect(buildReward({ kind: 'formula', expr: ' x^2 ' }).label).toBe('r(x, y) = x^2');
  });
});

/** W-prox objective r(y) − (λ/2)‖y − x‖² in float64. */
function objective(host: HostFn, lambdaW: number, x: Vec2, y: Vec2): number {
  return host(y[0], y[1]) - (lambdaW / 2) * ((y[0] - x[0]) ** 2 + (y[1] - x[1]) ** 2);
}

async function proxOf(reward: Reward, pts: Vec2[], lambdaW: number): Promise<Vec2[]> {
  const x = tf.tensor2d(pts, [pts.length, 2]);
  const y = reward.prox!(x, lambdaW);
  const data = await y.data();
  tf.dispose([x, y]);
  return pts.map((_, i) => [data[2 * i], data[2 * i + 1]] as Vec2);
}

describe('closed-form prox maps (§2.5)', () => {
  it('linear: T(x) = x + θ/λ_W', async () => {
    const reward = buildReward({ kind: 'linear', theta: [1, -0.5] });
    const pts = randomPoints(50);
    const ys = await proxOf(reward, pts, 0.8);
    ys.forEach((y, i) => {
      expect(Math.abs(y[0] - pts[i][0] - 1 / 0.8)).toBeLessThan(1e-6);
      expect(Math.abs(y[1] - pts[i][1] + 0.5 / 0.8)).toBeLessThan(1e-6);
    });
  });

  it('quadratic: T(x) = (A + λ_W I)⁻¹(Ac + λ_W x) is stationary: ∇r(y) = λ_W(y − x)', async () => {
    const c = CASES[1];
    const reward = buildReward(c.spec);
    const pts = randomPoints(50);
    for (const lambdaW of [0.1, 1, 10]) {
      const ys = await proxOf(reward, pts, lambdaW);
      ys.forEach((y, i) => {
        const g = fdGrad(c.host, y[0], y[1]);
        const res = Math.hypot(g[0] - lambdaW * (y[0] - pts[i][0]), g[1] - lambdaW * (y[1] - pts[i][1]));
        // float32 y (|y| ≲ 10): residual ≲ (‖A‖ + λ_W)·ulp(10) ≈ 1e-5.
        expect(res).toBeLessThan(2e-5 * (1 + lambdaW));
      });
    }
  });

  it('quadratic: no prox when A + λ_W I is not positive definite (the objective is unbounded)', () => {
    const reward = buildReward({ kind: 'quadratic', A: [[-1, 0], [0, 1]], c: [0, 0] });
    const x = tf.tensor2d([[0, 0]]);
    for (const lambdaW of [0.5, 1]) {
      const error = thrown(() => reward.prox!(x, lambdaW));
      expect(error).toBeInstanceOf(FieldError);
      expect((error as FieldError).field).toBe('sampler.lambda');
      expect((error as FieldError).problem).toMatch(/^must be > 1 /);
    }
    const ok = reward.prox!(x, 1.5);
    tf.dispose([x, ok]);
  });
});

describe('max-linear prox: exact (best single-piece candidate)', () => {
  // Brute force: the maximiser lies in ‖y − x‖ ≤ 2L/λ_W (§4); search that square in float64 at spacing h.
  function bruteForce(host: HostFn, L: number, lambdaW: number, x: Vec2, h: number): number {
    const R = (2 * L) / lambdaW;
    const m = Math.ceil(R / h);
    let best = -Infinity;
    for (let i = -m; i <= m; i++) {
      for (let j = -m; j <= m; j++) best = Math.max(best, objective(host, lambdaW, x, [x[0] + i * h, x[1] + j * h]));
    }
    return best;
  }

  const sets: Array<{ name: string; thetas: Vec2[]; biases: number[] }> = [
    { name: '3 pieces', ...maxLin },
    { name: '∞-norm (4 pieces, symmetric kinks)', thetas: [[1, 0], [-1, 0], [0, 1], [0, -1]], biases: [0, 0, 0, 0] },
    {
      name: '6 random pieces',
      thetas: Array.from({ length: 6 }, () => [rng.normal(), rng.normal()] as Vec2),
      biases: Array.from({ length: 6 }, () => rng.normal()),
    },
  ];

  for (const s of sets) {
    it(`${s.name}: objective at T(x) equals the brute-force maximum within its grid error`, async () => {
      const reward = buildReward({ kind: 'max-linear', thetas: s.thetas, biases: s.biases });
      const host: HostFn = (x, y) => Math.max(...s.thetas.map((t, i) => t[0] * x + t[1] * y + s.biases[i]));
      const L = reward.lipschitz!;
      const pts: Vec2[] = [[0, 0], [0.3, -0.2], ...randomPoints(10, 1.5)];
      for (const lambdaW of [0.7, 2]) {
        const ys = await proxOf(reward, pts, lambdaW);
        const h = 0.01;
        const delta = h / Math.SQRT2;
        const gridError = (L + lambdaW * ((2 * L) / lambdaW + delta)) * delta;
        pts.forEach((x, i) => {
          const ours = objective(host, lambdaW, x, ys[i]);
          const brute = bruteForce(host, L, lambdaW, x, h);
          // Exact: never below any grid point (up to float32 rounding of y), never above the true maximum.
          expect(ours).toBeGreaterThanOrEqual(brute - 1e-5);
          expect(ours).toBeLessThanOrEqual(brute + gridError);
        });
      }
    });
  }
});

describe('registry and validation', () => {
  it('buildReward covers every scenario kind', () => {
    expect(rewardKinds().sort()).toEqual(['formula', 'linear', 'max-linear', 'quadratic']);
    for (const c of CASES) expect(buildReward(c.spec).kind).toBe(c.spec.kind);
  });

  it('invalid specs raise FieldError naming the field', () => {
    const field = (f: () => unknown) => {
      const e = thrown(f);
      expect(e).toBeInstanceOf(FieldError);
      return (e as FieldError).field;
    };
    expect(field(() => buildReward({ kind: 'quadratic', A: [[1, 2], [0, 1]], c: [0, 0] }))).toBe('reward.A');
    expect(field(() => buildReward({ kind: 'max-linear', thetas: [[1, 0]], biases: [0, 1] }))).toBe('reward.biases');
    expect(field(() => buildReward({ kind: 'formula', expr: 'x +' }))).toBe('reward.expr');
  });

  it('construction allocates no tensors, and value/grad/prox leak none', async () => {
    const before = tf.memory().numTensors;
    const rewards = CASES.map((c) => buildReward(c.spec));
    expect(tf.memory().numTensors).toBe(before);
    const x: Tensor2D = tf.tensor2d(randomPoints(16), [16, 2]);
    for (const r of rewards) {
      const outs = [r.value(x), r.grad(x), ...(r.prox ? [r.prox(x, 1.3)] : [])];
      await Promise.all(outs.map((o) => o.data()));
      tf.dispose(outs);
    }
    x.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
