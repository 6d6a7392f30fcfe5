/**
 * The MLP's forward pass for training, with a hand-written gradient for each dense layer.
 *
 * Why: tfjs's own gradient of a matmul calls matMul with transposeA/transposeB, which the wasm backend runs
 * about 10× slower than a plain matMul after an explicit transpose (measured at 512×128·128×128:
 * 11–13 ms against 1.2 ms). The layers of the model are unchanged: this only reads their variables, so the
 * trained weights save and load in the ordinary layers format, and inference uses the layers model itself.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs-core';

type DenseFn = (x: Tensor2D, kernel: Tensor2D, bias: Tensor1D) => Tensor2D;

const dense = tf.customGrad((...inputs: Array<Tensor | tf.GradSaveFunc>) => {
  const [x, kernel, bias] = inputs as [Tensor2D, Tensor2D, Tensor1D];
  const save = inputs[3] as tf.GradSaveFunc;
  save([x, kernel]);
  return {
    value: tf.add(tf.matMul(x, kernel), bias) as Tensor2D,
    gradFunc: (dy: Tensor2D, saved: Tensor[]) => {
      const [xs, ks] = saved as Tensor2D[];
      return [tf.matMul(dy, tf.transpose(ks)), tf.matMul(tf.transpose(xs), dy), tf.sum(dy, 0)];
    },
  };
}) as DenseFn;

/**
 * y = W_L(… silu(W_1 x + b_1) …) + b_L for variables [W_1, b_1, …, W_L, b_L] (the order of the layers model's
 * trainable weights). SiLU(h) = h·sigmoid(h) is tfjs-layers' 'swish'.
 */
export function mlpForward(variables: readonly Tensor[], input: Tensor2D): Tensor2D {
  let h = input;
  for (let i = 0; i < variables.length; i += 2) {
    h = dense(h, variables[i] as Tensor2D, variables[i + 1] as Tensor1D);
    if (i + 2 < variables.length) h = tf.mul(h, tf.sigmoid(h)) as Tensor2D;
  }
  return h;
}
