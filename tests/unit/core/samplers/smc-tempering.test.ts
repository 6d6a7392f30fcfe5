// Tempering, potentials at resampling steps and the genealogy of the SMC sampler (algorithms.md §5.5–5.6). The
// target checks run on a three-component mixture used nowhere else, against its closed-form tilt (§2.3).
import { beforeAll, describe, expect, it } from 'vitest';
import { useNodeBackend } from '../../../../src/cli/backend';
import { pointMean } from '../../../../src/core/diagnostics';
import { tiltGmm } from '../../../../src/core/exact';
import { GmmDenoiser } from '../../../../src/core/models/gmm';
import { linearReward } from '../../../../src/core/rewards';
import { conditionalEss, fixedBeta, temperedIncrement } from '../../../../src/core/samplers/smc/tempering';
import { backwardSchedule } from '../../../../src/core/samplers/smc/pilot';
import { lineageEdges, survivingLineages } from '../../../../src/core/samplers/smc/genealogy';
import { distinctCount, smcSampler } from '../../../../src/core/samplers/smc';
import type { SmcSpec } from '../../../../src/core/samplers/smc';
import { runToEnd, smcParams } from './runSampler';
import type { GmmSpec, SamplerContext, StepFrame } from '../../../../src/core/types';
import { componentFractions, gmmMoments } from '../../fixtures';

/** A mixture no other test uses: three unequal, correlated components. */
const MIXTURE: GmmSpec = {
  weights: [0.45, 0.35, 0.2],
  means: [
    [-1.2, 0.4],
    [0.8, 1.1],
    [0.9, -1.3],
  ],
  covs: [
    [
      [0.25, 0.08],
      [0.08, 0.3],
    ],
    [
      [0.2, -0.05],
      [-0.05, 0.15],
    ],
    [
      [0.3, 0],
      [0, 0.2],
    ],
  ],
};
const THETA: [number, number] = [0.45, -0.3];
const LAMBDA = 0.3;

const run = (ctx: SamplerContext, params: SmcSpec) => runToEnd(smcSampler, ctx, params);

function context(overrides: Partial<SamplerContext> = {}): SamplerContext {
  return {
    denoiser: new GmmDenoiser(MIXTURE),
    reward: linearReward(THETA),
    particles: 4096,
    steps: 100,
    eta: 1,
    kernel: 'exact',
    seed: 5,
    emitPositions: false,
    ...overrides,
  };
}

const smc = (overrides: Partial<SmcSpec> = {}): SmcSpec => smcParams(LAMBDA, overrides);

beforeAll(async () => {
  await useNodeBackend('wasm');
});

describe('the pieces (§5.5)', () => {
  it('fixed schedules: linear 1 − k/K, geometric 10^{−3k/K}, both non-decreasing and 1 at the last step', () => {
    expect(fixedBeta('linear', 10, 10)).toBe(0);
    expect(fixedBeta('linear', 4, 10)).toBeCloseTo(0.6, 15);
    expect(fixedBeta('geometric', 10, 10)).toBeCloseTo(1e-3, 15);
    expect(fixedBeta('geometric', 5, 10)).toBeCloseTo(Math.sqrt(1e-3), 15);
    for (const schedule of ['linear', 'geometric'] as const) {
      expect(fixedBeta(schedule, 0, 10)).toBe(1);
      for (let k = 10; k >= 1; k--) expect(fixedBeta(schedule, k - 1, 10)).toBeGreaterThanOrEqual(fixedBeta(schedule, k, 10));
    }
  });

  it('conditional ESS: N(Σ W̄w)²/Σ W̄w², the increments’ ESS when the weights are equal', () => {
    // w = (1, 3): (1 + 3)² / (1 + 9) = 1.6 particles of 2.
    expect(conditionalEss([0.5, 0.5], [0, Math.log(3)])).toBeCloseTo(1.6, 12);
    // W̄ = (0.25, 0.75), w = (1, 3): 2·(0.25 + 2.25)² / (0.25 + 6.75) = 12.5/7.
    expect(conditionalEss([0.25, 0.75], [5, 5 + Math.log(3)])).toBeCloseTo(12.5 / 7, 12);
    // A particle with no weight does not count, however large its increment.
    expect(conditionalEss([0, 1], [50, 0])).toBeCloseTo(2, 12);
  });

  it('the tempered increment telescopes: Σ_k over a lineage is β_last · S_last', () => {
    const g = [0.3, -0.2, 0.5, 0.1];
    const betas = [0.1, 0.25, 0.7, 1];
    let sum = 0;
    let total = 0;
    let prev = 0;
    const out = new Float64Array(1);
    g.forEach((gk, i) => {
      total += temperedIncrement(betas[i], prev, [sum], [gk], null, out)[0];
      sum += gk;
      prev = betas[i];
    });
    expect(total).toBeCloseTo(sum, 14);
  });

  it('the pilot schedule: β_0 = 1, non-decreasing toward the end, each step at ESS ≥ τM where it can be', () => {
    // S_k = c_k·z with a fixed spread z: the increment of step k → k−1 is (β_{k−1}c_{k−1} − β_k c_k)·z.
    const m = 400;
    const K = 20;
    const z = Float64Array.from({ length: m }, (_, i) => Math.sin(1.7 * i) * 2);
    const c = Array.from({ length: K + 1 }, (_, k) => 6 * Math.exp(-k / 4));
    const sums = c.map((ck) => Float64Array.from(z, (v) => ck * v));
    const beta = backwardSchedule(sums, K, 0.5);
    const uniform = new Float64Array(m).fill(1 / m);
    const ess = (k: number, b: number) => conditionalEss(uniform, Float64Array.from(z, (v) => (beta[k - 1] * c[k - 1] - b * c[k]) * v));
    expect(beta[0]).toBe(1);
    let interior = 0;
    for (let k = 1; k <= K; k++) {
      expect(beta[k]).toBeLessThanOrEqual(beta[k - 1]);
      expect(beta[k]).toBeGreaterThanOrEqual(0);
      if (beta[k] > 0 && beta[k] < beta[k - 1]) {
        interior++;
        // The smallest β that keeps the step's ESS: a little less breaks it.
        expect(ess(k, beta[k])).toBeGreaterThanOrEqual(0.5 * m);
        expect(ess(k, beta[k] - 1e-5)).toBeLessThan(0.5 * m);
      }
    }
    expect(interior).toBeGreaterThan(2);
    // Far from the end the tilt is put off entirely.
    expect(beta[K]).toBe(0);
  });

  it('distinct ancestors are counted once each', () => {
    expect(distinctCount(Int32Array.from([0, 0, 2, 2, 2, 5]), 6)).toBe(3);
  });
});

