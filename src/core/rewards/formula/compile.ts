/** Compile a formula AST into a function of tfjs tensors (called inside tf.tidy / tf.grad by the reward). */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { BinaryOperator, FormulaNode } from './syntax';
import { FUNCTION_OPS } from './ops';
import type { VariableName } from './vocabulary';

export type FormulaProgram = (vars: Record<VariableName, Tensor>) => Tensor;

const BINARY: Readonly<Record<BinaryOperator, (a: Tensor, b: Tensor) => Tensor>> = {
  '+': tf.add,
  '-': tf.sub,
  '*': tf.mul,
  '/': tf.div,
  '^': tf.pow,
};

/** Builds closures only: no tensor exists until the program runs. */
export function compileFormula(node: FormulaNode): FormulaProgram {
  switch (node.kind) {
    case 'number': {
      const v = node.value;
      return () => tf.scalar(v);
    }
    case 'variable': {
      const name = node.name;
      return (vars) => vars[name];
    }
    case 'negate': {
      const arg = compileFormula(node.arg);
      return (vars) => tf.neg(arg(vars));
    }
    case 'binary': {
      const op = BINARY[node.op];
      const left = compileFormula(node.left);
      const right = compileFormula(node.right);
      return (vars) => op(left(vars), right(vars));
    }
    case 'call': {
      const op = FUNCTION_OPS[node.name];
      const args = node.args.map(compileFormula);
      return (vars) => op(args.map((a) => a(vars)));
    }
  }
}
