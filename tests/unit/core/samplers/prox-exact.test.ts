// The W-prox oracles (algorithms.md §4) on hand-computed cases: the objective r(y) − (λ_W/2)‖y − x‖², its gradient
// and residual; gradient ascent's iteration count (one step is exact for a linear reward; the cap
// ⌈(S + λ_W)/λ_W · ln 10⁹⌉ + 10) and its refusal of a reward it cannot handle; the grid search's report (radius 2L/λ_W,
// spacing, value bound, or the estimated L and the box cap), its accuracy after the refinements, its batching, its
// refusal of an even grid and its identity map at radius 0; and the note each oracle writes.
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { gradientAscentProx } from '../../../../src/core/samplers/prox/gradientAscent';
import { GRID_POINTS, gridSearchProx } from '../../../../src/core/samplers/prox/gridSearch';
import { maxProxResidual, proxGradient, proxObjective } from '../../../../src/core/samplers/prox/objective';
import { proxOracleFor } from '../../../../src/core/samplers/prox/oracle';
import type { Reward, Vec2 } from '../../../../src/core/types';
import { fixtureMaxLinearReward, isotropicQuadraticReward, linearReward } from '../../fixtures';

const pts = (values: number[]): Tensor2D => tf.tensor2d(values, [values.length / 2, 2]);
const read = (t: tf.Tensor) => {
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
};

/** A linear reward without its closed-form prox (the oracle then falls back to a search). */
function linearWithout(a: Vec2, drop: Array<'prox' | 'lipschitz' | 'smoothness'>): Reward {
  const r: Record<string, unknown> = { ...linearReward(a) };
  for (const key of drop) delete r[key];
  return r as unknown as Reward;
}

describe('the objective (§4)', () => {
  it('r(y) − (λ_W/2)‖y − x‖², ∇r(y) − λ_W(y − x), and the largest residual norm', async () => {
    const r = linearReward([1, 2]);
    const x = pts([0, 0, 1, 1]);
    const y = pts([1, 0, 1, 3]);
    // λ_W = 2: row 1: 1 − 1 = 0; row 2: 7 − 4 = 3.
    expect(read(proxObjective(r, x, y, 2))).toEqual([0, 3]);
    // (1, 2) − 2(1, 0) = (−1, 2); (1, 2) − 2(0, 2) = (1, −2).
    expect(read(proxGradient(r, x, y, 2))).toEqual([-1, 2, 1, -2]);
    expect(await maxProxResidual(r, x, y, 2)).toBeCloseTo(Math.sqrt(5), 6);
    tf.dispose([x, y]);
  });
});