describe('genealogy (§5.6)', () => {
  // N = 4, K = 3: at k = 2 the particles after resampling descend from (1, 1, 1, 0); at k = 1 from (0, 0, 2, 3).
  const g = { steps: [2, 1], ancestors: [Int32Array.from([1, 1, 1, 0]), Int32Array.from([0, 0, 2, 3])] };

  it('surviving lineages per step, counted by hand', () => {
    // k = 0, 1: the four final particles; k = 2: their ancestors {0, 2, 3}; k = 3: theirs, {1, 0}.
    expect(Array.from(survivingLineages(g, 4, 3))).toEqual([4, 4, 3, 2]);
  });

  it('lineage edges: level runs between resamplings and one jump per surviving particle at each', () => {
    const key = (e: { kFrom: number; from: number; kTo: number; to: number }) => `${e.kFrom}:${e.from}->${e.kTo}:${e.to}`;
    const edges = lineageEdges(g, 4, 3).map(key).sort();
    expect(edges).toEqual(
      [
        // level runs from k = 1 to 0 of the final particles
        '1:0->0:0', '1:1->0:1', '1:2->0:2', '1:3->0:3',
        // jumps at k = 1 (from step 2)
        '2:0->1:0', '2:0->1:1', '2:2->1:2', '2:3->1:3',
        // jumps at k = 2 (from step 3) of the survivors {0, 2, 3}
        '3:1->2:0', '3:1->2:2', '3:0->2:3',
      ].sort(),
    );
    // Only the lineages of final particle 3: 3 → 3 → 0.
    expect(lineageEdges(g, 4, 3, [3]).map(key).sort()).toEqual(['1:3->0:3', '2:3->1:3', '3:0->2:3'].sort());
  });
});

