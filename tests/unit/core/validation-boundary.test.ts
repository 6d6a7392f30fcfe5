/**
 * One validation at the boundary: scenario.ts alone (no sampler or reward run module imported, as on the page's
 * main thread) rejects everything a run would reject at validation time — the formula parse, the W-prox
 * well-posedness of a quadratic, SMC's cross-field rules — because every check is a descriptor's, not a side effect
 * of importing a run module. This file must import nothing but scenario.ts from src.
 */
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../../src/core/scenario';

const model = { kind: 'gmm', weights: [1], means: [[0, 0]], covs: [[[1, 0], [0, 1]]] };

function problems(input: object): Array<{ field: string; problem: string }> {
  const v = validateScenario(input);
  return v.ok ? [] : v.problems;
}

describe('validation on a thread that loads no run code', () => {
  it('rejects a formula that does not parse, naming reward.expr and the position', () => {
    const p = problems({ model, reward: { kind: 'formula', expr: 'x +* 2' }, sampler: { kind: 'base' } });
    expect(p).toHaveLength(1);
    expect(p[0].field).toBe('reward.expr');
    expect(p[0].problem).toMatch(/position 4/);
  });

  it('accepts a formula that parses', () => {
    expect(problems({ model, reward: { kind: 'formula', expr: '-(x-1)^2 + sin(3*y)' }, sampler: { kind: 'base' } })).toEqual([]);
  });

  it('rejects a W-prox price below −λ_min(A) for a quadratic (unbounded objective) and accepts one above it', () => {
    // A = diag(−5, 1): the objective r(y) − (λ_W/2)‖y − x‖² is bounded iff λ_W > 5.
    const reward = { kind: 'quadratic', A: [[-5, 0], [0, 1]], c: [0, 2] };
    const low = problems({ model, reward, sampler: { kind: 'w-prox', lambda: 4.9 } });
    expect(low.map((q) => q.field)).toEqual(['sampler.lambda']);
    expect(low[0].problem).toMatch(/must be > 5/);
    expect(problems({ model, reward, sampler: { kind: 'w-prox', lambda: 5.1 } })).toEqual([]);
  });

  it("reports SMC's cross-field rules and the reward's own", () => {
    const p = problems({
      model: { kind: 'mlp', name: 'moons' },
      reward: { kind: 'max-linear', thetas: [[1, 0]], biases: [0, 1] },
      sampler: { kind: 'smc', lambda: 1, potential: 'twist-exact', proposal: 'exact-linear-tilt' },
      eta: 0,
    });
    expect(p.map((q) => q.field)).toEqual(['reward.biases', 'eta', 'sampler.potential', 'sampler.potential', 'sampler.proposal']);
  });
});
