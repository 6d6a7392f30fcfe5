/**
 * Every documented limit of a scenario (scenarioParts.ts LIMITS), tried exactly at the limit (accepted) and one step
 * past it (rejected, with the message naming the field and the limit), plus the wording of the cross-field problems
 * and of zod's structural ones. The limits are written out here as numbers, not read from LIMITS, so that a changed
 * limit fails this file.
 */
import { describe, expect, it } from 'vitest';
import { FIXTURE_GMM } from '../../../src/core/fixture';
import { DEFAULT_SCENARIO, LIMITS, parseScenario, REWARD_KINDS, rewardSpecOf, SAMPLER_KINDS, samplerSpecOf, validateScenario } from '../../../src/core/scenario';
import type { RewardSpec, Scenario } from '../../../src/core/scenario';
import { FieldError } from '../../../src/core/types';

const I2 = [
  [1, 0],
  [0, 1],
];
const MODEL = { kind: 'gmm', weights: [1], means: [[0, 0]], covs: [I2] };
const BASE = { model: MODEL, reward: { kind: 'linear', theta: [1, 0] }, sampler: { kind: 'base' } };

function problems(overrides: Record<string, unknown>): Array<{ field: string; problem: string }> {
  const v = validateScenario({ ...BASE, ...overrides });
  return v.ok ? [] : v.problems;
}

/** A mixture of n identical standard components. */
function components(n: number) {
  return { kind: 'gmm', weights: new Array(n).fill(1), means: new Array(n).fill([0, 0]), covs: new Array(n).fill(I2) };
}

