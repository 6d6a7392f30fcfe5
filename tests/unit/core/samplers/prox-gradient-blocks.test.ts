// Gradient ascent's iteration count when it converges (§4 "Concave r"): the residual is read every 10 steps, so the
// count the note reports is the first multiple of 10 at which the residual is below 10⁻⁶. For
// r(y) = −(S/2)y₁² + b·y₂ with S = 13, b = 0.01, λ_W = 1 and x = 0, the step 1/(S + λ_W) solves the y₁ direction at
// once (its curvature is S), while along y₂ (curvature 0) the error contracts by exactly ρ = S/(S + λ_W) = 13/14 per
// step: after n steps y₂ = (b/λ_W)(1 − ρⁿ) and the residual |b − λ_W y₂| = b·ρⁿ. It first drops below 10⁻⁶ at
// n = ⌈ln(b/10⁻⁶)/ln(1/ρ)⌉ = ⌈124.3⌉ = 125, so the count is 130 (the residual at 120 steps is 1.37·10⁻⁶, at 130
// 6.6·10⁻⁷: far from the tolerance in float32). Round-off: each step rounds y₂ ≈ 0.01 by at most half an ulp
// (4.7·10⁻¹⁰), and the contraction keeps at most 1/(1 − ρ) = 14 of those: y₂ and the residual within 10⁻⁸.
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { gradientAscentProx } from '../../../../src/core/samplers/prox/gradientAscent';
import { proxOracleFor } from '../../../../src/core/samplers/prox/oracle';
import type { Reward } from '../../../../src/core/types';

const S = 13;
const B = 0.01;

/** r(y) = −(S/2)y₁² + b·y₂: concave, S-smooth, no closed-form prox given (the oracle uses gradient ascent). */
const slowReward: Reward = {
  kind: 'formula',
  label: 'r(x) = −6.5·x² + 0.01·y',
  value: (y) =>
    tf.tidy(() => {
      const [y1, y2] = tf.split(y, 2, 1);
      return tf.squeeze(tf.add(tf.mul(tf.square(y1), -S / 2), tf.mul(y2, B)), [1]) as Tensor1D;
    }),
  grad: (y) =>
    tf.tidy(() => {
      const [y1] = tf.split(y, 2, 1);
      return tf.concat([tf.mul(y1, -S), tf.fill([y.shape[0], 1], B)], 1) as Tensor2D;
    }),
  concave: true,
  smoothness: S,
};

describe('gradient ascent that converges between two residual checks', () => {
  const expected = () => {
    const rho = S / (S + 1);
    const n = Math.ceil(Math.log(B / 1e-6) / Math.log(1 / rho));
    return { n, count: 10 * Math.ceil(n / 10), rho };
  };

  it('reports the first multiple of 10 past ⌈ln(b/10⁻⁶)/ln(1/ρ)⌉ steps and y₂ = (b/λ_W)(1 − ρ^count)', async () => {
    const { n, count, rho } = expected();
    expect([n, count]).toEqual([125, 130]);
    const x = tf.tensor2d([0, 0], [1, 2]);
    const before = tf.memory().numTensors;
    const res = await gradientAscentProx(slowReward, x, 1);
    expect([res.iterations, res.converged]).toEqual([count, true]);
    expect(Math.abs(res.residual - B * rho ** count)).toBeLessThan(1e-8);
    const y = Array.from(res.y.dataSync());
    expect(y[0]).toBe(0);
    expect(Math.abs(y[1] - B * (1 - rho ** count))).toBeLessThan(1e-8);
    res.y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('the oracle’s note gives that count and the residual', async () => {
    const { count, rho } = expected();
    const oracle = proxOracleFor(slowReward, 1);
    expect(oracle.method).toBe('gradient-ascent');
    const x = tf.tensor2d([0, 0], [1, 2]);
    const out = await oracle.map(x);
    expect(out.exact).toBe(true);
    const match =
      /^gradient ascent on the strongly concave objective: (\d+) iterations, max residual ‖∇r\(y\) − λ_W\(y − x\)‖ = (\d\.\d\de-\d)$/.exec(
        out.note ?? '',
      );
    expect(match).not.toBeNull();
    expect(Number(match![1])).toBe(count);
    // b·ρ^130 = 6.55·10⁻⁷, shown to 3 digits (±5·10⁻¹⁰) after the round-off above.
    expect(Math.abs(Number(match![2]) - B * rho ** count)).toBeLessThan(1e-8);
    tf.dispose([x, out.y]);
  });
});
