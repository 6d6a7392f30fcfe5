// The thermodynamic log-MGF's pieces, without Monte-Carlo noise (§3.4 item 3): which tilt s_q·θ_j each particle
// follows, with s_q = ½(1 + ξ_q) at the 8 Gauss–Legendre nodes ξ_q (the roots of the Legendre polynomial P₈, computed
// here by Newton's method from the recurrence), and which times the chain visits (every step of the grid
// t_k = t_min + (1 − t_min)k/K, k = K … 1, then x̂₀ at t_min).
//
// The tilts are read from the base model's first input: the linear shift (§3.2) evaluates the base at
// x_K + (σ²_{t_K}/α_{t_K})θ_i, and at t_K = 1 the factor σ²/α ≈ 152 makes θ_i readable to |x_K|·α/σ² ≤ 0.05 (|x_K| < 6
// for these few N(0, I) draws), far below the 0.16 between neighbouring nodes' tilts here.
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { Vec2 } from '../../../../src/core/linalg2';
import { GmmDenoiser } from '../../../../src/core/models/gmm';
import { Rng } from '../../../../src/core/rng';
import { thermodynamicLogMgf } from '../../../../src/core/samplers/klTilt/logMgf';
import type { Denoiser } from '../../../../src/core/types';
import { SINGLE_GAUSSIAN } from '../../fixtures';

/** The n roots of P_n in increasing order, by Newton's method on (n+1)P_{n+1} = (2n+1)xP_n − nP_{n−1}. */
function legendreRoots(n: number): number[] {
  const roots: number[] = [];
  for (let i = 1; i <= n; i++) {
    let x = -Math.cos((Math.PI * (i - 0.25)) / (n + 0.5));
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 1; k < n; k++) [p0, p1] = [p1, ((2 * k + 1) * x * p1 - k * p0) / (k + 1)];
      const dp = (n * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-15) break;
    }
    roots.push(x);
  }
  return roots;
}

interface Call {
  kind: 'eps' | 'x0';
  t: number;
  input: Float32Array;
}

/** The single Gaussian's exact denoiser, recording each call's time and input. */
function recorder(calls: Call[]): Denoiser {
  const inner = new GmmDenoiser(SINGLE_GAUSSIAN);
  return {
    name: 'recorder',
    eps: (x: Tensor2D, t: number) => {
      calls.push({ kind: 'eps', t, input: x.dataSync() as Float32Array });
      return inner.eps(x, t);
    },
    x0: (x: Tensor2D, t: number) => {
      calls.push({ kind: 'x0', t, input: x.dataSync() as Float32Array });
      return inner.x0(x, t);
    },
  };
}

describe('the thermodynamic log-MGF without Monte-Carlo noise', () => {
  const thetas: Vec2[] = [
    [3, -2],
    [-1.5, 2.5],
  ];
  const B = 2;
  const NODES = 8;

  it('the Gauss–Legendre rule of this test: the roots of P₈ are symmetric and integrate x^14 exactly', () => {
    // A check of the independent reference itself: 8 distinct roots in (−1, 1), ξ_{7−q} = −ξ_q, and with the
    // weights 2/((1 − ξ²)P₈′(ξ)²) the rule integrates x^14 (degree 2n − 2) to 2/15.
    const xi = legendreRoots(NODES);
    expect(new Set(xi.map((v) => v.toFixed(12))).size).toBe(NODES);
    xi.forEach((v, q) => {
      expect(Math.abs(v)).toBeLessThan(1);
      expect(v + xi[NODES - 1 - q]).toBeCloseTo(0, 14);
    });
    const weights = xi.map((x) => {
      let p0 = 1;
      let p1 = x;
      for (let k = 1; k < NODES; k++) [p0, p1] = [p1, ((2 * k + 1) * x * p1 - k * p0) / (k + 1)];
      const dp = (NODES * (x * p1 - p0)) / (x * x - 1);
      return 2 / ((1 - x * x) * dp * dp);
    });
    expect(weights.reduce((s, w, q) => s + w * xi[q] ** 14, 0)).toBeCloseTo(2 / 15, 13);
  });

  it('particle (j, q, b) follows the tilt s_q·θ_j with s_q = ½(1 + ξ_q); the chain visits t_K … t_1, then x̂₀ at t_min', async () => {
    const steps = 4;
    const calls: Call[] = [];
    const before = tf.memory().numTensors;
    const est = await thermodynamicLogMgf(recorder(calls), thetas, {
      batch: B,
      steps,
      eta: 1,
      rng: new Rng(3, 'layout'),
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(est).toHaveLength(2);

    // Times: t_k = 0.001 + 0.999·k/K for k = K … 1 (one ε̂ per step), then x̂₀ at t_0 = 0.001.
    expect(calls.map((c) => c.kind)).toEqual(['eps', 'eps', 'eps', 'eps', 'x0']);
    [1, 0.75025, 0.5005, 0.25075, 0.001].forEach((t, i) => expect(calls[i].t).toBeCloseTo(t, 12));

    // Tilts: the first input is x_K + (σ²/α)θ_i at t = 1, α_1 = e^{−5.025} (β_min = 0.1, β_max = 20, §1).
    const a = Math.exp(-5.025);
    const shift = (1 - a * a) / a;
    const xi = legendreRoots(NODES);
    const input = calls[0].input;
    expect(input).toHaveLength(2 * thetas.length * NODES * B);
    thetas.forEach((theta, j) =>
      xi.forEach((x, q) => {
        const s = 0.5 * (1 + x);
        for (let b = 0; b < B; b++) {
          const i = (j * NODES + q) * B + b;
          expect(Math.abs(input[2 * i] / shift - s * theta[0])).toBeLessThan(0.05);
          expect(Math.abs(input[2 * i + 1] / shift - s * theta[1])).toBeLessThan(0.05);
        }
      }),
    );
  });

  it('one step: the chain still takes it (t_1 = 1 → t_0) before x̂₀ at t_min', async () => {
    const calls: Call[] = [];
    await thermodynamicLogMgf(recorder(calls), thetas, { batch: B, steps: 1, eta: 1, rng: new Rng(4, 'layout') });
    expect(calls.map((c) => c.kind)).toEqual(['eps', 'x0']);
    expect(calls[0].t).toBeCloseTo(1, 12);
    expect(calls[1].t).toBeCloseTo(0.001, 12);
  });
});