describe('the documented limits', () => {
  it('are the numbers the documentation states', () => {
    expect(LIMITS).toEqual({
      particles: { min: 1, max: 65536, default: 2048 },
      steps: { min: 2, max: 1000, default: 100 },
      lambda: { min: 1e-6, max: 1e12 },
      coordinate: 1000,
      components: 16,
      maxLinearPieces: 16,
      formulaLength: 500,
    });
  });

  /** [label, accepted at the limit, rejected one past it, the problem expected]. */
  const EDGES: Array<[string, Record<string, unknown>, Record<string, unknown>, { field: string; problem: string }]> = [
    ['particles ≥ 1', { particles: 1 }, { particles: 0 }, { field: 'particles', problem: 'Too small: expected number to be >=1' }],
    ['particles ≤ 65536', { particles: 65536 }, { particles: 65537 }, { field: 'particles', problem: 'Too big: expected number to be <=65536' }],
    ['steps ≥ 2', { steps: 2 }, { steps: 1 }, { field: 'steps', problem: 'Too small: expected number to be >=2' }],
    ['steps ≤ 1000', { steps: 1000 }, { steps: 1001 }, { field: 'steps', problem: 'Too big: expected number to be <=1000' }],
    ['seed ≥ 0', { seed: 0 }, { seed: -1 }, { field: 'seed', problem: 'Too small: expected number to be >=0' }],
    ['seed ≤ 2³² − 1', { seed: 4294967295 }, { seed: 4294967296 }, { field: 'seed', problem: 'Too big: expected number to be <=4294967295' }],
    ['eta ≤ 1', { eta: 1 }, { eta: 1.001 }, { field: 'eta', problem: 'Too big: expected number to be <=1' }],
    [
      'eta ≥ 0.001 unless 0',
      { eta: 0.001 },
      { eta: 0.000999 },
      { field: 'eta', problem: 'must be 0 (deterministic) or at least 0.001 (smaller noise is below float32 precision)' },
    ],
    [
      'coordinates ≤ 1000',
      { reward: { kind: 'linear', theta: [1000, 0] } },
      { reward: { kind: 'linear', theta: [1000.001, 0] } },
      { field: 'reward.theta.0', problem: 'Too big: expected number to be <=1000' },
    ],
    [
      'coordinates ≥ −1000',
      { reward: { kind: 'linear', theta: [0, -1000] } },
      { reward: { kind: 'linear', theta: [0, -1000.001] } },
      { field: 'reward.theta.1', problem: 'Too small: expected number to be >=-1000' },
    ],
    [
      'mixture weights ≤ 10⁶',
      { model: { ...MODEL, weights: [1e6] } },
      { model: { ...MODEL, weights: [1e6 + 1] } },
      { field: 'model.weights.0', problem: 'Too big: expected number to be <=1000000' },
    ],
    [
      'mixture weights > 0',
      { model: { ...MODEL, weights: [1e-300] } },
      { model: { ...MODEL, weights: [0] } },
      { field: 'model.weights.0', problem: 'weights must be > 0' },
    ],
    [
      'mlp model names ≤ 64 characters',
      { model: { kind: 'mlp', name: 'a'.repeat(64) } },
      { model: { kind: 'mlp', name: 'a'.repeat(65) } },
      { field: 'model.name', problem: 'must be a model name of lower-case letters, digits and dashes' },
    ],
    [
      'λ ≥ 10⁻⁶',
      { sampler: { kind: 'kl-tilt', lambda: 1e-6 } },
      { sampler: { kind: 'kl-tilt', lambda: 0.99e-6 } },
      { field: 'sampler.lambda', problem: 'must be ≥ 0.000001' },
    ],
    [
      'λ ≤ 10¹²',
      { sampler: { kind: 'w-prox', lambda: 1e12 } },
      { sampler: { kind: 'w-prox', lambda: 1.001e12 } },
      { field: 'sampler.lambda', problem: 'must be ≤ 1000000000000' },
    ],
    [
      'max-linear biases ≤ 1000',
      { reward: { kind: 'max-linear', thetas: [[1, 0]], biases: [1000] } },
      { reward: { kind: 'max-linear', thetas: [[1, 0]], biases: [1000.001] } },
      { field: 'reward.biases.0', problem: 'Too big: expected number to be <=1000' },
    ],
    [
      'max-linear biases ≥ −1000',
      { reward: { kind: 'max-linear', thetas: [[1, 0]], biases: [-1000] } },
      { reward: { kind: 'max-linear', thetas: [[1, 0]], biases: [-1000.001] } },
      { field: 'reward.biases.0', problem: 'Too small: expected number to be >=-1000' },
    ],
    [
      'formulas ≤ 500 characters',
      { reward: { kind: 'formula', expr: 'x' + ' '.repeat(499) } },
      { reward: { kind: 'formula', expr: 'x' + ' '.repeat(500) } },
      { field: 'reward.expr', problem: 'Too big: expected string to have <=500 characters' },
    ],
  ];

  it.each(EDGES)('%s: the limit is accepted, one past it is rejected naming the field', (_label, atLimit, past, expected) => {
    expect(problems(atLimit)).toEqual([]);
    expect(problems(past)).toEqual([expected]);
  });

  it('a mixture of 16 components is accepted, 17 are rejected on each of the three lists', () => {
    expect(problems({ model: components(16) })).toEqual([]);
    const too = 'Too big: expected array to have <=16 items';
    expect(problems({ model: components(17) })).toEqual([
      { field: 'model.weights', problem: too },
      { field: 'model.means', problem: too },
      { field: 'model.covs', problem: too },
    ]);
    // Each list has its own limit: one list too long is reported on that list alone.
    expect(problems({ model: { ...MODEL, means: new Array(17).fill([0, 0]) } })).toContainEqual({ field: 'model.means', problem: too });
    expect(problems({ model: { ...MODEL, covs: new Array(17).fill(I2) } })).toContainEqual({ field: 'model.covs', problem: too });
  });

  it('a mixture needs at least one entry in each list', () => {
    const few = 'Too small: expected array to have >=1 items';
    expect(problems({ model: { kind: 'gmm', weights: [], means: [[0, 0]], covs: [I2] } })).toContainEqual({ field: 'model.weights', problem: few });
    expect(problems({ model: { kind: 'gmm', weights: [1], means: [], covs: [I2] } })).toContainEqual({ field: 'model.means', problem: few });
    expect(problems({ model: { kind: 'gmm', weights: [1], means: [[0, 0]], covs: [] } })).toContainEqual({ field: 'model.covs', problem: few });
  });

  it('a max-linear reward of 16 pieces is accepted, 17 are rejected on thetas and biases', () => {
    const pieces = (n: number) => ({ kind: 'max-linear', thetas: new Array(n).fill([1, 0]), biases: new Array(n).fill(0) });
    expect(problems({ reward: pieces(16) })).toEqual([]);
    const too = 'Too big: expected array to have <=16 items';
    expect(problems({ reward: pieces(17) })).toEqual([
      { field: 'reward.thetas', problem: too },
      { field: 'reward.biases', problem: too },
    ]);
    expect(problems({ reward: { kind: 'max-linear', thetas: [[1, 0]], biases: [] } })).toEqual([
      { field: 'reward.biases', problem: 'Too small: expected array to have >=1 items' },
    ]);
  });

  it('an empty formula is rejected by the schema with its own message', () => {
    expect(problems({ reward: { kind: 'formula', expr: '' } })).toEqual([{ field: 'reward.expr', problem: 'must not be empty' }]);
  });

  it('particles, steps and seed must be whole numbers', () => {
    expect(problems({ particles: 1.5 })).toEqual([{ field: 'particles', problem: 'must be a whole number, not 1.5' }]);
    expect(problems({ steps: 2.5 })).toEqual([{ field: 'steps', problem: 'must be a whole number, not 2.5' }]);
    expect(problems({ seed: 0.5 })).toEqual([{ field: 'seed', problem: 'must be a whole number, not 0.5' }]);
  });

  it('mlp model names: lower-case letters, digits and dashes, not starting with a dash', () => {
    for (const name of ['moons', '8gaussians', 'a', 'two-moons-2']) expect(problems({ model: { kind: 'mlp', name } })).toEqual([]);
    for (const name of ['-moons', 'Moons', 'moons!', 'mo ons', 'moons\n', ' moons', '', 'mo_ons']) {
      expect(problems({ model: { kind: 'mlp', name } })).toEqual([
        { field: 'model.name', problem: 'must be a model name of lower-case letters, digits and dashes' },
      ]);
    }
  });

  it('λ = 0 is rejected as not positive as well as below the limit', () => {
    expect(problems({ sampler: { kind: 'kl-tilt', lambda: 0 } })).toEqual([
      { field: 'sampler.lambda', problem: 'must be > 0' },
      { field: 'sampler.lambda', problem: 'must be ≥ 0.000001' },
    ]);
  });
});

