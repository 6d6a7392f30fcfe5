// The adaptive-tempering pilot (algorithms.md §5.5) and the one-read-per-step helper, on small exact cases:
// - the pilot's lineage sums S_k: with the model's own step from the streams of the base sampler it follows the
//   base sampler's paths, so with DIFF potentials S_k = r_k/λ (the sum telescopes) recomputed from the base run's
//   positions, with potentials only at resampling steps S stays put between them, and S_0 = r(x₀)/λ; M = min(N, 1024);
// - the backward schedule on two-particle pilots, where the ESS has a closed form: (1 + y)²/(1 + y²) for weights
//   (1, y), so a target of 0.8·M is met exactly at y = 3;
// - readTogether: every tensor's values in order, nulls kept, the inputs left alive.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { GmmDenoiser } from '../../../../src/core/models/gmm';
import { Rng } from '../../../../src/core/rng';
import { timeGrid } from '../../../../src/core/schedule';
import { baseSampler } from '../../../../src/core/samplers/base';
import { backwardSchedule, pilotPotentials } from '../../../../src/core/samplers/smc/pilot';
import type { PilotOptions } from '../../../../src/core/samplers/smc/pilot';
import { readTogether } from '../../../../src/core/samplers/smc/readback';
import { lineageEdges } from '../../../../src/core/samplers/smc/genealogy';
import { FIXTURE_GMM, linearReward, testContext } from '../../fixtures';
import { runToEnd } from './runSampler';

const gmm = new GmmDenoiser(FIXTURE_GMM);
const reward = linearReward([1, -0.5]);
const LAMBDA = 0.5;
const SEED = 9;

/** r_k = r(x̂₀(x_k, t_k)) / λ for the base sampler's positions at every grid index k < K (float64). */
async function baseSums(n: number, K: number): Promise<Map<number, number[]>> {
  const { frames } = await runToEnd(
    baseSampler,
    testContext(gmm, reward, { particles: n, steps: K, seed: SEED, emitPositions: true }),
    {
      kind: 'base',
    },
  );
  const grid = timeGrid(K);
  const out = new Map<number, number[]>();
  for (const f of frames) {
    const x = tf.tensor2d(f.positions!, [n, 2]);
    const x0 = gmm.x0(x, grid[f.stats.k]);
    const v = x0.dataSync();
    out.set(
      f.stats.k,
      Array.from({ length: n }, (_, i) => (v[2 * i] - 0.5 * v[2 * i + 1]) / LAMBDA),
    );
    tf.dispose([x, x0]);
  }
  return out;
}

const options = (over: Partial<PilotOptions> = {}): PilotOptions => ({
  lambda: LAMBDA,
  potential: 'diff',
  potentialsAt: 'every-step',
  resampleEvery: 1,
  twist: null,
  ...over,
});

