// The SMC weight book-keeping (algorithms.md §5.2–5.3) on hand-computed numbers: carried log-weights, normalised
// weights, ESS, and Ẑ as the product over epochs of the mean unnormalised weight.
import { describe, expect, it } from 'vitest';
import { ParticleWeights } from '../../../../src/core/samplers/smc/weights';

describe('ParticleWeights (§5.2, §5.3)', () => {
  it('accumulates, normalises, closes epochs and multiplies their mean weights into Ẑ', () => {
    const w = new ParticleWeights(2);
    expect(w.ess()).toBeCloseTo(2, 14);
    expect(w.logZHat()).toBeCloseTo(0, 14);
    w.add([0, Math.log(2)]);
    w.add([0, Math.log(1.5)]);
    // W = (1, 3): W̄ = (¼, ¾), ESS = 1/(1/16 + 9/16) = 1.6, Ẑ of the open epoch = (1 + 3)/2 = 2.
    expect(Array.from(w.logWeights()).map(Math.exp)).toEqual([1, expect.closeTo(3, 12)]);
    const normalized = w.normalized();
    expect(normalized[0]).toBeCloseTo(0.25, 14);
    expect(normalized[1]).toBeCloseTo(0.75, 14);
    expect(w.ess()).toBeCloseTo(1.6, 12);
    expect(w.logZHat()).toBeCloseTo(Math.log(2), 12);
    expect(w.resamplings()).toBe(0);

    w.closeEpoch();
    // A new epoch starts from log W = 0: uniform weights, and Ẑ so far is the closed epoch's 2.
    expect(Array.from(w.logWeights())).toEqual([0, 0]);
    expect(w.ess()).toBeCloseTo(2, 14);
    expect(w.logZHat()).toBeCloseTo(Math.log(2), 12);
    expect(w.resamplings()).toBe(1);

    w.add([Math.log(2), Math.log(4)]);
    // Ẑ = 2 · (2 + 4)/2 = 6; W̄ = (⅓, ⅔).
    expect(w.logZHat()).toBeCloseTo(Math.log(6), 12);
    expect(w.normalized()[0]).toBeCloseTo(1 / 3, 14);
    w.closeEpoch();
    w.add([Math.log(0.5), Math.log(0.5)]);
    // Ẑ = 2 · 3 · 0.5 = 3 over three epochs (means 2, (2 + 4)/2 and 0.5), two of them closed.
    expect(w.logZHat()).toBeCloseTo(Math.log(3), 12);
    expect(w.resamplings()).toBe(2);
  });

  it('hands out copies: changing a returned array does not change the weights', () => {
    const w = new ParticleWeights(3);
    w.add([1, 2, 3]);
    const copy = w.logWeights();
    copy[0] = 100;
    expect(w.logWeights()[0]).toBe(1);
  });
});
