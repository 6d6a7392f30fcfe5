/**
 * The formula language's names: the variables, the constants and the functions with their arity. Free of tfjs, so
 * that the page can check a formula before any of the engine's code has loaded.
 */

export const VARIABLES = ['x', 'y'] as const;
export type VariableName = (typeof VARIABLES)[number];

export const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

/** A function's arity; its tfjs op is in ops.ts (the parser runs on the page's main thread, which has no tfjs). */
export interface FormulaFunction {
  minArgs: number;
  maxArgs: number;
}

const UNARY: FormulaFunction = { minArgs: 1, maxArgs: 1 };
const BINARY: FormulaFunction = { minArgs: 2, maxArgs: 2 };
/** min/max take two or more arguments. */
const FOLD: FormulaFunction = { minArgs: 2, maxArgs: Infinity };

export const FUNCTIONS: Readonly<Record<string, FormulaFunction>> = {
  sin: UNARY,
  cos: UNARY,
  tan: UNARY,
  atan: UNARY,
  exp: UNARY,
  log: UNARY,
  sqrt: UNARY,
  abs: UNARY,
  tanh: UNARY,
  sigmoid: UNARY,
  softplus: UNARY,
  min: FOLD,
  max: FOLD,
  pow: BINARY,
  atan2: BINARY,
};

export function isFunctionName(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(FUNCTIONS, name);
}

export function isConstantName(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(CONSTANTS, name);
}

export function isVariableName(name: string): name is VariableName {
  return (VARIABLES as readonly string[]).includes(name);
}

/** "1 argument", "2 arguments", "2 or more arguments". */
export function arityText(f: FormulaFunction): string {
  if (f.maxArgs === Infinity) return `${f.minArgs} or more arguments`;
  return f.minArgs === 1 ? '1 argument' : `${f.minArgs} arguments`;
}
