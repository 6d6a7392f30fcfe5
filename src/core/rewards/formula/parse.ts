/**
 * A safe parser for reward formulas: no eval, no Function, only the names of vocabulary.ts.
 *
 * jsep lexes numbers and names and does the precedence climbing of the binary operators; a token hook (active only
 * for parsers started here) defines everything else, so that every node is checked where its position is known:
 *
 *   expr   := expr ('+' | '-') term | term                       jsep, precedence 9
 *   term   := term ('*' | '/') power | power                     jsep, precedence 10
 *   power  := token ('^' power)?                                 jsep, precedence 11, right-associative
 *   token  := ('-' | '+') token ('^' power)? | atom              hook: −a^b = −(a^b), 2^−x is allowed
 *   atom   := number | x | y | pi | e | fn '(' expr (',' expr)* ')' | '(' expr ')'
 *
 * jsep's operator tables are global, so the formula grammar (only + − * / ^ and no jsep unary operators) is swapped
 * in for the duration of one synchronous parse and restored afterwards; other jsep users are unaffected.
 */
import jsep from 'jsep';
import { LIMITS } from '../../scenarioParts';
import { FormulaSyntaxError } from './syntax';
import type { BinaryOperator, FormulaNode } from './syntax';
import { arityText, CONSTANTS, FUNCTIONS, isConstantName, isFunctionName, isVariableName } from './vocabulary';

/** The part of jsep's parser instance the hook uses. */
interface Parser {
  index: number;
  readonly expr: string;
  readonly char: string;
  readonly code: number;
  gobbleSpaces(): void;
  gobbleExpression(): unknown;
  gobbleToken(): unknown;
  gobbleNumericLiteral(): { value: unknown };
  gobbleIdentifier(): { name: string };
}

interface JsepClass {
  new (expr: string): Parser;
  binary_ops: Record<string, number>;
  unary_ops: Record<string, number>;
  right_associative: Set<string>;
  max_binop_len: number;
  max_unop_len: number;
  isIdentifierStart(code: number): boolean;
  isDecimalDigit(code: number): boolean;
}

const Jsep = (jsep as unknown as { Jsep: JsepClass }).Jsep;

const FORMULA_GRAMMAR = {
  binary_ops: { '+': 9, '-': 9, '*': 10, '/': 10, '^': 11 } as Record<string, number>,
  unary_ops: {} as Record<string, number>,
  right_associative: new Set(['^']),
  max_binop_len: 1,
  max_unop_len: 0,
};

function withFormulaGrammar<T>(run: () => T): T {
  const saved = {
    binary_ops: Jsep.binary_ops,
    unary_ops: Jsep.unary_ops,
    right_associative: Jsep.right_associative,
    max_binop_len: Jsep.max_binop_len,
    max_unop_len: Jsep.max_unop_len,
  };
  Object.assign(Jsep, FORMULA_GRAMMAR);
  try {
    return run();
  } finally {
    Object.assign(Jsep, saved);
  }
}

const SPECIFIC_PROBLEMS: Readonly<Record<string, string>> = {
  '?': 'the conditional operator "?" is not supported',
  ':': 'the conditional operator ":" is not supported',
  '=': '"=" is not supported (no assignments or comparisons)',
  '<': 'comparisons ("<") are not supported',
  '>': 'comparisons (">") are not supported',
  '"': 'strings are not supported',
  "'": 'strings are not supported',
  '`': 'strings are not supported',
  '[': 'arrays and indexing ("[") are not supported',
  '.': 'member access (".") is not supported',
  ',': 'unexpected "," (commas only separate function arguments)',
  ';': 'unexpected ";" (a formula is one expression)',
};

function unexpectedAt(expr: string, index: number): FormulaSyntaxError {
  if (index >= expr.length) return new FormulaSyntaxError('unexpected end of the formula', index + 1);
  const ch = expr[index];
  if (ch === '*' && expr[index - 1] === '*') return new FormulaSyntaxError('"**" is not supported (write ^ for powers)', index);
  const problem = SPECIFIC_PROBLEMS[ch] ?? (/[!%&|~^*/+-]/.test(ch) ? `the operator "${ch}" is not allowed here` : `unexpected "${ch}"`);
  return new FormulaSyntaxError(problem, index + 1);
}

