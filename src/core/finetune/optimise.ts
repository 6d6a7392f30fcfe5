/**
 * One optimiser step on a scalar loss: gradients of the loss in the given variables, rescaled so that their global
 * norm is at most `clipNorm` (the reference codes clip at 1), then applied by the optimiser (Adam here).
 */
import * as tf from '@tensorflow/tfjs-core';

export interface StepResult {
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
}

export async function gradientStep(
  loss: () => tf.Scalar,
  variables: tf.Variable[],
  optimizer: tf.Optimizer,
  clipNorm: number | null,
): Promise<StepResult> {
  const { value, grads } = tf.variableGrads(loss, variables);
  try {
    const normT = tf.tidy(() => tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))));
    const [lossValue, gradNorm] = [(await value.data())[0], (await normT.data())[0]];
    normT.dispose();
    if (!Number.isFinite(lossValue) || !Number.isFinite(gradNorm)) {
      throw new Error(`the loss or its gradient is not finite (loss ${lossValue}, gradient norm ${gradNorm})`);
    }
    const scale = clipNorm !== null && gradNorm > clipNorm ? clipNorm / gradNorm : 1;
    if (scale === 1) optimizer.applyGradients(grads);
    else {
      const scaled = tf.tidy(() => {
        const out: tf.NamedTensorMap = {};
        for (const [name, g] of Object.entries(grads)) out[name] = tf.mul(g, scale);
        return out;
      });
      optimizer.applyGradients(scaled);
      tf.dispose(scaled);
    }
    return { loss: lossValue, gradNorm };
  } finally {
    value.dispose();
    tf.dispose(grads);
  }
}
