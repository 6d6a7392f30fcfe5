/** The CSV reader for user points: decimal numbers only, the first bad line reported by its number. */
import { describe, expect, it } from 'vitest';
import { parsePointsCsv } from '../../../src/app/csv';

describe('parsePointsCsv', () => {
  it('reads decimal and exponent forms, a header, comments and mixed separators', () => {
    const r = parsePointsCsv('x,y\n# a comment\n1,-2.5\n.5;3e-1\n\n-4\t+6\n');
    expect(r.ok).toBe(true);
    if (r.ok) expect(Array.from(r.points)).toEqual([1, -2.5, 0.5, 0.30000001192092896, -4, 6]);
  });

  it.each(['0x1f', '0b101', '0o7', 'Infinity', '1_000', '1.2.3'])('rejects %s as not a number, naming the line', (cell) => {
    const r = parsePointsCsv(`1,2\n${cell},3\n`);
    expect(r).toEqual({ ok: false, line: 2, problem: `"${cell}" is not a number` });
  });

  it('rejects a coordinate beyond the allowed range', () => {
    const r = parsePointsCsv('1,2\n1e4,0\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.line, r.problem]).toEqual([2, '1e4 is outside the allowed range ±1000']);
  });
});