describe('cross-field problems', () => {
  it('list lengths that disagree with the weights name each list and both counts', () => {
    expect(problems({ model: { kind: 'gmm', weights: [0.5, 0.5], means: [[0, 0]], covs: [I2, I2, I2] } })).toEqual([
      { field: 'model.means', problem: 'has 1 entries but weights has 2' },
      { field: 'model.covs', problem: 'has 3 entries but weights has 2' },
    ]);
  });

  it('a covariance with determinant exactly 10⁻¹² is accepted, one just below is too close to singular', () => {
    // diag(1e-5, 1e-7): both eigenvalues above the 1e-9 definiteness floor, det = 1e-12 exactly in float64.
    expect(problems({ model: { ...MODEL, covs: [[[1e-5, 0], [0, 1e-7]]] } })).toEqual([]);
    expect(problems({ model: { ...MODEL, covs: [[[1e-5, 0], [0, 0.99e-7]]] } })).toEqual([{ field: 'model.covs.0', problem: 'is too close to singular' }]);
  });

  it('each bad covariance is named by its index, and not positive definite is not reported as singular', () => {
    const model = { kind: 'gmm', weights: [1, 1, 1], means: [[0, 0], [1, 1], [2, 2]], covs: [I2, [[1, 2], [2, 1]], [[1e-7, 0], [0, 1e-7]]] };
    expect(problems({ model })).toEqual([
      { field: 'model.covs.1', problem: 'must be symmetric positive definite' },
      { field: 'model.covs.2', problem: 'is too close to singular' },
    ]);
  });

  it('the exact kernel needs eta = 1 and accepts it; the ddpm kernel takes any eta', () => {
    expect(problems({ model: { ...MODEL, kernel: 'exact' }, eta: 0.999 })).toEqual([
      { field: 'eta', problem: 'the exact kernel is the ancestral chain: eta must be 1' },
    ]);
    expect(problems({ model: { ...MODEL, kernel: 'exact' }, eta: 1 })).toEqual([]);
    expect(problems({ model: { ...MODEL, kernel: 'exact' } })).toEqual([]);
    expect(problems({ model: { ...MODEL, kernel: 'ddpm' }, eta: 0.5 })).toEqual([]);
  });

  it('a learned model skips the mixture checks', () => {
    expect(problems({ model: { kind: 'mlp', name: 'moons' }, eta: 0.5 })).toEqual([]);
  });
});

