// The samplers' scenario fields (samplers/*/spec.ts): the defaults a partial field is completed with, the bounds
// each number must respect, the cross-field problems the schema cannot express (with the field they name and their
// text), and the codec through which the panel's tempering select reads and writes a structured value.
import { describe, expect, it } from 'vitest';
import { KL_LAMBDA_PARAM } from '../../../../src/core/samplers/descriptor';
import type { CheckContext, ParamMeta } from '../../../../src/core/samplers/descriptor';
import { baseSchema } from '../../../../src/core/samplers/base/spec';
import { klTiltSchema } from '../../../../src/core/samplers/klTilt/spec';
import { smcSchema, smcSpec } from '../../../../src/core/samplers/smc/spec';
import type { Tempering } from '../../../../src/core/samplers/smc/spec';
import { wProxSchema, wProxSpec } from '../../../../src/core/samplers/wProx/spec';

const ctx = (model: string, reward: string, eta = 1, extra: Record<string, unknown> = {}): CheckContext => ({
  model: { kind: model },
  reward: { kind: reward, ...extra },
  eta,
});
const smc = (over: Record<string, unknown> = {}) => smcSchema.parse({ kind: 'smc', lambda: 1, ...over });

describe('SMC field', () => {
  it('a partial field is completed with the documented defaults', () => {
    expect(smc()).toEqual({
      kind: 'smc',
      lambda: 1,
      proposal: 'base',
      potential: 'diff',
      resampling: 'systematic',
      essThreshold: 0.5,
      resampleEvery: 1,
      potentialsAt: 'every-step',
      tempering: { kind: 'none' },
    });
    expect(smc({ tempering: { kind: 'fixed' } }).tempering).toEqual({ kind: 'fixed', schedule: 'linear' });
    expect(smc({ tempering: { kind: 'adaptive' } }).tempering).toEqual({ kind: 'adaptive', targetEss: 0.5 });
  });

  it('bounds: essThreshold ∈ [0, 1], resampleEvery an integer in [1, 1000], targetEss ∈ (0, 1), no unknown keys', () => {
    const ok = (over: Record<string, unknown>) => smcSchema.safeParse({ kind: 'smc', lambda: 1, ...over }).success;
    expect([0, 1].map((v) => ok({ essThreshold: v }))).toEqual([true, true]);
    expect([-0.01, 1.01].map((v) => ok({ essThreshold: v }))).toEqual([false, false]);
    expect([1, 1000].map((v) => ok({ resampleEvery: v }))).toEqual([true, true]);
    expect([0, 1001, 2.5].map((v) => ok({ resampleEvery: v }))).toEqual([false, false, false]);
    expect([0.01, 0.99].map((v) => ok({ tempering: { kind: 'adaptive', targetEss: v } }))).toEqual([true, true]);
    expect([0, 1].map((v) => ok({ tempering: { kind: 'adaptive', targetEss: v } }))).toEqual([false, false]);
    expect(ok({ tempering: { kind: 'fixed', schedule: 'geometric' } })).toBe(true);
    expect(ok({ tempering: { kind: 'fixed', schedule: 'cubic' } })).toBe(false);
    expect(ok({ tempering: { kind: 'none', schedule: 'linear' } })).toBe(false);
    expect(ok({ extra: 1 })).toBe(false);
    for (const [key, value] of [
      ['proposal', 'exact-linear-tilt'],
      ['potential', 'twist-exact'],
      ['resampling', 'killing'],
      ['potentialsAt', 'resampling-steps'],
    ]) {
      expect(ok({ [key]: value })).toBe(true);
      expect(ok({ [key]: 'bogus' })).toBe(false);
    }
  });

  it('cross-field problems name their field', () => {
    const problems = (over: Record<string, unknown>, c: CheckContext) => smcSpec.problems(smc(over), c);
    expect(problems({}, ctx('gmm', 'formula'))).toEqual([]);
    expect(problems({}, ctx('gmm', 'linear', 0))).toEqual([
      ['eta', 'SMC needs a stochastic step (eta > 0) to weigh transitions'],
    ]);
    expect(problems({}, ctx('gmm', 'linear', 0.01))).toEqual([]);
    expect(problems({ potential: 'twist-exact' }, ctx('gmm', 'linear'))).toEqual([]);
    expect(problems({ potential: 'twist-exact' }, ctx('gmm', 'quadratic'))).toEqual([]);
    expect(problems({ potential: 'twist-exact' }, ctx('mlp', 'max-linear'))).toEqual([
      ['sampler.potential', 'twist-exact needs the analytic gmm model'],
      ['sampler.potential', 'twist-exact needs a linear or quadratic reward (closed-form tilt)'],
    ]);
    expect(problems({ proposal: 'exact-linear-tilt' }, ctx('mlp', 'linear'))).toEqual([]);
    expect(problems({ proposal: 'exact-linear-tilt' }, ctx('gmm', 'quadratic'))).toEqual([
      ['sampler.proposal', 'exact-linear-tilt needs a linear reward'],
    ]);
  });

  it('the tempering select shows each structured value as one option and sets it back', () => {
    const param = (smcSpec.params as readonly ParamMeta[]).find((p) => p.key === 'tempering')!;
    if (param.control !== 'select' || !param.codec) throw new Error('tempering is a select with a codec');
    const { read, write } = param.codec;
    expect(read(undefined)).toBe('none');
    expect(read({ kind: 'none' })).toBe('none');
    expect(read({ kind: 'fixed', schedule: 'linear' })).toBe('fixed-linear');
    expect(read({ kind: 'fixed', schedule: 'geometric' })).toBe('fixed-geometric');
    expect(read({ kind: 'adaptive', targetEss: 0.3 })).toBe('adaptive');
    const adaptive: Tempering = { kind: 'adaptive', targetEss: 0.3 };
    // Choosing adaptive again keeps the current target; coming from elsewhere sets the default 0.5.
    expect(write('adaptive', adaptive)).toBe(adaptive);
    expect(write('adaptive', { kind: 'none' })).toEqual({ kind: 'adaptive', targetEss: 0.5 });
    expect(write('fixed-geometric', adaptive)).toEqual({ kind: 'fixed', schedule: 'geometric' });
    expect(write('none', adaptive)).toEqual({ kind: 'none' });
  });
});