describe('pilot lineage sums (§5.5)', () => {
  it('DIFF at every step: S_k = r_k/λ along the base sampler’s paths, one entry per pilot particle', async () => {
    const n = 8;
    const K = 3;
    const sums = await pilotPotentials(
      testContext(gmm, reward, { particles: n, steps: K, seed: SEED }),
      new Rng(SEED, 'chain'),
      options(),
    );
    expect(sums).toHaveLength(K + 1);
    const expected = await baseSums(n, K);
    for (let k = 0; k < K; k++) {
      expect(sums[k]).toHaveLength(n);
      sums[k].forEach((v, i) => expect(v).toBeCloseTo(expected.get(k)![i], 5));
    }
    expect(sums[K]).toHaveLength(n);
  });

  it('potentials only at resampling steps: S is unchanged between them, and every lineage closes on r₀/λ', async () => {
    const n = 8;
    const K = 4;
    const sums = await pilotPotentials(
      testContext(gmm, reward, { particles: n, steps: K, seed: SEED }),
      new Rng(SEED, 'chain'),
      options({ potentialsAt: 'resampling-steps', resampleEvery: 2 }),
    );
    const expected = await baseSums(n, K);
    // Resampling is considered at k − 1 = 2 (K − (k − 1) = 2); k − 1 = 3 and 1 carry the sums unchanged.
    expect(Array.from(sums[3])).toEqual(Array.from(sums[4]));
    expect(Array.from(sums[1])).toEqual(Array.from(sums[2]));
    sums[2].forEach((v, i) => expect(v).toBeCloseTo(expected.get(2)![i], 5));
    sums[0].forEach((v, i) => expect(v).toBeCloseTo(expected.get(0)![i], 5));
    expect(Array.from(sums[2])).not.toEqual(Array.from(sums[4]));
  });

  it('every step with resampling every 3rd: the potentials still apply at every step (S_k = r_k/λ for all k)', async () => {
    const n = 8;
    const K = 4;
    const sums = await pilotPotentials(
      testContext(gmm, reward, { particles: n, steps: K, seed: SEED }),
      new Rng(SEED, 'chain'),
      options({ resampleEvery: 3 }),
    );
    const expected = await baseSums(n, K);
    for (let k = 0; k < K; k++) sums[k].forEach((v, i) => expect(v).toBeCloseTo(expected.get(k)![i], 5));
  });

  it('only at resampling steps, every 3rd of K = 4: S moves at k = 1 (K − k = 3) and at the close only', async () => {
    const n = 8;
    const K = 4;
    const sums = await pilotPotentials(
      testContext(gmm, reward, { particles: n, steps: K, seed: SEED }),
      new Rng(SEED, 'chain'),
      options({ potentialsAt: 'resampling-steps', resampleEvery: 3 }),
    );
    const expected = await baseSums(n, K);
    expect(Array.from(sums[3])).toEqual(Array.from(sums[4]));
    expect(Array.from(sums[2])).toEqual(Array.from(sums[4]));
    sums[1].forEach((v, i) => expect(v).toBeCloseTo(expected.get(1)![i], 5));
  });

  it('twist-exact: S_k = log ψ_{t_k}(x_k), read at each step’s own time, and no tensor is left behind', async () => {
    const n = 8;
    const K = 3;
    // A stand-in log ψ_t(x) = t·(x + y): its telescoping sums are t_k·(x_k + y_k) along the paths.
    const twist = (x: tf.Tensor2D, t: number) => tf.tidy(() => tf.mul(tf.sum(x, 1), t) as tf.Tensor1D);
    const before = tf.memory().numTensors;
    const sums = await pilotPotentials(
      testContext(gmm, reward, { particles: n, steps: K, seed: SEED }),
      new Rng(SEED, 'chain'),
      options({ potential: 'twist-exact', twist }),
    );
    expect(tf.memory().numTensors).toBe(before);
    const { frames } = await runToEnd(
      baseSampler,
      testContext(gmm, reward, { particles: n, steps: K, seed: SEED, emitPositions: true }),
      {
        kind: 'base',
      },
    );
    const grid = timeGrid(K);
    for (const f of frames.filter((fr) => fr.stats.k > 0)) {
      const k = f.stats.k;
      sums[k].forEach((v, i) => expect(v).toBeCloseTo(grid[k] * (f.positions![2 * i] + f.positions![2 * i + 1]), 5));
    }
  });

  it('at most 1024 pilot particles; fewer when the run has fewer', async () => {
    const small = await pilotPotentials(
      testContext(gmm, reward, { particles: 5, steps: 1 }),
      new Rng(1, 'p'),
      options(),
    );
    expect(small[0]).toHaveLength(5);
    const big = await pilotPotentials(
      testContext(gmm, reward, { particles: 1500, steps: 1 }),
      new Rng(1, 'p'),
      options(),
    );
    expect(big[0]).toHaveLength(1024);
  });
});

