/**
 * The reward builders' declared facts (architecture.md "Reward contract"), worked out by hand: labels, the
 * polynomial form, concavity at its boundary, Lipschitz and smoothness constants, the symmetry tolerance, the
 * W-prox well-posedness threshold exactly at and just past it, and the max-linear prox's choice of piece.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { assertProxWellPosed, linearReward, maxLinearReward, proxLambdaThreshold, quadraticReward } from '../../../../src/core/rewards/index';
import { FieldError } from '../../../../src/core/types';
import type { Mat2, Reward } from '../../../../src/core/types';

function thrown(f: () => unknown): FieldError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(FieldError);
    return e as FieldError;
  }
  throw new Error('expected a FieldError');
}

async function proxAt(reward: Reward, pts: number[][], lambdaW: number): Promise<number[]> {
  const x = tf.tensor2d(pts);
  const y = reward.prox!(x, lambdaW);
  const out = Array.from(await y.data());
  tf.dispose([x, y]);
  return out;
}

describe('quadratic reward', () => {
  const A: Mat2 = [
    [2, 0.3],
    [0.3, 1],
  ];

  it('label, polynomial form b = Ac, c0 = −½cᵀAc, and smoothness λ_max(A)', () => {
    const r = quadraticReward(A, [1, -1]);
    expect(r.label).toBe('r(x) = −½(x − c)ᵀA(x − c), A = [[2, 0.3], [0.3, 1]], c = (1, -1)');
    // b = (2 − 0.3, 0.3 − 1); cᵀAc = 2 − 0.6 + 1.
    expect(r.polynomial!.b[0]).toBeCloseTo(1.7, 14);
    expect(r.polynomial!.b[1]).toBeCloseTo(-0.7, 14);
    expect(r.polynomial!.c).toBeCloseTo(-1.2, 14);
    // Eigenvalues of A: 1.5 ± √(0.5² + 0.3²).
    expect(r.smoothness).toBeCloseTo(1.5 + Math.sqrt(0.34), 14);
    expect(r.concave).toBe(true);
    expect(r.lipschitz).toBeUndefined();
  });

  it('concave iff A ⪰ 0: a zero eigenvalue is still concave, a slightly negative one is not', () => {
    expect(quadraticReward([[0, 0], [0, 1]], [0, 0]).concave).toBe(true);
    expect(quadraticReward([[-1e-3, 0], [0, 1]], [0, 0]).concave).toBe(false);
  });

  it('smoothness is floored at 0; only A = 0 has a Lipschitz constant (0)', () => {
    expect(quadraticReward([[-1, 0], [0, -2]], [0, 0]).smoothness).toBe(0);
    expect(quadraticReward([[0, 0], [0, 0]], [3, 4]).lipschitz).toBe(0);
    for (const M of [[[1, 0], [0, 0]], [[0, 1], [1, 0]], [[0, 0], [0, 1]]] as Mat2[]) expect(quadraticReward(M, [0, 0]).lipschitz).toBeUndefined();
  });

  it('A must be symmetric to a relative 1e-9: inside the tolerance accepted, outside rejected on reward.A', () => {
    expect(quadraticReward([[1, 0], [1e-9, 1]], [0, 0]).kind).toBe('quadratic');
    expect(quadraticReward([[1, 3], [3 + 3e-9, 1]], [0, 0]).kind).toBe('quadratic');
    for (const M of [[[1, 0], [1.1e-9, 1]], [[1, 3], [3 + 5e-9, 1]], [[1, 1], [0, 1]]] as Mat2[]) {
      const e = thrown(() => quadraticReward(M, [0, 0]));
      expect([e.field, e.problem]).toEqual(['reward.A', 'must be symmetric']);
    }
  });

  it('W-prox exists iff λ_W > −λ_min(A): rejected exactly at the threshold with it in the message, accepted just above', () => {
    const convex: Mat2 = [
      [-5, 0],
      [0, 1],
    ];
    expect(proxLambdaThreshold(convex)).toBe(5);
    expect(proxLambdaThreshold([[1, 0], [0, 1]])).toBe(0);
    expect(proxLambdaThreshold([[0, 2], [2, 0]])).toBeCloseTo(2, 14);
    const e = thrown(() => assertProxWellPosed(convex, 5));
    expect(e.field).toBe('sampler.lambda');
    expect(e.problem).toBe(
      'must be > 5 for this reward: with A + λ_W I not positive definite the objective r(y) − (λ_W/2)‖y − x‖² is unbounded above and has no maximiser',
    );
    expect(() => assertProxWellPosed(convex, 5.001)).not.toThrow();
    expect(thrown(() => assertProxWellPosed([[0, 2], [2, 0]], 2)).problem).toMatch(/^must be > 2 for this reward/);
  });

  it('definiteness is judged relative to λ_W: an eigenvalue of A + λ_W I near 1e-7 next to λ_W = 10⁶ counts as zero', () => {
    // A + λ_W I = diag(≈1e-7, 10⁶ + 1): below 1e-12·λ_W = 1e-6, so no maximiser is claimed.
    const e = thrown(() => assertProxWellPosed([[-1e6 + 1e-7, 0], [0, 1]], 1e6));
    expect(e.field).toBe('sampler.lambda');
    expect(() => assertProxWellPosed([[-1e6 + 1e-4, 0], [0, 1]], 1e6)).not.toThrow();
  });

  it('an eigenvalue of A + λ_W I exactly at the tolerance 1e-12·max(1, λ_W) counts as zero', () => {
    // A = 0 and λ_W = 1e-12: A + λ_W I = diag(1e-12, 1e-12) (its eigenvalues exact), the tolerance 1e-12·1.
    expect(thrown(() => assertProxWellPosed([[0, 0], [0, 0]], 1e-12)).field).toBe('sampler.lambda');
    expect(() => assertProxWellPosed([[0, 0], [0, 0]], 2e-12)).not.toThrow();
  });

  it('the prox of r = −½‖x − c‖²: T(x) = (c + λ_W x)/(1 + λ_W)', async () => {
    const r = quadraticReward([[1, 0], [0, 1]], [2, -2]);
    const y = await proxAt(r, [[0, 0], [1, 3]], 3);
    [0.5, -0.5, 1.25, 1.75].forEach((want, i) => expect(y[i]).toBeCloseTo(want, 6));
  });
});

describe('linear reward', () => {
  it('label, Lipschitz ‖θ‖, zero smoothness, and the prox x + θ/λ_W', async () => {
    const r = linearReward([3, -4]);
    expect(r.label).toBe('r(x, y) = 3·x − 4·y');
    expect([r.lipschitz, r.smoothness, r.concave]).toEqual([5, 0, true]);
    expect(r.polynomial).toEqual({ A: [[0, 0], [0, 0]], b: [3, -4], c: 0 });
    const y = await proxAt(r, [[1, 1]], 2);
    [2.5, -1].forEach((want, i) => expect(y[i]).toBeCloseTo(want, 6));
  });
});

describe('max-linear reward', () => {
  it('label, Lipschitz max ‖θ_i‖, concave only with one piece', () => {
    const r = maxLinearReward([[1, 0], [0, -2.5]], [0, 1.25]);
    expect(r.label).toBe('r(x, y) = max(1·x, −2.5·y + 1.25)');
    expect(r.lipschitz).toBe(2.5);
    expect(r.concave).toBe(false);
    expect(maxLinearReward([[3, 4]], [1]).concave).toBe(true);
    expect(maxLinearReward([[3, 4]], [1]).lipschitz).toBe(5);
  });

  it('needs at least one piece and a bias per piece, named on the field', () => {
    const none = thrown(() => maxLinearReward([], []));
    expect([none.field, none.problem]).toEqual(['reward.thetas', 'needs at least one piece']);
    const short = thrown(() => maxLinearReward([[1, 0], [0, 1]], [0]));
    expect([short.field, short.problem]).toEqual(['reward.biases', 'has 1 entries but thetas has 2']);
  });

  it('keeps its own copy of the pieces: editing the arrays it was built from changes nothing', async () => {
    const thetas: Array<[number, number]> = [[1, 0]];
    const biases = [2];
    const r = maxLinearReward(thetas, biases);
    thetas[0][0] = 5;
    biases[0] = -7;
    const x = tf.tensor2d([[1, 1]]);
    const v = r.value(x);
    expect(Array.from(await v.data())).toEqual([3]);
    expect(r.maxLinear).toEqual({ thetas: [[1, 0]], biases: [2] });
    tf.dispose([x, v]);
  });

  it('value and gradient pick the largest piece', async () => {
    const r = maxLinearReward([[1, 0], [0, 3]], [0, -1]);
    const x = tf.tensor2d([
      [2, 0],
      [0, 1],
    ]);
    const v = r.value(x);
    const g = r.grad(x);
    // (2, 0): pieces 2 and −1 → the first; (0, 1): pieces 0 and 2 → the second.
    expect(Array.from(await v.data())).toEqual([2, 2]);
    expect(Array.from(await g.data())).toEqual([1, 0, 0, 3]);
    tf.dispose([x, v, g]);
  });

  it('the prox moves by θ_i*/λ_W for the piece maximising θ_i·x + b_i + ‖θ_i‖²/(2λ_W)', async () => {
    // θ = (1, 0), (0, 3), b = (0, −1), x = (1, 0): envelope values 1 + 1/(2λ) and −1 + 9/(2λ).
    const r = maxLinearReward([[1, 0], [0, 3]], [0, -1]);
    // λ_W = 1: 1.5 < 3.5 → the second piece, y = (1, 3).
    const y1 = await proxAt(r, [[1, 0]], 1);
    [1, 3].forEach((want, i) => expect(y1[i]).toBeCloseTo(want, 6));
    // λ_W = 5: 1.1 > −0.1 → the first piece, y = (1.2, 0), although at x itself the second piece is not the max either.
    const y5 = await proxAt(r, [[1, 0]], 5);
    [1.2, 0].forEach((want, i) => expect(y5[i]).toBeCloseTo(want, 6));
    // λ_W = 2 at x = (0.5, 0): 0.75 vs 1.25 → the second piece although the first is larger at x (0.5 > −1).
    const y2 = await proxAt(r, [[0.5, 0]], 2);
    [0.5, 1.5].forEach((want, i) => expect(y2[i]).toBeCloseTo(want, 6));
  });
});
