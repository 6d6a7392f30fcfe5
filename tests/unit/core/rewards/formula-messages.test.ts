/**
 * The formula parser as a user meets it: the tree it builds (precedence, associativity, unary minus, functions), and
 * the whole message and 1-based position of every kind of mistake — the position points at the offending token, or
 * one past the end when the formula stops too early. formula.test.ts checks values and message fragments; this file
 * pins the full wording.
 */
import jsep from 'jsep';
import { describe, expect, it } from 'vitest';
import { checkFormula } from '../../../../src/core/rewards/formula';
import { parseFormula } from '../../../../src/core/rewards/formula/parse';
import type { FormulaNode } from '../../../../src/core/rewards/formula/syntax';
import { FormulaSyntaxError, usesVariables } from '../../../../src/core/rewards/formula/syntax';

const num = (value: number): FormulaNode => ({ kind: 'number', value });
const v = (name: 'x' | 'y'): FormulaNode => ({ kind: 'variable', name });
const bin = (op: '+' | '-' | '*' | '/' | '^', left: FormulaNode, right: FormulaNode): FormulaNode => ({ kind: 'binary', op, left, right });
const neg = (arg: FormulaNode): FormulaNode => ({ kind: 'negate', arg });

describe('the tree of a formula', () => {
  const TREES: Array<[string, FormulaNode]> = [
    ['1 - 2 - 3', bin('-', bin('-', num(1), num(2)), num(3))],
    ['x + y * 2', bin('+', v('x'), bin('*', v('y'), num(2)))],
    ['x / y / 2', bin('/', bin('/', v('x'), v('y')), num(2))],
    ['2 ^ 3 ^ x', bin('^', num(2), bin('^', num(3), v('x')))],
    ['-x ^ 2', neg(bin('^', v('x'), num(2)))],
    ['-x ^ 2 ^ y', neg(bin('^', v('x'), bin('^', num(2), v('y'))))],
    ['2 ^ -x', bin('^', num(2), neg(v('x')))],
    ['-x * y', bin('*', neg(v('x')), v('y'))],
    ['+x', v('x')],
    ['- -x', neg(neg(v('x')))],
    ['(x + y) * 2', bin('*', bin('+', v('x'), v('y')), num(2))],
    ['max(x, -y, 1)', { kind: 'call', name: 'max', args: [v('x'), neg(v('y')), num(1)] }],
    ['sin (x)', { kind: 'call', name: 'sin', args: [v('x')] }],
    ['pi', num(Math.PI)],
    ['e ^ x', bin('^', num(Math.E), v('x'))],
    ['.5', num(0.5)],
    ['3.', num(3)],
    ['1e-3', num(0.001)],
  ];

  it.each(TREES)('%s', (expr, tree) => {
    expect(parseFormula(expr)).toEqual(tree);
  });

  it('reads x or y only where they appear', () => {
    expect(usesVariables(parseFormula('2 * pi + sin(e) - max(1, 2)'))).toBe(false);
    expect(usesVariables(parseFormula('2 * pi'))).toBe(false);
    for (const expr of ['x', '-y', '1 + x', 'x + 1', 'max(1, 2, y)', 'sin(2 * y)', '2 ^ x']) expect(usesVariables(parseFormula(expr))).toBe(true);
  });
});