function expected(p: Parser, what: string): FormulaSyntaxError {
  const atEnd = p.index >= p.expr.length;
  return new FormulaSyntaxError(`expected ${what}${atEnd ? ' but the formula ends' : ''}`, p.index + 1);
}

interface JsepBinary {
  type: 'BinaryExpression';
  operator: string;
  left: unknown;
  right: unknown;
}

function isJsepBinary(node: unknown): node is JsepBinary {
  return typeof node === 'object' && node !== null && (node as { type?: unknown }).type === 'BinaryExpression';
}

/** jsep builds the binary nodes around the hook's tokens; turn them into FormulaNodes. */
function fromRaw(node: unknown): FormulaNode {
  if (isJsepBinary(node)) {
    return { kind: 'binary', op: node.operator as BinaryOperator, left: fromRaw(node.left), right: fromRaw(node.right) };
  }
  return node as FormulaNode;
}

/** `base ('^' power)?` after a signed token, so that −a^b^c = −(a^(b^c)). */
function powerChain(p: Parser, base: FormulaNode): FormulaNode {
  p.gobbleSpaces();
  if (p.char !== '^') return base;
  p.index++;
  const exponent = p.gobbleToken();
  if (!exponent) throw expected(p, 'an expression after "^"');
  return { kind: 'binary', op: '^', left: base, right: powerChain(p, fromRaw(exponent)) };
}

function signed(p: Parser): FormulaNode {
  const sign = p.char;
  p.index++;
  const operand = p.gobbleToken();
  if (!operand) throw expected(p, `an expression after "${sign}"`);
  const arg = powerChain(p, fromRaw(operand));
  return sign === '-' ? { kind: 'negate', arg } : arg;
}

function numberToken(p: Parser): FormulaNode {
  const start = p.index;
  if (p.char === '.' && !Jsep.isDecimalDigit(p.expr.charCodeAt(start + 1))) {
    throw new FormulaSyntaxError('a number needs a digit after "."', start + 1);
  }
  const value = Number(p.gobbleNumericLiteral().value);
  if (!Number.isFinite(value)) throw new FormulaSyntaxError('number out of range', start + 1);
  return { kind: 'number', value };
}

function group(p: Parser): FormulaNode {
  const open = p.index;
  p.index++;
  p.gobbleSpaces();
  if (p.char === ')') throw new FormulaSyntaxError('empty parentheses', open + 1);
  const inner = p.gobbleExpression();
  if (inner && p.char === ')') {
    p.index++;
    return fromRaw(inner);
  }
  if (p.index >= p.expr.length) throw new FormulaSyntaxError('unclosed "("', open + 1);
  throw unexpectedAt(p.expr, p.index);
}

function callArguments(p: Parser, name: string, open: number): FormulaNode[] {
  const args: FormulaNode[] = [];
  p.gobbleSpaces();
  if (p.char === ')') {
    p.index++;
    return args;
  }
  for (;;) {
    const arg = p.gobbleExpression();
    if (!arg) throw new FormulaSyntaxError(`unclosed "(" of ${name}`, open + 1);
    args.push(fromRaw(arg));
    if (p.char === ',') {
      p.index++;
      p.gobbleSpaces();
      if (p.expr[p.index] === ')') throw new FormulaSyntaxError('expected an argument after ","', p.index + 1);
    } else if (p.char === ')') {
      p.index++;
      return args;
    } else if (p.index >= p.expr.length) {
      throw new FormulaSyntaxError(`unclosed "(" of ${name}`, open + 1);
    } else {
      throw unexpectedAt(p.expr, p.index);
    }
  }
}

function nameToken(p: Parser): FormulaNode {
  const start = p.index;
  const { name } = p.gobbleIdentifier();
  p.gobbleSpaces();
  if (p.char === '(') {
    if (!isFunctionName(name)) {
      const problem =
        isVariableName(name) || isConstantName(name)
          ? `"${name}" is not a function (write ${name}*(…) for a product)`
          : `unknown function "${name}"`;
      throw new FormulaSyntaxError(problem, start + 1);
    }
    const open = p.index;
    p.index++;
    const args = callArguments(p, name, open);
    const f = FUNCTIONS[name];
    if (args.length < f.minArgs || args.length > f.maxArgs) {
      throw new FormulaSyntaxError(`${name} takes ${arityText(f)} but got ${args.length}`, start + 1);
    }
    return { kind: 'call', name, args };
  }
  if (isVariableName(name)) return { kind: 'variable', name };
  if (isConstantName(name)) return { kind: 'number', value: CONSTANTS[name] };
  if (isFunctionName(name)) throw new FormulaSyntaxError(`"${name}" is a function: write ${name}(…)`, start + 1);
  throw new FormulaSyntaxError(`unknown name "${name}" (the variables are x and y, the constants pi and e)`, start + 1);
}