describe('structural problems', () => {
  it('unknown keys are listed by name, quoted, in the order given', () => {
    expect(problems({ colour: 'red', size: 2 })).toEqual([{ field: 'scenario', problem: 'unknown field(s) "colour", "size"' }]);
    expect(problems({ reward: { kind: 'linear', theta: [1, 0], bias: 1 } })).toEqual([{ field: 'reward', problem: 'unknown field(s) "bias"' }]);
  });

  it('an unknown kind is named on its kind field', () => {
    expect(problems({ reward: { kind: 'cubic' } })).toEqual([{ field: 'reward.kind', problem: 'kind "cubic" is not known; it must be one of "linear", "quadratic", "max-linear", "formula"' }]);
    expect(problems({ sampler: { kind: 'mcmc' } })).toEqual([{ field: 'sampler.kind', problem: 'kind "mcmc" is not known; it must be one of "base", "kl-tilt", "w-prox", "smc"' }]);
    expect(problems({ model: { kind: 'vae' } })).toEqual([{ field: 'model.kind', problem: 'kind "vae" is not known; it must be one of "gmm", "mlp"' }]);
    // A kind left out is said to be missing, with the kinds there are.
    expect(problems({ reward: { theta: [1, 0] } })).toEqual([{ field: 'reward.kind', problem: 'kind must be one of "linear", "quadratic", "max-linear", "formula"' }]);
    // A long kind is quoted to 40 characters, not whole.
    expect(problems({ sampler: { kind: 'x'.repeat(5000) } })).toEqual([{ field: 'sampler.kind', problem: `kind "${'x'.repeat(40)}…" is not known; it must be one of "base", "kl-tilt", "w-prox", "smc"` }]);
    // A value of the wrong type says what it must be and what it was.
    expect(problems({ sampler: { kind: 'kl-tilt', lambda: '0.7' } })).toEqual([{ field: 'sampler.lambda', problem: 'must be a number, not the text "0.7"' }]);
  });

  it('a problem with the whole input is reported on "scenario"', () => {
    const v = validateScenario(42);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.problems).toEqual([{ field: 'scenario', problem: 'must be an object, not 42' }]);
  });

  it('parseScenario throws the first problem as a FieldError and returns the scenario with its defaults', () => {
    let error: unknown = null;
    try {
      parseScenario({ ...BASE, particles: 0, steps: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FieldError);
    expect((error as FieldError).field).toBe('particles');
    expect((error as FieldError).message).toBe('particles: Too small: expected number to be >=1');
    const s: Scenario = parseScenario(BASE);
    expect(s).toEqual({
      model: { ...MODEL, kernel: 'ddpm' },
      reward: { kind: 'linear', theta: [1, 0] },
      sampler: { kind: 'base' },
      particles: 2048,
      steps: 100,
      seed: 1,
      eta: 1,
    });
  });
});

describe('descriptor lookup', () => {
  it('a reward without cross-field rules reports none; one with rules reports its own', () => {
    expect(rewardSpecOf('linear').problems({ kind: 'linear', theta: [1, 0] })).toEqual([]);
    expect(rewardSpecOf({ kind: 'max-linear' }).problems({ kind: 'max-linear', thetas: [[1, 0]], biases: [0, 1] } as RewardSpec)).toEqual([
      ['reward.biases', 'has 2 entries but thetas has 1'],
    ]);
    expect(rewardSpecOf('linear').label).toBe('Linear');
  });

  it('a sampler without cross-field rules reports none', () => {
    const s = parseScenario(BASE);
    expect(samplerSpecOf('base').problems(s.sampler, s)).toEqual([]);
    expect(samplerSpecOf({ kind: 'kl-tilt' }).kind).toBe('kl-tilt');
  });

  it('an unknown kind is a programming error with the kind in its message', () => {
    expect(() => rewardSpecOf('cubic' as RewardSpec['kind'])).toThrow('no reward descriptor for kind "cubic"');
    expect(() => samplerSpecOf('mcmc' as Scenario['sampler']['kind'])).toThrow('no sampler descriptor for kind "mcmc"');
  });
});

describe('the opening scenario and the kinds on offer', () => {
  it('the app opens with the §7 fixture mixture, r = x − 0.5y and KL-tilt at λ = 0.7, N = 2048, K = 100, seed 1', () => {
    expect(DEFAULT_SCENARIO).toEqual({
      model: { kind: 'gmm', ...FIXTURE_GMM },
      reward: { kind: 'linear', theta: [1, -0.5] },
      sampler: { kind: 'kl-tilt', lambda: 0.7, method: 'auto' },
      particles: 2048,
      steps: 100,
      seed: 1,
    });
  });

  it('the kinds in the order the app offers them', () => {
    expect(SAMPLER_KINDS).toEqual(['base', 'kl-tilt', 'w-prox', 'smc']);
    expect(REWARD_KINDS).toEqual(['linear', 'quadratic', 'max-linear', 'formula']);
  });
});
