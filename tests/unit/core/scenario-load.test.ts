/**
 * The scenario module builds its unions from the reward and sampler descriptors when it is first imported; a
 * descriptor schema without its kind makes that import throw. The import happens inside the test (not at the top of
 * the file), so that such a failure is a failing test with the error's message rather than a file that never loads.
 */
import { describe, expect, it } from 'vitest';

describe('loading the scenario module', () => {
  it('builds the reward and sampler unions and parses one scenario of each reward kind', async () => {
    const { validateScenario, REWARD_KINDS } = await import('../../../src/core/scenario');
    const model = { kind: 'gmm', weights: [1], means: [[0, 0]], covs: [[[1, 0], [0, 1]]] };
    const rewards = [
      { kind: 'linear', theta: [1, 0] },
      { kind: 'quadratic', A: [[1, 0], [0, 1]], c: [0, 0] },
      { kind: 'max-linear', thetas: [[1, 0]], biases: [0] },
      { kind: 'formula', expr: 'x' },
    ];
    expect(rewards.map((r) => r.kind)).toEqual(REWARD_KINDS);
    for (const reward of rewards) {
      expect(validateScenario({ model, reward, sampler: { kind: 'base' } })).toMatchObject({ ok: true, scenario: { reward } });
    }
  });
});
