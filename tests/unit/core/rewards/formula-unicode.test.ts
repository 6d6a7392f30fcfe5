// A formula pasted from a page (the captions write the minus as U+2212) parses as typed with ASCII operators,
// and an error keeps its position in what the user typed.
import { describe, expect, it } from 'vitest';
import { parseFormula } from '../../../../src/core/rewards/formula/parse';
import { FormulaSyntaxError } from '../../../../src/core/rewards/formula/syntax';

describe('formula input pasted from a page', () => {
  it('reads the typographic minus as "-"', () => {
    expect(parseFormula('x \u2212 y')).toEqual(parseFormula('x - y'));
    expect(parseFormula('\u22122*x + y')).toEqual(parseFormula('-2*x + y'));
    expect(parseFormula('max(x, \u22122)')).toEqual(parseFormula('max(x, -2)'));
  });

  it('reads no-break and thin spaces as spaces', () => {
    expect(parseFormula('x\u00a0+\u2009y\u202f*\u20072')).toEqual(parseFormula('x + y * 2'));
  });

  it('an error after a typographic minus is placed where it was typed', () => {
    let caught: unknown;
    try {
      parseFormula('x \u2212 * y');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(FormulaSyntaxError);
    const plain = (() => {
      try {
        parseFormula('x - * y');
      } catch (e) {
        return e as FormulaSyntaxError;
      }
      return null;
    })();
    expect((caught as FormulaSyntaxError).message).toBe(plain!.message);
    expect((caught as FormulaSyntaxError).position).toBe(plain!.position);
  });
});
