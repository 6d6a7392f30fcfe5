// §7 check 1: the VP schedule (algorithms.md §1).
import { describe, expect, it } from 'vitest';
import { alpha, posteriorCoefficients, sigma2, snr, T_MIN, timeGrid, tOfSnr, transition } from '../../../src/core/schedule';

const ts = Array.from({ length: 101 }, (_, i) => T_MIN + ((1 - T_MIN) * i) / 100);

describe('VP schedule (§1, §7 check 1)', () => {
  it('α_t² + σ_t² = 1', () => {
    for (const t of ts) expect(Math.abs(alpha(t) ** 2 + sigma2(t) - 1)).toBeLessThan(1e-6);
  });

  it('α is strictly decreasing and α_1² < 1e-4', () => {
    for (let i = 1; i < ts.length; i++) expect(alpha(ts[i])).toBeLessThan(alpha(ts[i - 1]));
    expect(alpha(1) ** 2).toBeLessThan(1e-4);
    expect(alpha(1) ** 2).toBeGreaterThan(1e-5); // ≈ 4·10⁻⁵ as stated in §1
  });

  it('t(SNR(t)) = t', () => {
    for (const t of ts) expect(Math.abs(tOfSnr(snr(t)) - t)).toBeLessThan(1e-5);
  });

  it('the grid runs from t_min to 1 in K equal steps', () => {
    const grid = timeGrid(50);
    expect(grid).toHaveLength(51);
    expect(grid[0]).toBeCloseTo(T_MIN, 15);
    expect(grid[50]).toBeCloseTo(1, 15);
    for (let k = 1; k <= 50; k++) expect(grid[k] - grid[k - 1]).toBeCloseTo((1 - T_MIN) / 50, 12);
  });

  it('transitions compose: a_{t|s} = α_t/α_s, σ²_{t|s} = 1 − a²', () => {
    const { a, b } = transition(0.7, 0.2);
    expect(a).toBeCloseTo(alpha(0.7) / alpha(0.2), 12);
    expect(b).toBeCloseTo(1 - a * a, 12);
  });

  it('the DDPM posterior matches Ho et al.’s discrete form (§1)', () => {
    const t = 0.6;
    const s = 0.55;
    const abarT = alpha(t) ** 2;
    const abarS = alpha(s) ** 2;
    const beta = 1 - abarT / abarS;
    const { cx, c0, variance } = posteriorCoefficients(t, s);
    expect(cx).toBeCloseTo((Math.sqrt(1 - beta) * (1 - abarS)) / (1 - abarT), 12);
    expect(c0).toBeCloseTo((Math.sqrt(abarS) * beta) / (1 - abarT), 12);
    expect(variance).toBeCloseTo(((1 - abarS) / (1 - abarT)) * beta, 12);
  });
});