describe('gradient ascent (§4 "Concave r")', () => {
  it('a linear reward (S = 0, step 1/λ_W) is solved by the first step: 10 iterations, residual 0', async () => {
    const x = pts([0.5, -1, 2, 3]);
    const res = await gradientAscentProx(linearReward([1, -0.5]), x, 2);
    expect(res.iterations).toBe(10);
    expect(res.residual).toBe(0);
    expect(res.converged).toBe(true);
    expect(read(res.y)).toEqual([1, -1.25, 2.5, 2.75]);
    x.dispose();
  });

  it('at the optimum already: no iteration', async () => {
    const x = pts([1, 1]);
    const res = await gradientAscentProx(isotropicQuadraticReward(1, [1, 1]), x, 1);
    expect(res.iterations).toBe(0);
    expect(res.converged).toBe(true);
    tf.dispose([x, res.y]);
  });

  it('stops at ⌈(S + λ_W)/λ_W · ln 10⁹⌉ + 10 iterations, in blocks of 10, when the tolerance cannot be met', async () => {
    const x = pts([3, -2]);
    // S = 1, λ_W = 1: ⌈2 ln 10⁹⌉ + 10 = 52 → 60. S = 3: ⌈4 ln 10⁹⌉ + 10 = 93 → 100.
    const a = await gradientAscentProx(isotropicQuadraticReward(1, [0, 0]), x, 1, -1);
    expect([a.iterations, a.converged]).toEqual([60, false]);
    const b = await gradientAscentProx(isotropicQuadraticReward(3, [0, 0]), x, 1, -1);
    expect(b.iterations).toBe(100);
    // S = 2, λ_W = 2: ⌈2 ln 10⁹⌉ + 10 = 52 → 60 again (the ratio (S + λ_W)/λ_W, not (S + λ_W)·λ_W).
    const d = await gradientAscentProx(isotropicQuadraticReward(2, [0, 0]), x, 2, -1);
    expect(d.iterations).toBe(60);
    d.y.dispose();
    // S = 0.42: ⌈1.42 ln 10⁹⌉ + 10 = 40, a multiple of 10: the loop stops at 40, not one block later.
    const c = await gradientAscentProx(isotropicQuadraticReward(0.42, [0, 0]), x, 1, -1);
    expect(c.iterations).toBe(40);
    c.y.dispose();
    // The isotropic quadratic's maximiser (κc + λ_W x)/(κ + λ_W) = x/4 is reached to float precision.
    read(b.y).forEach((v, i) => expect(v).toBeCloseTo([0.75, -0.5][i], 5));
    tf.dispose([x, a.y, b.y]);
  });

  it('a reward that fails mid-way: its error reaches the caller and the iterate is released', async () => {
    const x = pts([1, 2]);
    let calls = 0;
    const failing = {
      ...linearReward([1, 0]),
      smoothness: 1,
      grad: (p: Tensor2D) => {
        if (++calls > 3) throw new Error('grad failed');
        return linearReward([1, 0]).grad(p);
      },
    };
    const before = tf.memory().numTensors;
    await expect(gradientAscentProx(failing, x, 1)).rejects.toThrow('grad failed');
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('refuses a reward without concavity or a smoothness bound', async () => {
    const x = pts([0, 0]);
    const message = 'gradient ascent needs a concave reward with a smoothness bound';
    await expect(gradientAscentProx(linearWithout([1, 0], ['smoothness']), x, 1)).rejects.toThrow(message);
    await expect(gradientAscentProx({ ...linearReward([1, 0]), concave: false }, x, 1)).rejects.toThrow(message);
    x.dispose();
  });
});

describe('grid search (§4 "Low-dim Lipschitz")', () => {
  it('with a known L: radius 2L/λ_W, spacing ρ/16, bound (L + λ_W(ρ + δ))δ with δ = h/√2', async () => {
    const x = pts([0, 0]);
    const { y, report } = await gridSearchProx(linearReward([0.3, 0.4]), x, 1);
    const h = 1 / 16;
    const d = h / Math.SQRT2;
    expect(report).toEqual({
      lipschitz: 0.5,
      lipschitzEstimated: false,
      radius: 1,
      spacing: h,
      valueErrorBound: (0.5 + (1 + d)) * d,
    });
    // The objective is −½‖o − (0.3, 0.4)‖² + const: the best node of the last 5×5 lattice (spacing h/64) is within
    // half its spacing of the maximiser on each axis.
    read(y).forEach((v, i) => expect(Math.abs(v - [0.3, 0.4][i])).toBeLessThanOrEqual(h / 128 + 1e-6));
    x.dispose();
  });

  it('an option L overrides the reward’s; L = 0 is radius 0: the identity', async () => {
    const x = pts([0.25, -0.5]);
    const { y, report } = await gridSearchProx(linearReward([0.3, 0.4]), x, 2, { lipschitz: 0 });
    expect([report.radius, report.lipschitz]).toEqual([0, 0]);
    expect(read(y)).toEqual([0.25, -0.5]);
    x.dispose();
  });

  it('L estimated from ‖∇r‖ on the probe grid; the radius is capped at the half-diagonal of the widened box', async () => {
    // Points (0, 0) and (2, 1): box [0, 2] × [0, 1], margin max(1, ½·2) = 1, widened [−1, 3] × [−1, 2]: cap ½·5.
    const x = pts([0, 0, 2, 1]);
    const r = linearWithout([3, 4], ['prox', 'lipschitz']);
    const capped = await gridSearchProx(r, x, 1);
    expect(capped.report.lipschitzEstimated).toBe(true);
    expect(capped.report.lipschitz).toBeCloseTo(5, 5);
    expect(capped.report.radius).toBeCloseTo(2.5, 6);
    const free = await gridSearchProx(r, x, 10);
    expect(free.report.radius).toBeCloseTo(1, 5);
    // Wider spread: margin ½·max(6, 1) = 3, box [−3, 9] × [−3, 4], cap ½·hypot(12, 7).
    const wide = pts([0, 0, 6, 1]);
    expect((await gridSearchProx(r, wide, 1)).report.radius).toBeCloseTo(0.5 * Math.hypot(12, 7), 5);
    tf.dispose([x, wide, capped.y, free.y]);
  });

  it('the estimate also reads ∇r at the points themselves, and ignores non-finite gradient norms', async () => {
    // ∇r = (1, 0) everywhere except at (7, 7) (exactly one of the points), where it is (0, 9); NaN at (0, 0).
    const reward: Reward = {
      ...linearWithout([1, 0], ['prox', 'lipschitz']),
      grad: (p) =>
        tf.tidy(() => {
          const [a, b] = tf.split(p, 2, 1);
          const at77 = tf.logicalAnd(tf.equal(a, 7), tf.equal(b, 7));
          const at00 = tf.logicalAnd(tf.equal(a, 0), tf.equal(b, 0));
          const gx = tf.where(at00, tf.fill(a.shape, NaN), tf.where(at77, tf.zerosLike(a), tf.onesLike(a)));
          const gy = tf.where(at77, tf.fill(a.shape, 9), tf.zerosLike(a));
          return tf.concat([gx, gy], 1) as Tensor2D;
        }),
    };
    const x = pts([7, 7, 0, 0]);
    const { y, report } = await gridSearchProx(reward, x, 100);
    expect(report.lipschitz).toBe(9);
    tf.dispose([x, y]);
  });

  it('more rows than one batch holds (2¹⁸ candidates): every row gets its own maximiser', async () => {
    const n = 250;
    const values = Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? i / 100 : -i / 200));
    const x = pts(values);
    const { y } = await gridSearchProx(linearReward([0.3, 0.4]), x, 1, { points: 33, polishRounds: 6 });
    read(y).forEach((v, i) =>
      expect(Math.abs(v - values[i] - [0.3, 0.4][i % 2])).toBeLessThanOrEqual(1 / 16 / 128 + 1e-5),
    );
    x.dispose();
  });

  it('L estimated where ‖∇r‖ grows: the probe grid spans the widened box, corners included', async () => {
    // r = −½‖x‖² (∇r = −x), L unknown: L̂ = the largest corner norm of the widened box.
    const r: Reward = { ...isotropicQuadraticReward(1, [0, 0]), concave: false } as Reward;
    delete (r as { prox?: unknown }).prox;
    // (1, −1), (3, 0.5): spread 2 in x, margin 1: box [0, 4] × [−2, 1.5], farthest corner (4, −2).
    const a = pts([1, -1, 3, 0.5]);
    expect((await gridSearchProx(r, a, 1, { points: 3, polishRounds: 0 })).report.lipschitz).toBeCloseTo(
      Math.hypot(4, 2),
      4,
    );
    // (1, −1), (2, 2): spread 3 in y, margin 1.5: box [−0.5, 3.5] × [−2.5, 3.5], farthest corner (3.5, 3.5).
    const b = pts([1, -1, 2, 2]);
    expect((await gridSearchProx(r, b, 1, { points: 3, polishRounds: 0 })).report.lipschitz).toBeCloseTo(
      Math.hypot(3.5, 3.5),
      4,
    );
    tf.dispose([a, b]);
  });

  it('the first grid reaches its far corner: 3 nodes, no refinement, λ_W = 0.1, L = 0.2 given → offset (4, 4)', async () => {
    // ρ = 4: offsets {−4, 0, 4}²; a·o − 0.05‖o‖² is largest at (4, 4) (6.4; (4, 0) gives 3.2).
    const x = pts([0.5, -0.5]);
    const { y } = await gridSearchProx(linearReward([1, 1]), x, 0.1, { lipschitz: 0.2, points: 3, polishRounds: 0 });
    expect(read(y)).toEqual([4.5, 3.5]);
    x.dispose();
  });

  it('candidates where r is not finite are never chosen: the best finite one is', async () => {
    // r(y) = −(y₁ − 1)² where y₁ > 0.2, NaN elsewhere; x = (0.5, 0), λ_W = 1: y = (5/6, 0).
    const reward: Reward = {
      ...linearReward([0, 0]),
      value: (p) =>
        tf.tidy(() => {
          const [a] = tf.split(p, 2, 1);
          const v = tf.neg(tf.square(tf.sub(a, 1)));
          return tf.squeeze(tf.where(tf.greater(a, 0.2), v, tf.fill(a.shape, NaN)), [1]) as tf.Tensor1D;
        }),
    };
    const x = pts([0.5, 0]);
    const { y } = await gridSearchProx(reward, x, 1, { lipschitz: 2 });
    const [y1, y2] = read(y);
    expect(Math.abs(y1 - 5 / 6)).toBeLessThan(0.01);
    expect(Math.abs(y2)).toBeLessThan(0.01);
    x.dispose();
  });

  it('batched rows each keep their own maximiser when it depends on x, and nothing leaks', async () => {
    // r = −½‖y‖², λ_W = 1: y = x/2. 250 rows: two batches of at most 240.
    const r: Reward = { ...isotropicQuadraticReward(1, [0, 0]) };
    const n = 250;
    const values = Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? -2 + i / 125 : 1.5 - i / 250));
    const x = pts(values);
    const before = tf.memory().numTensors;
    const { y } = await gridSearchProx(r, x, 1, { lipschitz: 2 });
    read(y).forEach((v, i) => expect(Math.abs(v - values[i] / 2)).toBeLessThan(0.25 / 64));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('the number of nodes must be odd and at least 3', async () => {
    const x = pts([0, 0]);
    const r = linearReward([1, 0]);
    for (const points of [1, 2, 4]) {
      await expect(gridSearchProx(r, x, 1, { points })).rejects.toThrow(
        'the grid needs an odd number (≥ 3) of points per axis',
      );
    }
    const three = await gridSearchProx(r, x, 1, { points: 3, polishRounds: 0 });
    // Offsets {−2, 0, 2}² for L = 1, λ_W = 1: the objective 2·o_x − ½‖o‖² is 0 at 0 and at (2, 0).
    expect(three.report.spacing).toBe(2);
    tf.dispose([x, three.y]);
  });
});

