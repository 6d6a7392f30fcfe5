/** groupDigits writes numbers as en-US does (hand-written cases, and Node's own Intl on a spread of integers). */
import { describe, expect, it } from 'vitest';
import { groupDigits } from '../../../src/view/groupDigits';

describe('groupDigits', () => {
  it('puts a comma between groups of three digits of the integer part', () => {
    expect(groupDigits(0)).toBe('0');
    expect(groupDigits(999)).toBe('999');
    expect(groupDigits(1000)).toBe('1,000');
    expect(groupDigits(65536)).toBe('65,536');
    expect(groupDigits(1234567)).toBe('1,234,567');
    expect(groupDigits(-1234)).toBe('-1,234');
    expect(groupDigits(12345.678)).toBe('12,345.678');
  });

  it('agrees with Intl en-US on integers of every length', () => {
    const en = new Intl.NumberFormat('en-US', { maximumFractionDigits: 20 });
    for (let digits = 1; digits <= 15; digits++) {
      for (const lead of [1, 4, 9]) {
        const n = lead * 10 ** (digits - 1) + (digits > 2 ? 37 : 0);
        expect(groupDigits(n)).toBe(en.format(n));
        expect(groupDigits(-n)).toBe(en.format(-n));
      }
    }
  });
});