describe('the backward schedule on two-particle pilots (§5.5)', () => {
  const L3 = Math.log(3);
  const f64 = (...v: number[]) => Float64Array.from(v);

  it('bisection: increments (1 − β)·(0, 2 ln 3) keep ESS ≥ 0.8·2 from β = ½ on (y = 3), to 1e-6', () => {
    const beta = backwardSchedule([f64(0, 2 * L3), f64(0, 2 * L3)], 1, 0.8);
    expect(beta[0]).toBe(1);
    expect(Math.abs(beta[1] - 0.5)).toBeLessThan(2e-6);
    // hi holds: the bisection returns the upper end of its bracket.
    expect(beta[1]).toBeGreaterThanOrEqual(0.5 - 1e-12);
  });

  it('β = 0 when even no tilt keeps the ESS; β_{k−1} when neither end of [0, β_{k−1}] does', () => {
    // S_0 constant: the increment at β = 0 is constant, ESS = M.
    expect(Array.from(backwardSchedule([f64(1, 1), f64(0, 5)], 1, 0.8))).toEqual([1, 0]);
    // S_1 = 0: the increment S_0 = (0, 5) does not depend on β and fails at every β.
    expect(Array.from(backwardSchedule([f64(0, 5), f64(0, 0)], 1, 0.8))).toEqual([1, 1]);
    // Both ends fail although β ≈ 0.2 would hold (the ESS is not monotone in β): the rule keeps β_{k−1}.
    expect(Array.from(backwardSchedule([f64(0, 2 * L3), f64(0, 4 * L3)], 1, 0.75))).toEqual([1, 1]);
    // Two steps, target 0.75·2 = 1.5, met while y ≤ 2 + √3. k = 1: y = 9^{1−β} gives β_1 = 1 − ln(2 + √3)/ln 9.
    // k = 2 at β = 0: the increment β_1·S_1 = (0, 2 ln 3·β_1) has y = 9^{β_1} ≈ 2.41 ≤ 2 + √3: β_2 = 0 (with S_1
    // unscaled by β_1 it would be y = 9 and fail).
    const two = backwardSchedule([f64(0, 2 * L3), f64(0, 2 * L3), f64(0, 8)], 2, 0.75);
    expect(two[0]).toBe(1);
    expect(Math.abs(two[1] - (1 - Math.log(2 + Math.sqrt(3)) / Math.log(9)))).toBeLessThan(2e-6);
    expect(two[2]).toBe(0);
  });
});

describe('readTogether: one read for the tensors of a step', () => {
  it('returns each tensor’s values in order, keeps nulls, reads ints as floats, and disposes nothing', async () => {
    const a = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    const b = tf.tensor1d([5, 6, 7], 'int32');
    const before = tf.memory().numTensors;
    const [ra, rn, rb] = await readTogether([a, null, b]);
    expect(Array.from(ra!)).toEqual([1, 2, 3, 4]);
    expect(rn).toBeNull();
    expect(rb).toBeInstanceOf(Float32Array);
    expect(Array.from(rb!)).toEqual([5, 6, 7]);
    expect(tf.memory().numTensors).toBe(before);
    expect(a.isDisposed || b.isDisposed).toBe(false);
    tf.dispose([a, b]);
  });

  it('no tensors: every entry null, nothing read', async () => {
    expect(await readTogether([null, null])).toEqual([null, null]);
    expect(await readTogether([])).toEqual([]);
  });
});

describe('lineage edges with a level run up to the start (§5.6)', () => {
  it('one resampling at k = 1 of K = 3: level runs 1 → 0, jumps 2 → 1, and the survivor’s run from K = 3 to 2', () => {
    const g = { steps: [1], ancestors: [Int32Array.from([0, 0])] };
    const key = (e: { kFrom: number; from: number; kTo: number; to: number }) =>
      `${e.kFrom}:${e.from}->${e.kTo}:${e.to}`;
    expect(lineageEdges(g, 2, 3).map(key).sort()).toEqual(
      ['1:0->0:0', '1:1->0:1', '2:0->1:0', '2:0->1:1', '3:0->2:0'].sort(),
    );
  });
});