describe('the oracle each reward gets, and its note', () => {
  it('closed form: polynomial and max-linear notes; every particle charted', async () => {
    const lin = proxOracleFor(linearReward([1, 0]), 2);
    expect([lin.method, lin.chartParticles]).toEqual(['closed-form', null]);
    const x = pts([0, 0]);
    const a = await lin.map(x);
    expect([a.exact, a.note]).toEqual([true, 'closed-form map (algorithms.md §2.5)']);
    expect(read(a.y)).toEqual([0.5, 0]);
    const ml = proxOracleFor({ ...fixtureMaxLinearReward(), prox: (p) => p.clone() }, 2);
    const b = await ml.map(x);
    expect(b.note).toBe(
      'exact prox of a max-linear reward: y = x + θ_i/λ_W for the piece maximising θ_i·x + b_i + ‖θ_i‖²/(2λ_W)',
    );
    tf.dispose([x, b.y]);
  });

  it('a polynomial reward whose W-prox step has no maximiser is refused on sampler.lambda', () => {
    const convex = isotropicQuadraticReward(-3, [0, 0]);
    expect(() => proxOracleFor(convex, 2)).toThrow(/^sampler\.lambda: must be > 3 for this reward/);
  });

  it('gradient ascent that cannot reach 10⁻⁶ in float32 says so and is not exact', async () => {
    // x = 10⁷ + 1: float32 spacing 1 there, so y − x is 0 or 1 and the residual 1 − 2(y − x) stays at 1.
    const ga = proxOracleFor(linearWithout([1, 0], ['prox']), 2);
    const x = pts([1e7 + 1, 0]);
    const out = await ga.map(x);
    expect(out.exact).toBe(false);
    expect(out.note).toMatch(
      /^gradient ascent on the strongly concave objective: 40 iterations, .* \(did not reach 1e-6\)$/,
    );
    tf.dispose([x, out.y]);
  });

  it('gradient ascent: its iterations and residual in the note, exact iff converged', async () => {
    const ga = proxOracleFor(linearWithout([1, -0.5], ['prox']), 2);
    expect([ga.method, ga.chartParticles]).toEqual(['gradient-ascent', null]);
    const x = pts([0, 0]);
    const out = await ga.map(x);
    expect(out.exact).toBe(true);
    expect(out.note).toBe(
      'gradient ascent on the strongly concave objective: 10 iterations, max residual ‖∇r(y) − λ_W(y − x)‖ = 0.00e+0',
    );
    tf.dispose([x, out.y]);
  });

  it('grid: the searched square, the grid, L and the value bound, to 3 significant digits; 128 particles charted', async () => {
    const grid = proxOracleFor(linearWithout([0.3, 0.4], ['prox', 'smoothness']), 1);
    expect([grid.method, grid.chartParticles]).toEqual(['grid', 128]);
    const x = pts([0, 0]);
    const out = await grid.map(x);
    expect(out.exact).toBe(false);
    // L = 0.5, λ_W = 1: ρ = 1, h = 0.0625, bound (0.5 + 1 + δ)δ with δ = h/√2 = 0.0441…: 0.0682.
    expect(out.note).toBe(
      `grid search over offsets ‖y − x‖∞ ≤ 1 (${GRID_POINTS}×${GRID_POINTS} nodes, spacing h = 0.0625, then 6 local ` +
        'refinements), L = 0.5: each objective r(y) − (λ_W/2)‖y − x‖² is within 0.0682 of the best in the searched ' +
        'square, and never below its value at y = x',
    );
    tf.dispose([x, out.y]);
    const est = proxOracleFor(linearWithout([0.3, 0.4], ['prox', 'smoothness', 'lipschitz']), 1);
    const x2 = pts([0, 0]);
    const out2 = await est.map(x2);
    expect(out2.note).toContain('L ≈ 0.5 (estimated from gradient norms on a probe grid, not a proven bound)');
    tf.dispose([x2, out2.y]);
  });
});
