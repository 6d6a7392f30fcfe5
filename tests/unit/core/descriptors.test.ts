/**
 * The sampler and reward descriptors are the one source of each kind's schema, defaults and controls: the scenario
 * and run registries list the same kinds, the defaults are complete and valid, and every control edits a real
 * field within a range that holds its default.
 */
import { describe, expect, it } from 'vitest';
import { rewardKinds } from '../../../src/core/rewards/index';
import { REWARD_SPECS } from '../../../src/core/rewards/specs';
import { samplerFor, samplerKinds } from '../../../src/core/samplers/registry';
import { SAMPLER_SPECS } from '../../../src/core/samplers/specs';
import type { ParamMeta } from '../../../src/core/samplers/descriptor';
import { DEFAULT_SCENARIO, parseScenario, samplerSchema, SAMPLER_KINDS } from '../../../src/core/scenario';
import { SAMPLER_VIEWS } from '../../../src/view/samplers';

describe('sampler descriptors', () => {
  it('the scenario registry, the run registry and the view modules list the same kinds in the same order', () => {
    expect(SAMPLER_SPECS.map((d) => d.kind)).toEqual(['base', 'kl-tilt', 'w-prox', 'smc']);
    expect(samplerKinds()).toEqual(SAMPLER_KINDS);
    expect(SAMPLER_VIEWS.map((v) => v.kind)).toEqual(SAMPLER_KINDS);
    for (const kind of SAMPLER_KINDS) expect(samplerFor(kind).spec.kind).toBe(kind);
  });

  it('each default is a complete sampler field: parsing it changes nothing', () => {
    for (const d of SAMPLER_SPECS) expect(samplerSchema.parse(d.defaults)).toEqual(d.defaults);
  });

  it('each control edits a field of the schema, with a range that holds the default and options the schema accepts', () => {
    for (const d of SAMPLER_SPECS) {
      for (const p of d.params) {
        const value = (d.defaults as Record<string, unknown>)[p.key];
        expect(value, `${d.kind}.${p.key}`).toBeDefined();
        if (p.control === 'select') {
          // A field that is not a plain string (SMC's tempering) goes through its codec: shown as an option, set by one.
          const codec = 'codec' in p ? (p as ParamMeta & { control: 'select' }).codec : undefined;
          const shown = codec ? codec.read(value) : value;
          expect(p.options.map((o) => o.value)).toContain(shown);
          for (const o of p.options) {
            const set = codec ? codec.write(o.value, value) : o.value;
            expect(samplerSchema.safeParse({ ...d.defaults, [p.key]: set }).success, `${d.kind}.${p.key}=${o.value}`).toBe(true);
            // Reading back what an option set shows that option.
            if (codec) expect(codec.read(set)).toBe(o.value);
          }
        } else {
          expect(value as number).toBeGreaterThanOrEqual(p.min);
          expect(value as number).toBeLessThanOrEqual(p.max);
          for (const v of [p.min, p.max]) expect(samplerSchema.safeParse({ ...d.defaults, [p.key]: v }).success, `${d.kind}.${p.key}=${v}`).toBe(true);
        }
      }
    }
  });

  it('the samplers whose target is q ∝ p·e^{r/λ} share the KL-temperature role; W-prox has its own', () => {
    const role = Object.fromEntries(SAMPLER_SPECS.map((d) => [d.kind, 'lambdaRole' in d ? d.lambdaRole : undefined]));
    expect(role).toEqual({ base: undefined, 'kl-tilt': 'kl-temperature', 'w-prox': 'transport-price', smc: 'kl-temperature' });
  });

  it('a sampler without weights is declared so (its charts show n/a)', () => {
    expect(SAMPLER_SPECS.filter((d) => !d.weighted).map((d) => d.kind)).toEqual(['base', 'w-prox']);
  });
});

describe('reward descriptors', () => {
  it('the scenario registry and the builders list the same kinds', () => {
    expect(REWARD_SPECS.map((d) => d.kind).sort()).toEqual(rewardKinds().sort());
  });

  it("each reward's preset is a valid reward in the default scenario", () => {
    for (const d of REWARD_SPECS) expect(parseScenario({ ...DEFAULT_SCENARIO, reward: d.preset }).reward).toEqual(d.preset);
  });

  it('describe() writes the formula of the preset', () => {
    const text = Object.fromEntries(REWARD_SPECS.map((d) => [d.kind, (d.describe as (r: unknown) => string)(d.preset)]));
    expect(text).toEqual({
      linear: 'r = x − 0.5y',
      quadratic: 'r = −½‖x − (1, 1)‖²_A',
      'max-linear': 'r = max(x, −x)',
      formula: 'r = -(x-1)^2 + sin(3*y)',
    });
  });
});
