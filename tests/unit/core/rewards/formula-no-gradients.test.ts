/**
 * A host that has not registered tfjs's gradient functions (this file imports tfjs-core only, not '@tensorflow/tfjs')
 * gets a clear error naming the formula reward's gradient, not a failure deep inside the tape; a formula without x
 * or y needs no gradients at all.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { formulaReward } from '../../../../src/core/rewards/formula';

describe('formula gradient without registered gradients', () => {
  it.runIf(!tf.getGradient(tf.Sum))('says what is missing and how to register it', () => {
    const x = tf.tensor2d([[1, 2]]);
    expect(() => formulaReward('x * y').grad(x)).toThrow(
      "the formula reward's gradient needs tfjs gradients: import '@tensorflow/tfjs-core/dist/register_all_gradients' (bundled page or worker) or '@tensorflow/tfjs' (Node) once",
    );
    const g = formulaReward('2 * pi').grad(x);
    expect(Array.from(g.dataSync())).toEqual([0, 0]);
    tf.dispose([x, g]);
  });
});
