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

describe('parsePointsCsv: the files users bring', () => {
  const points = (text: string) => {
    const r = parsePointsCsv(text);
    if (!r.ok) throw new Error(`line ${r.line}: ${r.problem}`);
    return Array.from(r.points);
  };

  it('reads Windows and old-Mac line endings, indented lines and spaces around separators', () => {
    expect(points('1,2\r\n3,4\r5,6\n')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(points('  7 , 8  \n\t9 ;10\n')).toEqual([7, 8, 9, 10]);
  });

  it('skips comment lines (starting with #) but not a line that merely ends in #', () => {
    expect(points('# x,y\n1,2\n')).toEqual([1, 2]);
    expect(parsePointsCsv('1,2\n3,4#\n')).toEqual({ ok: false, line: 2, problem: '"4#" is not a number' });
  });

  it('unquotes cells written as "1.5" by spreadsheets, but only whole quoted cells', () => {
    expect(points('"x","y"\n"1.5","-2"\n')).toEqual([1.5, -2]);
    expect(parsePointsCsv('"1,2\n')).toEqual({ ok: false, line: 1, problem: '""1" is not a number' });
    expect(parsePointsCsv('1",2\n')).toEqual({ ok: false, line: 1, problem: '"1"" is not a number' });
    // A quote in the middle or a cell that only starts quoted is kept as written, so it is reported as written.
    expect(parsePointsCsv('x"2",3\n')).toEqual({ ok: false, line: 1, problem: '"x"2"" is not a number' });
    expect(parsePointsCsv('"1"2,3\n')).toEqual({ ok: false, line: 1, problem: '""1"2" is not a number' });
  });

  it('a header is only a first line of two or more names: a word after data is a bad line', () => {
    expect(points('lon,lat\n1,2\n')).toEqual([1, 2]);
    expect(parsePointsCsv('1,2\nx,y\n')).toEqual({ ok: false, line: 2, problem: '"x" is not a number' });
    // A line with one name and one number is data with a bad cell, not a header.
    expect(parsePointsCsv('x,1\n2,3\n')).toEqual({ ok: false, line: 1, problem: '"x" is not a number' });
    // A first line with an empty name is not a header either: it is reported, not silently skipped.
    expect(parsePointsCsv('x,\n1,2\n')).toEqual({ ok: false, line: 1, problem: '"x" is not a number' });
    // A single word is neither a header nor a point.
    expect(parsePointsCsv('points\n1,2\n')).toEqual({ ok: false, line: 1, problem: 'expected two numbers (x, y), found 1 value: "points"' });
  });

  it('names the count of values on a line that is not a pair, in the singular and the plural', () => {
    expect(parsePointsCsv('1,2\n3\n')).toEqual({ ok: false, line: 2, problem: 'expected two numbers (x, y), found 1 value: "3"' });
    expect(parsePointsCsv('1,2,3\n')).toEqual({ ok: false, line: 1, problem: 'expected two numbers (x, y), found 3 values: "1,2,3"' });
  });

  it('shortens a long bad line to 37 characters and an ellipsis, and keeps one of 40 whole', () => {
    const long = `1,2,${'3'.repeat(40)}`;
    expect(parsePointsCsv(long)).toEqual({ ok: false, line: 1, problem: `expected two numbers (x, y), found 3 values: "1,2,${'3'.repeat(33)}…"` });
    const forty = `1,2,${'3'.repeat(36)}`;
    expect(parsePointsCsv(forty)).toEqual({ ok: false, line: 1, problem: `expected two numbers (x, y), found 3 values: "${forty}"` });
  });

  it('accepts multi-digit mantissas, fractions and exponents', () => {
    expect(points('12.5,.25\n10e1,0\n')).toEqual([12.5, 0.25, 100, 0]);
    expect(points('3.5e+2,-.125\n')).toEqual([350, -0.125]);
    expect(points('1e-12,2E-3\n')).toEqual([Math.fround(1e-12), Math.fround(0.002)]);
  });

  it('an empty y cell is reported as not a number', () => {
    expect(parsePointsCsv('1,\n')).toEqual({ ok: false, line: 1, problem: '"" is not a number' });
  });

  it('coordinates exactly at ±1000 are allowed; just beyond is refused for x and for y', () => {
    expect(points('1000,-1000\n')).toEqual([1000, -1000]);
    expect(parsePointsCsv('0,-1000.5\n')).toEqual({ ok: false, line: 1, problem: '-1000.5 is outside the allowed range ±1000' });
  });

  it('takes up to 5,000 points and refuses the 5,001st by its line', () => {
    const pair = (i: number) => `${i % 100},${Math.floor(i / 100)}`;
    const five = Array.from({ length: 5000 }, (_, i) => pair(i)).join('\n');
    const r = parsePointsCsv(five);
    expect(r.ok && r.points.length).toBe(10_000);
    expect(parsePointsCsv(`x,y\n${five}\n1,1\n`)).toEqual({ ok: false, line: 5002, problem: 'more than 5,000 points' });
  });

  it('a file with no data lines says so, pointing past its last line', () => {
    expect(parsePointsCsv('x,y\n# nothing yet\n')).toEqual({ ok: false, line: 3, problem: 'no data lines found (expected "x,y" per line)' });
    expect(parsePointsCsv('')).toEqual({ ok: false, line: 1, problem: 'no data lines found (expected "x,y" per line)' });
  });
});
