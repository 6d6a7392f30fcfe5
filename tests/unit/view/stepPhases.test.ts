/**
 * Step-through phases (src/view/samplers/*): each sampler's phases in order, and the words agree with the step's
 * numbers — a resampled step says why, an unresampled one says why not, KL-tilt shows a weight phase only when the
 * run recorded weights, W-prox's last step is the one that applies the map.
 */
import { describe, expect, it } from 'vitest';
import type { SamplerSpec } from '../../../src/core/scenario';
import type { StepStats } from '../../../src/core/types';
import { formatStat, samplerView } from '../../../src/view/samplers';

const N = 1000;
const K = 10;

function stats(over: Partial<StepStats> = {}): StepStats {
  return { k: 4, t: 0.25, meanReward: 0.5, logWeightVar: 0.1, logWeightVarCum: 0.3, ess: 800, resampled: false, ...over };
}

const smc = (over: Partial<Extract<SamplerSpec, { kind: 'smc' }>> = {}): SamplerSpec => ({
  kind: 'smc',
  lambda: 0.7,
  proposal: 'base',
  potential: 'diff',
  resampling: 'systematic',
  essThreshold: 0.5,
  resampleEvery: 1,
  potentialsAt: 'every-step' as const,
  tempering: { kind: 'none' as const },
  ...over,
});

const phasesOf = (spec: SamplerSpec, s: StepStats) => samplerView(spec.kind).phases(spec, s, K, N);
const ids = (spec: SamplerSpec, s: StepStats) => phasesOf(spec, s).map((p) => p.id);

describe('step phases', () => {
  it('each sampler has its phases in order', () => {
    expect(ids({ kind: 'base' }, stats({ logWeightVar: null, ess: null }))).toEqual(['denoise']);
    expect(ids({ kind: 'kl-tilt', lambda: 1, method: 'auto' }, stats())).toEqual(['denoise', 'tilt', 'weight']);
    expect(ids({ kind: 'w-prox', lambda: 2 }, stats({ logWeightVar: null, ess: null }))).toEqual(['denoise', 'prox']);
    expect(ids(smc(), stats())).toEqual(['denoise', 'weight', 'resample']);
    expect(ids(smc({ proposal: 'guided' }), stats())).toEqual(['denoise', 'tilt', 'weight', 'resample']);
  });

  it('KL-tilt has no weight phase when the run recorded no weights (η = 0)', () => {
    expect(ids({ kind: 'kl-tilt', lambda: 1, method: 'auto' }, stats({ logWeightVar: null, ess: null }))).toEqual(['denoise', 'tilt']);
  });

  it('the denoise phase states the step index and how far along the chain it is', () => {
    const text = phasesOf({ kind: 'base' }, stats({ k: 4 }))[0].explanation;
    expect(text).toContain('k = 4, 6 of 10');
    expect(text).toContain('t = 0.250');
  });

  it('a step resampled because ESS fell below essThreshold·N says so with both numbers', () => {
    const text = phasesOf(smc(), stats({ ess: 312.4, resampled: true })).at(-1)!.explanation;
    expect(text).toMatch(/^Resampled \(systematic resampling\): ESS = 312\.4 < essThreshold·N = 500\.0/);
  });

  it('the last step is resampled for display even with a high ESS', () => {
    const text = phasesOf(smc(), stats({ k: 0, ess: 900, resampled: true })).at(-1)!.explanation;
    expect(text).toContain('this is the last step');
  });

  it('a low ESS that was not resampled is blamed on resampleEvery', () => {
    const text = phasesOf(smc({ resampleEvery: 5 }), stats({ ess: 100, resampled: false })).at(-1)!.explanation;
    expect(text).toContain('Not resampled although ESS = 100.0 < essThreshold·N = 500.0');
    expect(text).toContain('resampleEvery = 5');
  });

  it('a high ESS is not resampled, and the explanation compares it with the threshold', () => {
    const text = phasesOf(smc({ essThreshold: 0.3 }), stats({ ess: 800 })).at(-1)!.explanation;
    expect(text).toContain('ESS = 800.0 ≥ essThreshold·N = 300.0');
  });

  it("the weight phase quotes the step's variances and ESS as a fraction of N", () => {
    const w = phasesOf(smc({ potential: 'max' }), stats({ logWeightVar: 0.125, logWeightVarCum: 2.5, ess: 250 })).find((p) => p.id === 'weight')!;
    expect(w.explanation).toContain('V_k = 0.125 (cumulative 2.500)');
    expect(w.explanation).toContain('250.0 of N = 1000 (0.25·N)');
    expect(w.explanation).toContain('max potential');
    expect(w.tex).toContain('\\max_{j \\ge k}');
  });

  it("W-prox's last step applies the map; earlier steps say it comes at the end", () => {
    const spec: SamplerSpec = { kind: 'w-prox', lambda: 2 };
    expect(phasesOf(spec, stats({ k: 0 }))[1].explanation).toMatch(/^This is the last step/);
    expect(phasesOf(spec, stats({ k: 3 }))[1].explanation).toMatch(/applied once, at the end/);
  });

  it('formatStat writes n/a for missing or non-finite values and switches to exponents outside [1e-3, 1e4)', () => {
    expect([formatStat(null), formatStat(NaN), formatStat(Infinity)]).toEqual(['n/a', 'n/a', 'n/a']);
    expect(formatStat(0.5)).toBe('0.500');
    expect(formatStat(12345)).toBe('1.23e+4');
    expect(formatStat(0.0001)).toBe('1.00e-4');
    expect(formatStat(0)).toBe('0.000');
  });
});
