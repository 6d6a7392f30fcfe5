/**
 * Scenario validation (architecture.md "Core contracts"): every bad field value is rejected with an error that names that
 * field, never a stack trace or a silent default; the run API rejects the same inputs the same way; defaults are
 * filled as documented.
 */
import { describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { runScenario } from '../../../src/core/run';
import { DEFAULT_SCENARIO, LIMITS, parseScenario, validateScenario } from '../../../src/core/scenario';
import { FieldError } from '../../../src/core/types';

type Json = Record<string, unknown>;

const GMM = {
  kind: 'gmm',
  weights: [0.6, 0.4],
  means: [
    [-1, 0],
    [1, 0.5],
  ],
  covs: [
    [
      [0.3, 0],
      [0, 0.3],
    ],
    [
      [0.4, 0.1],
      [0.1, 0.2],
    ],
  ],
};

function scenario(overrides: Json = {}): Json {
  return {
    model: structuredClone(GMM),
    reward: { kind: 'linear', theta: [1, -0.5] },
    sampler: { kind: 'kl-tilt', lambda: 0.7 },
    particles: 64,
    steps: 10,
    seed: 3,
    ...overrides,
  };
}

const smc = (extra: Json) => ({ sampler: { kind: 'smc', lambda: 0.7, ...extra } });
const gmm = (extra: Json) => ({ model: { ...structuredClone(GMM), ...extra } });
const I2 = [
  [1, 0],
  [0, 1],
];

/** [what is wrong, the scenario, the field the error must name]. */
const BAD: Array<[string, unknown, string]> = [
  // whole input
  ['not an object', 42, 'scenario'],
  ['null', null, 'scenario'],
  ['an array', [scenario()], 'scenario'],
  ['unknown top-level key', scenario({ colour: 'red' }), 'scenario'],
  ['missing model', scenario({ model: undefined }), 'model'],
  ['missing reward', scenario({ reward: undefined }), 'reward'],
  ['missing sampler', scenario({ sampler: undefined }), 'sampler'],
  // model: gmm
  ['unknown model kind', scenario({ model: { kind: 'vae' } }), 'model.kind'],
  ['model kind missing', scenario({ model: { name: 'moons' } }), 'model.kind'],
  ['unknown key in model', scenario(gmm({ temperature: 1 })), 'model'],
  ['no components', scenario(gmm({ weights: [], means: [], covs: [] })), 'model.weights'],
  ['too many components', scenario(gmm({ weights: new Array(LIMITS.components + 1).fill(1) })), 'model.weights'],
  ['zero weight', scenario(gmm({ weights: [0, 1] })), 'model.weights.0'],
  ['negative weight', scenario(gmm({ weights: [0.5, -1] })), 'model.weights.1'],
  ['weight not a number', scenario(gmm({ weights: ['a', 1] })), 'model.weights.0'],
  ['means count differs from weights', scenario(gmm({ means: [[0, 0]] })), 'model.means'],
  ['covs count differs from weights', scenario(gmm({ covs: [I2] })), 'model.covs'],
  ['mean with one coordinate', scenario(gmm({ means: [[0], [1, 1]] })), 'model.means.0'],
  ['mean beyond the coordinate limit', scenario(gmm({ means: [[0, 0], [2 * LIMITS.coordinate, 0]] })), 'model.means.1.0'],
  ['mean NaN', scenario(gmm({ means: [[NaN, 0], [1, 1]] })), 'model.means.0.0'],
  ['mean Infinity', scenario(gmm({ means: [[0, Infinity], [1, 1]] })), 'model.means.0.1'],
  ['covariance not positive definite', scenario(gmm({ covs: [I2, [[1, 2], [2, 1]]] })), 'model.covs.1'],
  ['covariance not symmetric', scenario(gmm({ covs: [[[1, 0.5], [0, 1]], I2] })), 'model.covs.0'],
  ['covariance negative', scenario(gmm({ covs: [[[-1, 0], [0, -1]], I2] })), 'model.covs.0'],
  ['covariance nearly singular', scenario(gmm({ covs: [[[1e-7, 0], [0, 1e-7]], I2] })), 'model.covs.0'],
  ['covariance wrong shape', scenario(gmm({ covs: [[1, 0, 0, 1], I2] })), 'model.covs.0.0'],
  ['unknown kernel', scenario(gmm({ kernel: 'euler' })), 'model.kernel'],
  // model: mlp
  ['mlp without name', scenario({ model: { kind: 'mlp' } }), 'model.name'],
  ['mlp name with a path', scenario({ model: { kind: 'mlp', name: '../secrets' } }), 'model.name'],
  ['mlp name upper case', scenario({ model: { kind: 'mlp', name: 'Moons' } }), 'model.name'],
  ['mlp name empty', scenario({ model: { kind: 'mlp', name: '' } }), 'model.name'],
  ['mlp with gmm fields', scenario({ model: { kind: 'mlp', name: 'moons', weights: [1] } }), 'model'],
  // reward
  ['unknown reward kind', scenario({ reward: { kind: 'cubic' } }), 'reward.kind'],
  ['unknown key in reward', scenario({ reward: { kind: 'linear', theta: [1, 0], bias: 1 } }), 'reward'],
  ['linear theta missing', scenario({ reward: { kind: 'linear' } }), 'reward.theta'],
  ['linear theta 3-D', scenario({ reward: { kind: 'linear', theta: [1, 0, 0] } }), 'reward.theta'],
  ['linear theta string', scenario({ reward: { kind: 'linear', theta: ['1', 0] } }), 'reward.theta.0'],
  ['linear theta too large', scenario({ reward: { kind: 'linear', theta: [0, 1e9] } }), 'reward.theta.1'],
  ['quadratic A missing', scenario({ reward: { kind: 'quadratic', c: [0, 0] } }), 'reward.A'],
  ['quadratic c missing', scenario({ reward: { kind: 'quadratic', A: I2 } }), 'reward.c'],
  ['quadratic A not symmetric', scenario({ reward: { kind: 'quadratic', A: [[1, 2], [0, 1]], c: [0, 0] } }), 'reward.A'],
  ['quadratic A row short', scenario({ reward: { kind: 'quadratic', A: [[1], [0, 1]], c: [0, 0] } }), 'reward.A.0'],
  ['max-linear no pieces', scenario({ reward: { kind: 'max-linear', thetas: [], biases: [] } }), 'reward.thetas'],
  ['max-linear biases count', scenario({ reward: { kind: 'max-linear', thetas: [[1, 0], [0, 1]], biases: [0] } }), 'reward.biases'],
  [
    'max-linear too many pieces',
    scenario({
      reward: {
        kind: 'max-linear',
        thetas: new Array(LIMITS.maxLinearPieces + 1).fill([1, 0]),
        biases: new Array(LIMITS.maxLinearPieces + 1).fill(0),
      },
    }),
    'reward.thetas',
  ],
  ['max-linear bias NaN', scenario({ reward: { kind: 'max-linear', thetas: [[1, 0]], biases: [NaN] } }), 'reward.biases.0'],
  ['formula empty', scenario({ reward: { kind: 'formula', expr: '' } }), 'reward.expr'],
  ['formula not a string', scenario({ reward: { kind: 'formula', expr: 3 } }), 'reward.expr'],
  ['formula too long', scenario({ reward: { kind: 'formula', expr: 'x+'.repeat(LIMITS.formulaLength) + 'x' } }), 'reward.expr'],
  ['formula syntax error', scenario({ reward: { kind: 'formula', expr: 'x +' } }), 'reward.expr'],
  ['formula unbalanced parenthesis', scenario({ reward: { kind: 'formula', expr: 'sin(x' } }), 'reward.expr'],
  ['formula unknown variable', scenario({ reward: { kind: 'formula', expr: 'x + z' } }), 'reward.expr'],
  ['formula unknown function', scenario({ reward: { kind: 'formula', expr: 'eval(x)' } }), 'reward.expr'],
  ['formula property access', scenario({ reward: { kind: 'formula', expr: 'x.constructor' } }), 'reward.expr'],
  // sampler: every kind
  ['unknown sampler kind', scenario({ sampler: { kind: 'mcmc' } }), 'sampler.kind'],
  ['base with a lambda', scenario({ sampler: { kind: 'base', lambda: 1 } }), 'sampler'],
  ['kl-tilt lambda missing', scenario({ sampler: { kind: 'kl-tilt' } }), 'sampler.lambda'],
  ['kl-tilt lambda zero', scenario({ sampler: { kind: 'kl-tilt', lambda: 0 } }), 'sampler.lambda'],
  ['kl-tilt lambda negative', scenario({ sampler: { kind: 'kl-tilt', lambda: -1 } }), 'sampler.lambda'],
  ['kl-tilt lambda below the limit', scenario({ sampler: { kind: 'kl-tilt', lambda: LIMITS.lambda.min / 10 } }), 'sampler.lambda'],
  ['kl-tilt lambda above the limit', scenario({ sampler: { kind: 'kl-tilt', lambda: LIMITS.lambda.max * 10 } }), 'sampler.lambda'],
  ['kl-tilt lambda string', scenario({ sampler: { kind: 'kl-tilt', lambda: '0.7' } }), 'sampler.lambda'],
  ['kl-tilt unknown method', scenario({ sampler: { kind: 'kl-tilt', lambda: 1, method: 'magic' } }), 'sampler.method'],
  ['kl-tilt unknown key', scenario({ sampler: { kind: 'kl-tilt', lambda: 1, beta: 2 } }), 'sampler'],
  ['w-prox lambda missing', scenario({ sampler: { kind: 'w-prox' } }), 'sampler.lambda'],
  ['w-prox lambda zero', scenario({ sampler: { kind: 'w-prox', lambda: 0 } }), 'sampler.lambda'],
  ['w-prox unknown key', scenario({ sampler: { kind: 'w-prox', lambda: 1, method: 'exact' } }), 'sampler'],
  ['smc lambda missing', scenario({ sampler: { kind: 'smc' } }), 'sampler.lambda'],
  ['smc unknown proposal', scenario(smc({ proposal: 'langevin' })), 'sampler.proposal'],
  ['smc unknown potential', scenario(smc({ potential: 'min' })), 'sampler.potential'],
  ['smc unknown resampling', scenario(smc({ resampling: 'optimal' })), 'sampler.resampling'],
  ['smc essThreshold above 1', scenario(smc({ essThreshold: 1.5 })), 'sampler.essThreshold'],
  ['smc essThreshold negative', scenario(smc({ essThreshold: -0.1 })), 'sampler.essThreshold'],
  ['smc resampleEvery zero', scenario(smc({ resampleEvery: 0 })), 'sampler.resampleEvery'],
  ['smc resampleEvery fractional', scenario(smc({ resampleEvery: 2.5 })), 'sampler.resampleEvery'],
  ['smc unknown key', scenario(smc({ particles: 10 })), 'sampler'],
  // sizes, seed, eta
  ['particles zero', scenario({ particles: 0 }), 'particles'],
  ['particles above the limit', scenario({ particles: LIMITS.particles.max + 1 }), 'particles'],
  ['particles fractional', scenario({ particles: 10.5 }), 'particles'],
  ['particles string', scenario({ particles: '64' }), 'particles'],
  ['steps one', scenario({ steps: 1 }), 'steps'],
  ['steps above the limit', scenario({ steps: LIMITS.steps.max + 1 }), 'steps'],
  ['steps fractional', scenario({ steps: 2.5 }), 'steps'],
  ['seed negative', scenario({ seed: -1 }), 'seed'],
  ['seed above 2^32 − 1', scenario({ seed: 2 ** 32 }), 'seed'],
  ['seed fractional', scenario({ seed: 0.5 }), 'seed'],
  ['eta negative', scenario({ eta: -0.1 }), 'eta'],
  ['eta above 1', scenario({ eta: 1.01 }), 'eta'],
  // cross-field rules
  ['exact kernel with eta < 1', scenario({ ...gmm({ kernel: 'exact' }), eta: 0.5 }), 'eta'],
  ['smc with deterministic steps', scenario({ ...smc({}), eta: 0 }), 'eta'],
  ['twist-exact on a learned model', scenario({ ...smc({ potential: 'twist-exact' }), model: { kind: 'mlp', name: 'moons' } }), 'sampler.potential'],
  [
    'twist-exact with a formula reward',
    scenario({ ...smc({ potential: 'twist-exact' }), reward: { kind: 'formula', expr: 'sin(x)' } }),
    'sampler.potential',
  ],
  [
    'twist-exact with a max-linear reward',
    scenario({ ...smc({ potential: 'twist-exact' }), reward: { kind: 'max-linear', thetas: [[1, 0]], biases: [0] } }),
    'sampler.potential',
  ],
  [
    'exact-linear-tilt proposal with a quadratic reward',
    scenario({ ...smc({ proposal: 'exact-linear-tilt' }), reward: { kind: 'quadratic', A: I2, c: [0, 0] } }),
    'sampler.proposal',
  ],
];

describe('scenario validation', () => {
  it.each(BAD)('%s → names its field', (_what, input, field) => {
    const v = validateScenario(input);
    expect(v.ok).toBe(false);
    if (v.ok) return;
    expect(v.problems.map((p) => p.field)).toContain(field);
    for (const p of v.problems) expect(p.problem.length).toBeGreaterThan(3);
    let thrown: unknown;
    try {
      parseScenario(input);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(FieldError);
    expect((thrown as FieldError).message).toBe(`${(thrown as FieldError).field}: ${(thrown as FieldError).problem}`);
  });

  it('the run API rejects bad input with the same FieldError before touching a tensor', async () => {
    const before = tf.memory().numTensors;
    for (const [, input, field] of BAD) {
      const v = validateScenario(input);
      const first = v.ok ? null : v.problems[0].field;
      await expect(runScenario(input)).rejects.toMatchObject({ name: 'FieldError', field: first });
      expect(first === field || (!v.ok && v.problems.some((p) => p.field === field))).toBe(true);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('accepts every documented kind and fills the documented defaults', () => {
    const s = parseScenario({
      model: GMM,
      reward: { kind: 'linear', theta: [1, 0] },
      sampler: { kind: 'smc', lambda: 2 },
    });
    expect(s.particles).toBe(LIMITS.particles.default);
    expect(s.steps).toBe(LIMITS.steps.default);
    expect(s.seed).toBe(1);
    expect(s.eta).toBe(1);
    expect(s.model).toMatchObject({ kernel: 'ddpm' });
    expect(s.sampler).toEqual({
      kind: 'smc',
      lambda: 2,
      proposal: 'base',
      potential: 'diff',
      resampling: 'systematic',
      essThreshold: 0.5,
      resampleEvery: 1,
      potentialsAt: 'every-step',
      tempering: { kind: 'none' },
    });
    expect(parseScenario(scenario({ sampler: { kind: 'kl-tilt', lambda: 1 } })).sampler).toEqual({
      kind: 'kl-tilt',
      lambda: 1,
      method: 'auto',
    });
    const rewards = [
      { kind: 'linear', theta: [1, 0] },
      { kind: 'quadratic', A: [[2, 0], [0, 1]], c: [1, 1] },
      { kind: 'max-linear', thetas: [[1, 0], [-1, 0]], biases: [0, 0] },
      { kind: 'formula', expr: '-(x-1)^2 + sin(3*y)' },
    ];
    const samplers = [
      { kind: 'base' },
      { kind: 'kl-tilt', lambda: 0.7, method: 'guidance' },
      { kind: 'w-prox', lambda: 2 },
      { kind: 'smc', lambda: 0.7, potential: 'max', resampling: 'residual', essThreshold: 1 },
    ];
    for (const reward of rewards) for (const sampler of samplers) expect(validateScenario(scenario({ reward, sampler })).ok).toBe(true);
    expect(validateScenario(scenario({ model: { kind: 'mlp', name: 'moons' } })).ok).toBe(true);
    expect(validateScenario(DEFAULT_SCENARIO).ok).toBe(true);
  });

  it('accepts the limits themselves', () => {
    const edge = scenario({ particles: LIMITS.particles.max, steps: LIMITS.steps.min, seed: 2 ** 32 - 1, eta: 0 });
    expect(validateScenario(edge).ok).toBe(true);
    expect(validateScenario(scenario({ particles: 1, steps: LIMITS.steps.max, seed: 0 })).ok).toBe(true);
    expect(validateScenario(scenario({ sampler: { kind: 'w-prox', lambda: LIMITS.lambda.min } })).ok).toBe(true);
    expect(validateScenario(scenario({ sampler: { kind: 'w-prox', lambda: LIMITS.lambda.max } })).ok).toBe(true);
  });
});

describe('eta below float32 precision', () => {
  const base = { model: { kind: 'gmm', weights: [1], means: [[0, 0]], covs: [[[1, 0], [0, 1]]] }, reward: { kind: 'linear', theta: [1, 0] }, sampler: { kind: 'base' } };
  it('is rejected with its own reason, while 0 and 0.001 are accepted', () => {
    const v = validateScenario({ ...base, eta: 1e-30 });
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.problems).toEqual([{ field: 'eta', problem: 'must be 0 (deterministic) or at least 0.001 (smaller noise is below float32 precision)' }]);
    expect(validateScenario({ ...base, eta: 0 }).ok).toBe(true);
    expect(validateScenario({ ...base, eta: 1e-3 }).ok).toBe(true);
  });
});
