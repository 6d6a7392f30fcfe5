/**
 * The tfjs op of each formula function (vocabulary.ts lists the names and their arity). Every op here has a tfjs
 * gradient, so a formula is differentiable through tf.grad.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor } from '@tensorflow/tfjs-core';

type Op = (args: Tensor[]) => Tensor;

const unary =
  (op: (a: Tensor) => Tensor): Op =>
  ([a]) =>
    op(a);
const binary =
  (op: (a: Tensor, b: Tensor) => Tensor): Op =>
  ([a, b]) =>
    op(a, b);
/** min/max fold over their two or more arguments. */
const fold =
  (op: (a: Tensor, b: Tensor) => Tensor): Op =>
  (args) =>
    args.reduce((acc, a) => op(acc, a));

export const FUNCTION_OPS: Readonly<Record<string, Op>> = {
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
