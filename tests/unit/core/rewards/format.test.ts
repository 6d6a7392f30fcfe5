/**
 * How rewards read on the page: the labels of the run (formatNumber / formatAffine, "1·x − 0.5·y"), the captions
 * (compactNumber / compactAffine, "x − 0.5y", through each reward's describe()), and the reward picker's entries.
 * Every expected string is written out by hand, with the typographic minus "−" wherever a sign is shown.
 */
import { describe, expect, it } from 'vitest';
import { compactAffine, compactNumber, formatAffine, formatNumber } from '../../../../src/core/rewards/format';
import { REWARD_SPECS } from '../../../../src/core/rewards/specs';
import { rewardSpecOf } from '../../../../src/core/scenario';
import type { RewardSpec } from '../../../../src/core/scenario';

describe('run labels: four significant digits, terms joined with signs', () => {
  it('numbers: integers as they are, others to four significant digits', () => {
    expect([formatNumber(3), formatNumber(1 / 3), formatNumber(12345.678), formatNumber(-2.5), formatNumber(2e-7)]).toEqual([
      '3',
      '0.3333',
      '12350',
      '-2.5',
      '2e-7',
    ]);
  });

  it('affine terms', () => {
    expect(formatAffine([1, -0.5])).toBe('1·x − 0.5·y');
    expect(formatAffine([2, 3])).toBe('2·x + 3·y');
    expect(formatAffine([-1, 0], 2)).toBe('−1·x + 2');
    expect(formatAffine([0, -2], -3)).toBe('−2·y − 3');
    expect(formatAffine([-2, -3], 4)).toBe('−2·x − 3·y + 4');
    expect(formatAffine([0.123456, 0])).toBe('0.1235·x');
    expect(formatAffine([0, 0], -1.5)).toBe('−1.5');
    expect(formatAffine([0, 0], 2)).toBe('2');
    expect(formatAffine([0, 0])).toBe('0');
  });
});

describe('captions: three significant digits, unit coefficients unwritten', () => {
  it('numbers to three significant digits', () => {
    expect([compactNumber(1 / 3), compactNumber(2), compactNumber(1234), compactNumber(-0.5)]).toEqual(['0.333', '2', '1230', '-0.5']);
  });

  it('affine terms', () => {
    expect(compactAffine([1, -0.5])).toBe('x − 0.5y');
    expect(compactAffine([-1, 1])).toBe('−x + y');
    expect(compactAffine([1, 1], -1)).toBe('x + y − 1');
    expect(compactAffine([0, -1])).toBe('−y');
    expect(compactAffine([0, 1])).toBe('y');
    expect(compactAffine([0, 2.5])).toBe('2.5y');
    expect(compactAffine([0, -3], 1)).toBe('−3y + 1');
    expect(compactAffine([2, 0])).toBe('2x');
    expect(compactAffine([1.5, -2.25], 3)).toBe('1.5x − 2.25y + 3');
    expect(compactAffine([1 / 3, 0], 0.5)).toBe('0.333x + 0.5');
    expect(compactAffine([0, 0])).toBe('0');
  });

  it('a negative leading coefficient or a lone negative constant is written with the typographic minus too', () => {
    expect(compactAffine([-2, 0], -1)).toBe('−2x − 1');
    expect(compactAffine([-0.5, 2])).toBe('−0.5x + 2y');
    expect(compactAffine([0, 0], -2)).toBe('−2');
  });

  it("each reward's caption", () => {
    const caption = (r: RewardSpec) => rewardSpecOf(r).describe(r);
    expect(caption({ kind: 'linear', theta: [-2, 0.25] })).toBe('r = −2x + 0.25y');
    expect(caption({ kind: 'quadratic', A: [[1, 0], [0, 1]], c: [0.5, 1 / 3] })).toBe('r = −½‖x − (0.5, 0.333)‖²_A');
    expect(caption({ kind: 'max-linear', thetas: [[1, 0], [0, -1], [0, 0]], biases: [0, 2, -1] })).toBe('r = max(x, −y + 2, −1)');
    expect(caption({ kind: 'formula', expr: 'sin(x) * y' })).toBe('r = sin(x) * y');
  });
});

describe('the reward picker', () => {
  it('offers the rewards in this order, with their names and hints', () => {
    expect(REWARD_SPECS.map((d) => [d.kind, d.label, d.hint])).toEqual([
      ['linear', 'Linear', 'r(x) = θ·x'],
      ['quadratic', 'Quadratic (target point)', 'r(x) = −½ (x − c)ᵀ A (x − c); click the canvas to move c'],
      ['max-linear', 'Max of linear', 'r(x) = maxᵢ θᵢ·x + bᵢ (convex)'],
      ['formula', 'Formula', 'Any expression in x and y; differentiable functions only.'],
    ]);
  });

  it('selects these presets', () => {
    expect(REWARD_SPECS.map((d) => d.preset)).toEqual([
      { kind: 'linear', theta: [1, -0.5] },
      { kind: 'quadratic', A: [[2, 0], [0, 2]], c: [1, 1] },
      { kind: 'max-linear', thetas: [[1, 0], [-1, 0]], biases: [0, 0] },
      { kind: 'formula', expr: '-(x-1)^2 + sin(3*y)' },
    ]);
  });
});
