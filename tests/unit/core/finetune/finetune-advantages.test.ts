/**
 * §7 check 25 (GRPO advantages) and the DDPO batch advantage (§6.1), plus the validation of fine-tuning settings and
 * jobs (bad input → FieldError naming the field).
 */
import { describe, expect, it } from 'vitest';
import { batchAdvantages, DDPO_ADVANTAGE_CLIP, groupAdvantages, GRPO_STD_EPS } from '../../../../src/core/finetune/advantages';
import { parseFineTuneSettings } from '../../../../src/core/finetune/config';
import { parseFineTuneJob } from '../../../../src/core/finetune/job';
import { Rng } from '../../../../src/core/rng';
import { FieldError } from '../../../../src/core/types';

/** Mean and population standard deviation (ddof = 0, as §6.1–6.2 specify), written out here so that a wrong
 *  definition in the project's diagnostics cannot pass its own test. */
function meanRef(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return s / xs.length;
}
function populationSdRef(xs: ArrayLike<number>): number {
  const m = meanRef(xs);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += (xs[i] - m) ** 2;
  return Math.sqrt(s / xs.length);
}

describe('§7 check 25: GRPO advantages', () => {
  it('have per-group mean 0 and std 1 (1e-5, up to the documented +1e-4 in the denominator)', () => {
    const rng = new Rng(1, 'adv');
    const G = 8;
    const rewards = Float64Array.from({ length: 64 }, (_, i) => 3 * Math.floor(i / G) + (0.5 + (i % 3)) * rng.normal());
    const A = groupAdvantages(rewards, G);
    for (let g = 0; g < 64; g += G) {
      const group = A.slice(g, g + G);
      const sd = populationSdRef(rewards.slice(g, g + G));
      expect(Math.abs(meanRef(group))).toBeLessThan(1e-5);
      // std(A) = sd/(sd + ε): 1 within 1e-5 once the ε = 1e-4 of the formula is accounted for.
      expect(Math.abs(populationSdRef(group) - sd / (sd + GRPO_STD_EPS))).toBeLessThan(1e-5);
      expect(Math.abs(populationSdRef(group) - 1)).toBeLessThan(GRPO_STD_EPS / sd + 1e-5);
    }
  });

  it('are all zero for a constant-reward group, and globalStd divides by the batch std', () => {
    const rewards = [2, 2, 2, 2, 1, 3, 5, 7];
    const A = groupAdvantages(rewards, 4);
    expect(Array.from(A.slice(0, 4))).toEqual([0, 0, 0, 0]);
    // Hand-computed: the group [1, 3, 5, 7] has mean 4 and population sd √((9 + 1 + 1 + 9)/4) = √5 (the sample sd
    // would be √(20/3)); the whole batch has mean 3 and population sd √((4·1 + 4 + 0 + 4 + 16)/8) = √3.5.
    expect(Array.from(A.slice(4))).toEqual([-3, -1, 1, 3].map((d) => expect.closeTo(d / (Math.sqrt(5) + GRPO_STD_EPS), 12)));
    const Ag = groupAdvantages(rewards, 4, true);
    expect(Ag[7]).toBeCloseTo((7 - 4) / (Math.sqrt(3.5) + GRPO_STD_EPS), 10);
    expect(Ag[0]).toBeCloseTo(0, 12);
    expect(() => groupAdvantages(rewards, 3)).toThrow();
  });

  it('DDPO batch advantages are standardised and clipped to ±5', () => {
    const rewards = [...new Array(99).fill(0), 1000];
    const A = batchAdvantages(rewards);
    expect(Math.max(...A)).toBe(DDPO_ADVANTAGE_CLIP);
    // [1, 2, 3, 4]: mean 2.5, population sd √1.25, so A = (−1.5, −0.5, 0.5, 1.5)/√1.25.
    const B = batchAdvantages([1, 2, 3, 4]);
    expect(Array.from(B)).toEqual([-1.5, -0.5, 0.5, 1.5].map((d) => expect.closeTo(d / Math.sqrt(1.25), 7)));
    expect(Math.abs(meanRef(B))).toBeLessThan(1e-12);
    expect(populationSdRef(B)).toBeCloseTo(1, 6);
  });
});

