/** The formula AST and its syntax error (a problem and a 1-based character position). */
import type { VariableName } from './vocabulary';

export type BinaryOperator = '+' | '-' | '*' | '/' | '^';

export type FormulaNode =
  | { kind: 'number'; value: number }
  | { kind: 'variable'; name: VariableName }
  | { kind: 'negate'; arg: FormulaNode }
  | { kind: 'binary'; op: BinaryOperator; left: FormulaNode; right: FormulaNode }
  | { kind: 'call'; name: string; args: FormulaNode[] };

export class FormulaSyntaxError extends Error {
  constructor(
    /** What is wrong, e.g. 'unknown name "z"'. */
    readonly what: string,
    /** 1-based character position; length + 1 means "at the end of the formula". */
    readonly position: number,
  ) {
    super(`${what} at position ${position}`);
    this.name = 'FormulaSyntaxError';
  }
}

/** Whether the formula reads x or y at all (a constant formula has a zero gradient). */
export function usesVariables(node: FormulaNode): boolean {
  switch (node.kind) {
    case 'number':
      return false;
    case 'variable':
      return true;
    case 'negate':
      return usesVariables(node.arg);
    case 'binary':
      return usesVariables(node.left) || usesVariables(node.right);
    case 'call':
      return node.args.some(usesVariables);
  }
}
