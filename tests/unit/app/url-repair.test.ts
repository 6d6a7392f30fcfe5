// A link's invalid fields fall back to their defaults one by one; the rest of the link is kept.
import { describe, expect, it } from 'vitest';
import { START_PARTICLES } from '../../../src/engine/startScenario';
import { MAX_ROUNDS, repairLinkScenario } from '../../../src/app/urlRepair';
import { DEFAULT_SCENARIO } from '../../../src/core/scenario';

const LINK = {
  model: { kind: 'gmm', weights: [1], means: [[0, 0]], covs: [[[1, 0], [0, 1]]] },
  reward: { kind: 'linear', theta: [1, 0] },
  sampler: { kind: 'smc', lambda: 0.5, potential: 'max' },
  particles: 256,
  steps: 40,
};

describe('link repair', () => {
  it('keeps a valid link as it is', () => {
    const r = repairLinkScenario(LINK);
    expect(r.problems).toEqual([]);
    expect(r.scenario?.sampler).toMatchObject({ kind: 'smc', lambda: 0.5, potential: 'max' });
  });

  it('replaces only the bad field by its default and reports it by name', () => {
    const r = repairLinkScenario({ ...LINK, sampler: { ...LINK.sampler, lambda: -1 }, particles: 1e9 });
    expect(r.problems.map((p) => p.field).sort()).toEqual(['particles', 'sampler.lambda']);
    expect(r.scenario?.sampler).toMatchObject({ kind: 'smc', lambda: 0.7, potential: 'max' });
    expect(r.scenario?.particles).toBe(START_PARTICLES); // the page's own default N, as when the link names none
    expect(r.scenario?.steps).toBe(40);
    expect(r.scenario?.model).toMatchObject({ weights: [1] });
  });

  it('removes a bad field without a default of its kind so the schema default applies', () => {
    const r = repairLinkScenario({ ...LINK, sampler: { ...LINK.sampler, potential: 'bogus' } });
    expect(r.problems[0].field).toBe('sampler.potential');
    expect(r.scenario?.sampler).toMatchObject({ kind: 'smc', lambda: 0.5, potential: 'diff' });
  });

  it('drops unknown top-level keys and resets a broken object as a whole when its fields cannot be fixed', () => {
    const r = repairLinkScenario({ ...LINK, colour: 'red', reward: { kind: 'linear', theta: 'up' } });
    expect(r.problems.map((p) => p.field)).toContain('scenario');
    expect(r.scenario?.reward).toEqual(DEFAULT_SCENARIO.reward);
    expect(r.scenario?.sampler).toMatchObject({ kind: 'smc', lambda: 0.5 });
  });

  it('gives up (whole default) on something that is not a scenario object', () => {
    expect(repairLinkScenario([1, 2]).scenario).toBeNull();
    expect(repairLinkScenario('x').problems.length).toBeGreaterThan(0);
  });
});