/** [formula, the whole message, its 1-based position]. */
const MESSAGES: Array<[string, string, number]> = [
  // the formula stops too early: the position is one past the end
  ['x +', 'expected an expression after "+" but the formula ends', 4],
  ['x + ', 'expected an expression after "+" but the formula ends', 5],
  ['x *', 'expected an expression after "*" but the formula ends', 4],
  ['-', 'expected an expression after "-" but the formula ends', 2],
  ['x ^', 'expected an expression after "^" but the formula ends', 4],
  ['x ^ -', 'expected an expression after "-" but the formula ends', 6],
  ['-x ^', 'expected an expression after "^" but the formula ends', 5],
  ['(x', 'unclosed "("', 1],
  ['( x ', 'unclosed "("', 1],
  ['sin(x', 'unclosed "(" of sin', 4],
  ['sin(x, ', 'unclosed "(" of sin', 4],
  ['1e+', 'incomplete exponent in a number (write e.g. 1e-3)', 4],
  // a token in the wrong place
  ['x ^ )', 'unexpected ")"', 5],
  ['x *)', 'unexpected ")"', 4],
  ['x)', 'unexpected ")" (no matching "(")', 2],
  ['()', 'empty parentheses', 1],
  ['( )', 'empty parentheses', 1],
  ['max(x, )', 'expected an argument after ","', 8],
  ['(x,y)', 'unexpected "," (commas only separate function arguments)', 3],
  ['x y', 'unexpected "y"', 3],
  ['(x y)', 'unexpected "y"', 4],
  ['sin(x y)', 'unexpected "y"', 7],
  ['max(x, y z)', 'unexpected "z"', 10],
  ['x; y', 'unexpected ";" (a formula is one expression)', 2],
  ['x # y', 'unexpected "#"', 3],
  ['@', 'unexpected "@"', 1],
  // operators and syntax the language does not have
  ['x ? 1 : 2', 'the conditional operator "?" is not supported', 3],
  ['(x ? 1 : 2)', 'the conditional operator "?" is not supported', 4],
  ['sin(x ? 1 : 2)', 'the conditional operator "?" is not supported', 7],
  ['x : 1', 'the conditional operator ":" is not supported', 3],
  ['x = 1', '"=" is not supported (no assignments or comparisons)', 3],
  ['x < 1', 'comparisons ("<") are not supported', 3],
  ['x > 1', 'comparisons (">") are not supported', 3],
  ['"a"', 'strings are not supported', 1],
  ["'a'", 'strings are not supported', 1],
  ['`a`', 'strings are not supported', 1],
  ['x[0]', 'arrays and indexing ("[") are not supported', 2],
  ['x.y', 'member access (".") is not supported', 2],
  ['x ** 2', '"**" is not supported (write ^ for powers)', 3],
  ['x * * 2', 'the operator "*" is not allowed here', 5],
  ['*x', 'the operator "*" is not allowed here', 1],
  ['/x', 'the operator "/" is not allowed here', 1],
  ['^x', 'the operator "^" is not allowed here', 1],
  ['x % 2', 'the operator "%" is not allowed here', 3],
  ['x | y', 'the operator "|" is not allowed here', 3],
  ['x & y', 'the operator "&" is not allowed here', 3],
  ['x ~ y', 'the operator "~" is not allowed here', 3],
  ['!x', 'the operator "!" is not allowed here', 1],
  ['x!', 'the operator "!" is not allowed here', 2],
  // numbers
  ['.', 'a number needs a digit after "."', 1],
  ['.x', 'a number needs a digit after "."', 1],
  ['1.2.3', 'unexpected "."', 4],
  ['1e', 'incomplete exponent in a number (write e.g. 1e-3)', 3],
  ['2x', 'a number cannot be followed by a name (write 2*x for a product)', 2],
  ['x + 1e999', 'number out of range', 5],
  // names and functions
  ['z', 'unknown name "z" (the variables are x and y, the constants pi and e)', 1],
  ['x + x1', 'unknown name "x1" (the variables are x and y, the constants pi and e)', 5],
  ['sin', '"sin" is a function: write sin(…)', 1],
  ['2 * x(1)', '"x" is not a function (write x*(…) for a product)', 5],
  ['pi(1)', '"pi" is not a function (write pi*(…) for a product)', 1],
  ['foo(1)', 'unknown function "foo"', 1],
  ['sin(x, y)', 'sin takes 1 argument but got 2', 1],
  ['x + pow(1, 2, 3)', 'pow takes 2 arguments but got 3', 5],
  ['max(x)', 'max takes 2 or more arguments but got 1', 1],
  ['min()', 'min takes 2 or more arguments but got 0', 1],
  // empty and too long
  ['', 'the formula is empty', 1],
  [' \t ', 'the formula is empty', 1],
  ['x' + ' '.repeat(500), 'the formula is longer than 500 characters', 501],
];

describe('messages name the problem and its position', () => {
  it.each(MESSAGES)('%j', (expr, message, position) => {
    expect(checkFormula(expr)).toEqual({ ok: false, message, position });
    let error: unknown = null;
    try {
      parseFormula(expr);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FormulaSyntaxError);
    expect((error as FormulaSyntaxError).name).toBe('FormulaSyntaxError');
    expect((error as FormulaSyntaxError).message).toBe(`${message} at position ${position}`);
  });

  it('the length limit is 500 characters: 500 are accepted', () => {
    expect(checkFormula('x' + ' '.repeat(499))).toEqual({ ok: true });
    expect(checkFormula('x+'.repeat(249) + 'x@')).toEqual({ ok: false, message: 'unexpected "@"', position: 500 });
  });

  it("a failed parse restores jsep's own grammar for its other users", () => {
    for (const expr of ['x ?', '1e', 'x y', '(x']) expect(checkFormula(expr).ok).toBe(false);
    expect(jsep('a && !b')).toMatchObject({ type: 'BinaryExpression', operator: '&&', right: { type: 'UnaryExpression', operator: '!' } });
    expect(jsep('a ? b : c')).toMatchObject({ type: 'ConditionalExpression' });
    expect(jsep('a === b')).toMatchObject({ type: 'BinaryExpression', operator: '===' });
  });
});