describe('tempered SMC targets q ∝ p·e^{r/λ} on an unseen mixture (λ = 0.3, N = 4096, K = 100)', () => {
  const q = tiltGmm(MIXTURE, linearReward(THETA).polynomial!, LAMBDA);
  const moments = gmmMoments(q.spec);
  // 4 standard errors of a mean over an effective sample of N/4 (SMC's draws are not independent).
  const effective = 4096 / 4;
  const meanTol = (axis: 0 | 1) => 4 * Math.sqrt(moments.cov[axis][axis] / effective);
  const fractionTol = (w: number) => 4 * Math.sqrt((w * (1 - w)) / effective);

  it.each([
    ['adaptive tempering', { tempering: { kind: 'adaptive', targetEss: 0.5 } }],
    ['fixed linear tempering', { tempering: { kind: 'fixed', schedule: 'linear' } }],
    ['SSP resampling', { resampling: 'ssp' }],
    ['killing resampling', { resampling: 'killing' }],
  ] as const)('%s: mean and component fractions within 4 SE of the closed form', async (_name, over) => {
    const { out } = await run(context({ kernel: 'ddpm' }), smc(over as Partial<SmcSpec>));
    const mean = pointMean(out.samples);
    expect(Math.abs(mean[0] - moments.mean[0])).toBeLessThanOrEqual(meanTol(0));
    expect(Math.abs(mean[1] - moments.mean[1])).toBeLessThanOrEqual(meanTol(1));
    componentFractions(out.samples, q.spec).forEach((f, c) => {
      expect(Math.abs(f - q.spec.weights[c])).toBeLessThanOrEqual(fractionTol(q.spec.weights[c]));
    });
  });

  it('β is non-decreasing and 1 at the last step; adaptive keeps a higher mean ESS than plain SMC', async () => {
    const meanEss = (frames: StepFrame[]) => frames.reduce((s, f) => s + f.stats.ess!, 0) / frames.length;
    const plain = await run(context({ kernel: 'ddpm' }), smc());
    const adaptive = await run(context({ kernel: 'ddpm' }), smc({ tempering: { kind: 'adaptive', targetEss: 0.5 } }));
    const betas = adaptive.frames.map((f) => f.stats.beta!);
    for (let i = 1; i < betas.length; i++) expect(betas[i]).toBeGreaterThanOrEqual(betas[i - 1]);
    expect(betas.at(-1)).toBe(1);
    expect(betas[0]).toBeLessThan(1);
    expect(plain.frames.every((f) => f.stats.beta === 1)).toBe(true);
    // "Clearly higher": by more than a tenth of N.
    expect(meanEss(adaptive.frames) - meanEss(plain.frames)).toBeGreaterThan(0.1 * 4096);
    expect(adaptive.out.summary.resamplings!).toBeLessThan(plain.out.summary.resamplings!);
  });
});

describe('lineages close on r(x₀)/λ whatever the tempering (§5.5)', () => {
  it.each([
    ['none', { kind: 'none' }],
    ['fixed linear', { kind: 'fixed', schedule: 'linear' }],
    ['fixed geometric', { kind: 'fixed', schedule: 'geometric' }],
    ['adaptive', { kind: 'adaptive', targetEss: 0.5 }],
  ] as const)('%s, κ = 0: every final log-weight is r(x₀)/λ', async (_name, tempering) => {
    const { out } = await run(context({ particles: 256, steps: 20 }), smc({ tempering, essThreshold: 0 }));
    const x = out.weightedSamples!;
    out.logWeights!.forEach((lw, i) => {
      const r = THETA[0] * x[2 * i] + THETA[1] * x[2 * i + 1];
      expect(lw).toBeCloseTo(r / LAMBDA, 4);
    });
  });

  it('potentials at resampling steps with resampleEvery = 1 are the every-step run, bit for bit', async () => {
    const a = await run(context({ particles: 256, steps: 20 }), smc({ potential: 'max' }));
    const b = await run(context({ particles: 256, steps: 20 }), smc({ potential: 'max', potentialsAt: 'resampling-steps' }));
    expect(Array.from(b.out.samples)).toEqual(Array.from(a.out.samples));
    expect(b.frames.map((f) => f.stats)).toEqual(a.frames.map((f) => f.stats));
  });

  it('potentials at resampling steps: between them only the transition ratio moves the weights', async () => {
    const { frames } = await run(context({ particles: 256, steps: 12 }), smc({ potential: 'sum', potentialsAt: 'resampling-steps', resampleEvery: 4, essThreshold: 1 }));
    // P0: the transition ratio is 0, so off-schedule steps have V_k = 0 and the ESS of the step before.
    frames.forEach((f, i) => {
      const onSchedule = (i + 1) % 4 === 0 || f.stats.k === 0;
      if (!onSchedule) expect(f.stats.logWeightVar).toBe(0);
      else expect(f.stats.resampled).toBe(true);
    });
  });
});

describe('genealogy of a run', () => {
  it('frames carry the ancestors of each resampling; the output lists them; unique counts agree', async () => {
    const { frames, out } = await run(context({ particles: 512, steps: 30 }), smc({ lambda: 0.1 }));
    const resampled = frames.filter((f) => f.stats.resampled);
    expect(resampled.length).toBeGreaterThan(3);
    expect(out.genealogy!.steps).toEqual(resampled.map((f) => f.stats.k));
    resampled.forEach((f, e) => {
      expect(f.ancestors).toEqual(out.genealogy!.ancestors[e]);
      expect(f.stats.unique).toBe(new Set(f.ancestors).size);
    });
    expect(frames.filter((f) => !f.stats.resampled).every((f) => f.stats.unique === null && !f.ancestors)).toBe(true);
    const lineages = survivingLineages(out.genealogy!, 512, 30);
    expect(lineages[0]).toBe(512);
    for (let k = 1; k <= 30; k++) expect(lineages[k]).toBeLessThanOrEqual(lineages[k - 1]);
  });
});