describe('the shared KL temperature control', () => {
  it('edits sampler.lambda on a log slider over [0.05, 20], with its convention as the hint', () => {
    expect(KL_LAMBDA_PARAM).toEqual({
      key: 'lambda',
      control: 'log-slider',
      label: 'KL temperature λ',
      min: 0.05,
      max: 20,
      hint: 'Target q ∝ p·exp(r/λ): small λ follows the reward, large λ stays near p.',
    });
  });
});

describe('KL-tilt, W-prox and base fields', () => {
  it('KL-tilt: method defaults to auto, takes exact or guidance, nothing else', () => {
    expect(klTiltSchema.parse({ kind: 'kl-tilt', lambda: 2 })).toEqual({ kind: 'kl-tilt', lambda: 2, method: 'auto' });
    for (const m of ['exact', 'guidance'])
      expect(klTiltSchema.safeParse({ kind: 'kl-tilt', lambda: 2, method: m }).success).toBe(true);
    expect(klTiltSchema.safeParse({ kind: 'kl-tilt', lambda: 2, method: 'bogus' }).success).toBe(false);
    expect(klTiltSchema.safeParse({ kind: 'kl-tilt', lambda: 2, extra: 1 }).success).toBe(false);
  });

  it('W-prox: a quadratic reward with A + λ_W I not positive definite is a problem on sampler.lambda', () => {
    const field = wProxSchema.parse({ kind: 'w-prox', lambda: 2 });
    const convex = {
      A: [
        [-3, 0],
        [0, 1],
      ],
    };
    const [problem] = wProxSpec.problems(field, ctx('gmm', 'quadratic', 1, convex));
    expect(problem[0]).toBe('sampler.lambda');
    expect(problem[1]).toMatch(/^must be > 3 for this reward/);
    expect(
      wProxSpec.problems(wProxSchema.parse({ kind: 'w-prox', lambda: 4 }), ctx('gmm', 'quadratic', 1, convex)),
    ).toEqual([]);
    // Other rewards have no such condition (their A is not read).
    expect(wProxSpec.problems(field, ctx('gmm', 'linear', 1, convex))).toEqual([]);
    expect(wProxSchema.safeParse({ kind: 'w-prox', lambda: 2, extra: 1 }).success).toBe(false);
  });

  it('base: only its kind', () => {
    expect(baseSchema.parse({ kind: 'base' })).toEqual({ kind: 'base' });
    expect(baseSchema.safeParse({ kind: 'base', lambda: 1 }).success).toBe(false);
  });
});
