// The twist-exact potential (algorithms.md §5.1) cannot be computed without log ψ_t: it says so instead of
// silently using 0.
import { describe, expect, it } from 'vitest';
import { LineagePotentials } from '../../../../src/core/samplers/potentials';

describe('twist-exact needs log ψ (§5.1)', () => {
  it('refuses rewards without log ψ, at the start and at later steps', () => {
    const p = new LineagePotentials('twist-exact', 2, 0.5);
    expect(() => p.first([1, 2], null)).toThrow(/twist-exact potential needs log ψ/);
    expect(Array.from(p.first([1, 2], [0.25, -0.5]))).toEqual([0.25, -0.5]);
    expect(() => p.next([1, 2], null)).toThrow(/twist-exact potential needs log ψ/);
  });
});