/** One token of the formula grammar, or undefined at the end of the input (the caller says what it expected). */
function formulaToken(p: Parser): FormulaNode | undefined {
  if (p.index >= p.expr.length) return undefined;
  const ch = p.char;
  if (ch === '-' || ch === '+') return signed(p);
  if (Jsep.isDecimalDigit(p.code) || ch === '.') return numberToken(p);
  if (ch === '(') return group(p);
  if (Jsep.isIdentifierStart(p.code)) return nameToken(p);
  throw unexpectedAt(p.expr, p.index);
}

const formulaParsers = new WeakSet<object>();

jsep.hooks.add('gobble-token', function (this: jsep.HookScope, env: { node?: jsep.Expression }) {
  if (!formulaParsers.has(this)) return;
  const node = formulaToken(this as unknown as Parser);
  if (node) env.node = node as unknown as jsep.Expression;
});

// Runs before jsep's ternary plugin, which would otherwise consume "a ? b : c".
jsep.hooks.add(
  'after-expression',
  function (this: jsep.HookScope) {
    if (formulaParsers.has(this) && this.char === '?') throw unexpectedAt(this.expr, this.index);
  },
  true,
);

/** jsep's own errors (from its number and operator lexing) carry a 0-based index; phrase them for a user. */
function fromJsepError(error: unknown, expr: string): unknown {
  if (error instanceof FormulaSyntaxError) return error;
  const index = (error as { index?: unknown })?.index;
  if (!(error instanceof Error) || typeof index !== 'number') return error;
  const description = String((error as { description?: unknown }).description ?? error.message);
  const afterOp = /^Expected expression after (.+)$/.exec(description);
  let problem: string;
  if (afterOp) problem = `expected an expression after "${afterOp[1]}"${index >= expr.length ? ' but the formula ends' : ''}`;
  else if (description.startsWith('Variable names cannot start with a number'))
    problem = 'a number cannot be followed by a name (write 2*x for a product)';
  else if (description.startsWith('Expected exponent')) problem = 'incomplete exponent in a number (write e.g. 1e-3)';
  else if (description.startsWith('Unexpected period')) problem = 'unexpected "."';
  else problem = description.charAt(0).toLowerCase() + description.slice(1);
  return new FormulaSyntaxError(problem, index + 1);
}

/**
 * The typographic minus (U+2212, as the page's own captions write it) and no-break or thin spaces, pasted from a
 * page, read as "-" and " ". One character for one, so every error position stays where the user typed it.
 */
function plainOperators(expr: string): string {
  return expr.replace(/\u2212/g, '-').replace(/[\u00a0\u2007\u2009\u202f]/g, ' ');
}

/** Parse a formula in x and y, or throw a FormulaSyntaxError with a 1-based position. */
export function parseFormula(typed: string): FormulaNode {
  const expr = plainOperators(typed);
  if (expr.length > LIMITS.formulaLength) {
    throw new FormulaSyntaxError(`the formula is longer than ${LIMITS.formulaLength} characters`, LIMITS.formulaLength + 1);
  }
  if (expr.trim() === '') throw new FormulaSyntaxError('the formula is empty', 1);
  return withFormulaGrammar(() => {
    const p = new Jsep(expr);
    formulaParsers.add(p);
    try {
      const raw = p.gobbleExpression();
      if (expr[p.index] === ')') throw new FormulaSyntaxError('unexpected ")" (no matching "(")', p.index + 1);
      if (!raw || p.index < expr.length) throw unexpectedAt(expr, p.index);
      return fromRaw(raw);
    } catch (e) {
      throw fromJsepError(e, expr);
    }
  });
}
