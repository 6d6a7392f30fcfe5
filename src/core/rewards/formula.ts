/**
 * Formula reward r(x, y) = <expression>, parsed safely (formula/parse.ts) and compiled to tfjs ops, so value and
 * gradient (tf.grad) run on any backend. Not known to be concave and no Lipschitz bound is claimed: the W-prox
 * sampler estimates one for its grid search and says so.
 *
 * Language: numbers (1, 0.5, .5, 1e-3), variables x and y, constants pi and e, + − * / ^ (power,
 * right-associative, binding tighter than unary minus: −x^2 = −(x^2)), parentheses, and the functions
 * sin cos tan atan exp log sqrt abs tanh sigmoid softplus (one argument), pow atan2 (two), min max (two or more).
 * Values outside a function's domain (log(−1), sqrt(−1)) are NaN; the samplers stop with a NonFiniteError
 * rather than draw NaN samples.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';
import { assertGradientsRegistered } from '../gradients';
import { FieldError } from '../types';
import type { Reward } from '../types';
import { compileFormula } from './formula/compile';
import { parseFormula } from './formula/parse';
import { FormulaSyntaxError, usesVariables } from './formula/syntax';
import type { FormulaNode } from './formula/syntax';

export type FormulaCheck = { ok: true } | { ok: false; message: string; position: number };

/** Check a formula without building tensors (live validation in the UI). position is 1-based. */
export function checkFormula(expr: string): FormulaCheck {
  try {
    parseFormula(expr);
    return { ok: true };
  } catch (e) {
    if (e instanceof FormulaSyntaxError) return { ok: false, message: e.what, position: e.position };
    throw e;
  }
}

function parseOrFieldError(expr: string): FormulaNode {
  try {
    return parseFormula(expr);
  } catch (e) {
    if (e instanceof FormulaSyntaxError) throw new FieldError('reward.expr', e.message);
    throw e;
  }
}

export function formulaReward(expr: string): Reward {
  const tree = parseOrFieldError(expr);
  const program = compileFormula(tree);
  const dependsOnPoint = usesVariables(tree);
  const evaluate = (x: Tensor2D): Tensor1D => {
    const [px, py] = tf.unstack(x, 1);
    return tf.broadcastTo(program({ x: px, y: py }), [x.shape[0]]) as Tensor1D;
  };
  return {
    kind: 'formula',
    label: `r(x, y) = ${expr.trim()}`,
    value: (x: Tensor2D) => tf.tidy(() => evaluate(x)),
    // Rows are independent, so the gradient of Σ_i r(x_i) is the per-row gradient.
    grad: (x: Tensor2D) => {
      if (!dependsOnPoint) return tf.zerosLike(x);
      assertGradientsRegistered("the formula reward's gradient");
      return tf.tidy(() => tf.grad((p) => tf.sum(evaluate(p as Tensor2D)))(x) as Tensor2D);
    },
    concave: false,
  };
}
