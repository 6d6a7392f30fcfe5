/**
 * One optimiser step (optimise.ts): the global gradient norm is reported before clipping, a step is rescaled to norm
 * `clipNorm` only when the norm exceeds it (never scaled up), and a loss or gradient that is not finite stops the run
 * with a message, before any variable moves. With plain SGD at rate 1 the step is the (clipped) gradient itself, so
 * every expectation below is written out by hand.
 */
import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { gradientStep } from '../../../../src/core/finetune/optimise';

/** A variable with no other tensor left behind. */
function variable(value: number): tf.Variable {
  const initial = tf.scalar(value);
  const v = tf.variable(initial);
  initial.dispose();
  return v;
}

/** L(a, b) = 1.5·a + 2·b + offset: constant gradient (1.5, 2), global norm 2.5. */
async function stepOnPlane(clipNorm: number | null, offset = 0) {
  const before = tf.memory().numTensors;
  const a = variable(1);
  const b = variable(-1);
  const optimizer = tf.train.sgd(1);
  try {
    const result = await gradientStep(
      () => tf.tidy(() => tf.add(tf.add(tf.mul(a, 1.5), tf.mul(b, 2)), offset) as tf.Scalar),
      [a, b],
      optimizer,
      clipNorm,
    );
    return { result, a: (await a.data())[0], b: (await b.data())[0] };
  } finally {
    a.dispose();
    b.dispose();
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }
}

describe('gradientStep: clip the global norm, then apply (optimise.ts)', () => {
  it('reports the loss and the norm before clipping; below the clip the step is the plain gradient', async () => {
    // Loss at (1, −1): 1.5 − 2 = −0.5. Norm √(1.5² + 2²) = 2.5 < 4: Δ = −(1.5, 2), not scaled up to norm 4.
    const { result, a, b } = await stepOnPlane(4);
    expect(result.loss).toBeCloseTo(-0.5, 6);
    expect(result.gradNorm).toBeCloseTo(2.5, 6);
    expect(a).toBeCloseTo(1 - 1.5, 6);
    expect(b).toBeCloseTo(-1 - 2, 6);
  });

  it('above the clip the step has norm clipNorm in the gradient’s direction; null clips nothing', async () => {
    // Clip 1: Δ = −(1.5, 2)/2.5 = −(0.6, 0.8).
    const clipped = await stepOnPlane(1);
    expect(clipped.result.gradNorm).toBeCloseTo(2.5, 6);
    expect(clipped.a).toBeCloseTo(1 - 0.6, 6);
    expect(clipped.b).toBeCloseTo(-1 - 0.8, 6);
    const free = await stepOnPlane(null);
    expect(free.a).toBeCloseTo(1 - 1.5, 6);
    expect(free.b).toBeCloseTo(-1 - 2, 6);
  });

  it('an infinite loss with a finite gradient, or a finite loss with an infinite gradient, is refused unapplied', async () => {
    await expect(stepOnPlane(1, Infinity)).rejects.toThrow(
      'the loss or its gradient is not finite (loss Infinity, gradient norm 2.5)',
    );
    // L(a) = √a at a = 0: L = 0, dL/da = +∞.
    const before = tf.memory().numTensors;
    const a = variable(0);
    const optimizer = tf.train.sgd(1);
    await expect(gradientStep(() => tf.sqrt(a) as tf.Scalar, [a], optimizer, null)).rejects.toThrow(
      'the loss or its gradient is not finite (loss 0, gradient norm Infinity)',
    );
    expect((await a.data())[0]).toBe(0);
    a.dispose();
    optimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
