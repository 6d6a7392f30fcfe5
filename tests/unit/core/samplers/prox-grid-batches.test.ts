// The grid search's row batching (§4 "Low-dim Lipschitz") with a small batch limit, so that the refinement lattices
// are batched too (each reward call stays within the limit, a row at least): there each row searches around its own centre (the best offset so far), and a batch of later rows
// must take its own rows' centres. r = −½‖y‖² with L = 2 given and λ_W = 1: the maximiser of
// r(y) − ½‖y − x‖² is y = x/2 for every row. The first grid has spacing h = ρ/16 = 0.25 (ρ = 2L/λ_W = 4); six
// refinements halve it six times, so each coordinate ends within h/2⁷ ≈ 0.002 of x/2 (checked within h/64).
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor2D } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { gridSearchProx } from '../../../../src/core/samplers/prox/gridSearch';
import type { Reward } from '../../../../src/core/types';
import { isotropicQuadraticReward } from '../../fixtures';

describe('grid search with the refinement lattices batched', () => {
  it('100 candidates at once: the 33² grid one row at a time, each 5² refinement 4 rows at a time; y = x/2 per row', async () => {
    const base = isotropicQuadraticReward(1, [0, 0]);
    const sizes: number[] = [];
    const r: Reward = {
      ...base,
      value: (p) => {
        sizes.push(p.shape[0]);
        return base.value(p);
      },
    };
    delete (r as { prox?: unknown }).prox;
    const n = 30;
    const values = Array.from({ length: 2 * n }, (_, i) => (i % 2 === 0 ? -3 + i / 10 : 2 - i / 15));
    const x = tf.tensor2d(values, [n, 2]) as Tensor2D;
    const before = tf.memory().numTensors;
    const { y } = await gridSearchProx(r, x, 1, { lipschitz: 2, batchCandidates: 100 });
    const got = Array.from(y.dataSync());
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
    got.forEach((v, i) => expect(Math.abs(v - values[i] / 2)).toBeLessThan(0.25 / 64));
    // Points per reward call: the first grid, one row of 33² = 1089 at a time (a row is never split); each of the six
    // refinements, ⌊100/25⌋ = 4 rows (100 points) at a time, the last batch the remaining 2 rows; then the objective
    // at the chosen y and r at x, 30 points each.
    const refinement = [...Array(7).fill(100), 50];
    expect(sizes).toEqual([...Array(n).fill(1089), ...Array.from({ length: 6 }, () => refinement).flat(), n, n]);
    x.dispose();
  });
});