describe('advantage edge cases a run meets', () => {
  it('DDPO: a low outlier is clipped at −5, the clip is a parameter, and a constant batch gives exactly 0', () => {
    // 99 zeros and −1000: mean −10, population sd √(10⁴ − 10²) = √9900; the zeros get 10/(√9900 + 10⁻⁸) (§6.1).
    const A = batchAdvantages([...new Array(99).fill(0), -1000]);
    expect(A[99]).toBe(-DDPO_ADVANTAGE_CLIP);
    expect(A[0]).toBeCloseTo(10 / (Math.sqrt(9900) + 1e-8), 14);
    // [1, 2, 3, 4] with clip 1: (−1.5, −0.5, 0.5, 1.5)/√1.25 = (−1.342, −0.447, 0.447, 1.342) → ±1 at the ends.
    expect(Array.from(batchAdvantages([1, 2, 3, 4], 1))).toEqual([-1, -0.5 / (Math.sqrt(1.25) + 1e-8), 0.5 / (Math.sqrt(1.25) + 1e-8), 1].map((v) => expect.closeTo(v, 12)));
    // No spread, no signal: every advantage is +0 (not NaN, not −0), so an update with a constant reward does nothing.
    expect(Array.from(batchAdvantages([3, 3, 3]))).toEqual([0, 0, 0]);
  });

  it('GRPO: a constant group is +0 with globalStd too, and a group size that does not tile the batch is refused', () => {
    expect(Array.from(groupAdvantages([5, 5, 5, 5], 2))).toEqual([0, 0, 0, 0]);
    expect(Array.from(groupAdvantages([5, 5, 1, 3], 2, true).slice(0, 2))).toEqual([0, 0]);
    for (const g of [0, -2, 3]) expect(() => groupAdvantages([1, 2, 3, 4], g)).toThrow(`the batch (4) must be a multiple of the group size (${g})`);
    // Groups of one carry no comparison: all +0.
    expect(Array.from(groupAdvantages([1, 2, 3], 1))).toEqual([0, 0, 0]);
    // One group of the whole batch: the group std is the batch std.
    expect(Array.from(groupAdvantages([1, 3], 2))).toEqual([-1, 1].map((v) => expect.closeTo(v / (1 + GRPO_STD_EPS), 12)));
  });
});

describe('fine-tuning settings and jobs', () => {
  const job = {
    model: { kind: 'gmm', weights: [1], means: [[0, 0]], covs: [[[1, 0], [0, 1]]] },
    reward: { kind: 'linear', theta: [1, 0] },
    method: 'grpo',
    lambda: 0.7,
  };

  it('fill in defaults', () => {
    const parsed = parseFineTuneJob(job);
    expect(parsed.settings).toMatchObject({ method: 'grpo', lambda: 0.7, updates: 100, batch: 64, steps: 10, groupSize: 8 });
    expect(parsed.evalParticles).toBe(1024);
  });

  it.each([
    [{ ...job, method: 'ppo' }, 'method'],
    [{ ...job, lambda: 0 }, 'lambda'],
    [{ ...job, batch: 60 }, 'groupSize'],
    [{ ...job, updates: 1.5 }, 'updates'],
    [{ ...job, learningRate: -1 }, 'learningRate'],
    [{ ...job, surprise: 1 }, 'job'],
    [{ ...job, reward: { kind: 'linear', theta: [1] } }, 'reward.theta'],
    [{ ...job, model: { kind: 'mlp', name: 'Bad Name' } }, 'model.name'],
  ])('reject bad input naming the field (%#)', (input, field) => {
    try {
      parseFineTuneJob(input);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FieldError);
      expect((e as FieldError).field.startsWith(field)).toBe(true);
    }
  });

  it('settings alone are validated with the field path prefix', () => {
    expect(() => parseFineTuneSettings({ method: 'rwr', lambda: 1, rwrPool: 3 }, 'finetune')).toThrow(/finetune\.rwrPool/);
  });
});
