/**
 * The formula language's names: the variables, the constants and the functions with their arity and tfjs op.
 * Every op here has a tfjs gradient, so a formula is differentiable through tf.grad.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

export const VARIABLES = ['x', 'y'] as const;
export type VariableName = (typeof VARIABLES)[number];

export const CONSTANTS: Readonly<Record<string, number>> = { pi: Math.PI, e: Math.E };

export interface FormulaFunction {
  minArgs: number;
  maxArgs: number;
  apply(args: Tensor[]): Tensor;
}

const unary = (op: (a: Tensor) => Tensor): FormulaFunction => ({ minArgs: 1, maxArgs: 1, apply: ([a]) => op(a) });
const binary = (op: (a: Tensor, b: Tensor) => Tensor): FormulaFunction => ({
  minArgs: 2,
  maxArgs: 2,
  apply: ([a, b]) => op(a, b),
});
/** min/max take two or more arguments. */
const fold = (op: (a: Tensor, b: Tensor) => Tensor): FormulaFunction => ({
  minArgs: 2,
  maxArgs: Infinity,
  apply: (args) => args.reduce((acc, a) => op(acc, a)),
});

export const FUNCTIONS: Readonly<Record<string, FormulaFunction>> = {
  sin: unary(tf.sin),
  cos: unary(tf.cos),
  tan: unary(tf.tan),
  atan: unary(tf.atan),
  exp: unary(tf.exp),
  log: unary(tf.log),
  sqrt: unary(tf.sqrt),
  abs: unary(tf.abs),
  tanh: unary(tf.tanh),
  sigmoid: unary(tf.sigmoid),
  softplus: unary(tf.softplus),
  min: fold(tf.minimum),
  max: fold(tf.maximum),
  pow: binary(tf.pow),
  atan2: binary(tf.atan2),
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