describe('link repair, field by field', () => {
  it('repairs one bad element of a list and keeps the others (θ = [2, "up"] → [2, −0.5], the opening θ₂)', () => {
    const r = repairLinkScenario({ ...LINK, reward: { kind: 'linear', theta: [2, 'up'] } });
    expect(r.problems.map((p) => p.field)).toEqual(['reward.theta.1']);
    expect(r.scenario?.reward).toEqual({ kind: 'linear', theta: [2, -0.5] });
  });

  it('repairs one bad covariance entry inside a model (five levels deep) and keeps the link\u2019s model', () => {
    const r = repairLinkScenario({ ...LINK, model: { ...LINK.model, covs: [[[1, 0], [0, 'x']]] } });
    expect(r.problems.map((p) => p.field)).toEqual(['model.covs.0.1.1']);
    expect(r.scenario?.model).toMatchObject({ kind: 'gmm', weights: [1], means: [[0, 0]] });
    expect(r.scenario?.steps).toBe(40);
  });

  it('when the field\u2019s own default does not fit (covariances for another number of components), resets the whole model', () => {
    const r = repairLinkScenario({ ...LINK, model: { ...LINK.model, covs: 'none' } });
    expect(r.problems.map((p) => p.field)).toEqual(['model.covs']);
    expect(r.scenario?.model).toMatchObject(DEFAULT_SCENARIO.model);
    expect(r.scenario?.sampler).toMatchObject({ kind: 'smc', lambda: 0.5, potential: 'max' });
    expect(r.scenario?.steps).toBe(40);
  });

  it('a bad entry of a field the opening scenario does not have (a quadratic reward\u2019s A) ends with the opening reward', () => {
    const quadratic = { kind: 'quadratic', A: [[2, 0], [0, 'x']], c: [0, 'y'] };
    const r = repairLinkScenario({ ...LINK, reward: quadratic });
    expect(r.problems.map((p) => p.field).sort()).toEqual(['reward.A.1.1', 'reward.c.1']);
    expect(r.scenario?.reward).toEqual(DEFAULT_SCENARIO.reward);
    expect(r.scenario?.sampler).toMatchObject({ kind: 'smc', lambda: 0.5, potential: 'max' });
  });

  it('a bad entry in a component the opening model does not have (a 4th covariance) resets the model, keeps the rest', () => {
    const model = { kind: 'gmm', weights: [0.25, 0.25, 0.25, 0.25], means: [[0, 0], [1, 0], [0, 1], [1, 1]], covs: [...Array(3).fill([[1, 0], [0, 1]]), [[1, 0], [0, 'x']]] };
    const r = repairLinkScenario({ ...LINK, model });
    // Only the link's own problem: not the repair's steps on its branch (the entry removed, then its row, its matrix…).
    expect(r.problems.map((p) => p.field)).toEqual(['model.covs.3.1.1']);
    expect(r.scenario?.model).toMatchObject(DEFAULT_SCENARIO.model);
    expect(r.scenario?.steps).toBe(40);
  });

  it('a repair that removes what held another bad entry of the same round goes on (nothing left to set there)', () => {
    // The fourth covariance is [null, [[[1, 2]], 1]]: its row 0 and the entry 1.0 are both bad in the first round;
    // a later round removes row 1 while row 1's own entry is still queued.
    const I = [[1, 0], [0, 1]];
    const model = { kind: 'gmm', weights: [0.25, 0.25, 0.25, 0.25], means: [[0, 0], [1, 0], [0, 1], [1, 1]], covs: [I, I, I, [null, [[[1, 2]], 1]]] };
    const r = repairLinkScenario({ ...LINK, model });
    expect(r.problems.map((p) => p.field)).toEqual(['model.covs.3.0', 'model.covs.3.1.0']);
    expect(r.scenario?.model).toMatchObject(DEFAULT_SCENARIO.model);
    expect(r.scenario?.steps).toBe(40);
  });

  it('gives up after the round limit: the fourth-covariance link takes 8 rounds', () => {
    const model = { kind: 'gmm', weights: [0.25, 0.25, 0.25, 0.25], means: [[0, 0], [1, 0], [0, 1], [1, 1]], covs: [...Array(3).fill([[1, 0], [0, 1]]), [[1, 0], [0, 'x']]] };
    const given = repairLinkScenario({ ...LINK, model }, 7);
    expect(given.scenario).toBeNull();
    // Given up, the link's problems are still reported: the page names them over the whole default.
    expect(given.problems.map((p) => p.field)).toEqual(['model.covs.3.1.1']);
    expect(repairLinkScenario({ ...LINK, model }, 8).scenario?.model).toMatchObject(DEFAULT_SCENARIO.model);
    // The default limit leaves room above the longest chain known.
    expect(MAX_ROUNDS).toBeGreaterThan(8);
  });

  it('a problem that shows only after a repair is reported too (a W-prox λ too small for the reward, behind a missing model)', () => {
    // Cross-field checks run once every field parses: the first validation sees only the missing model.
    const link = { ...LINK, model: undefined, reward: { kind: 'quadratic', A: [[-10, 0], [0, -10]], c: [0, 0] }, sampler: { kind: 'w-prox', lambda: 0.1 } };
    const r = repairLinkScenario(link);
    expect(r.problems.map((p) => p.field)).toEqual(['model', 'sampler.lambda']);
    expect(r.problems[1].problem).toMatch(/^must be > 10 for this reward/);
    // The field's default (λ = 0.7) is still too small for A = −10·I, so the sampler is reset as a whole; the reward stays.
    expect(r.scenario?.sampler).toMatchObject({ kind: 'kl-tilt', lambda: 0.7 });
    expect(r.scenario?.reward).toMatchObject({ kind: 'quadratic', A: [[-10, 0], [0, -10]] });
  });

  it('gives up on anything that is not an object, reporting why', () => {
    for (const raw of [null, 'x', 42, [1, 2]]) {
      const r = repairLinkScenario(raw);
      expect(r.scenario).toBeNull();
      expect(r.problems.length).toBeGreaterThan(0);
    }
  });
});
