/**
 * The VMPO baseline M_φ(t) (§6.4, `mphi.py`): a small net of the time step only — not of x_t — that starts at 0 and
 * amortises E[log w_k] per step. Its input is the time features of the learned models (log-SNR sinusoids).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Tensor1D } from '@tensorflow/tfjs-core';
import { TIME_FEATURE_COUNT, writeTimeFeatures } from '../models/timeFeatures';
import { Rng } from '../rng';
import { SmallMlp } from './smallMlp';

export class TimeBaseline {
  private constructor(private readonly net: SmallMlp) {}

  static create(seed: number, hidden = 32): TimeBaseline {
    return new TimeBaseline(SmallMlp.create([TIME_FEATURE_COUNT, hidden, 1], new Rng(seed, 'finetune/baseline-init'), true));
  }

  /** M_φ(t_j) for each time, shape [ts.length], differentiable in φ. */
  values(ts: number[]): Tensor1D {
    return tf.tidy(() => {
      const features = new Float32Array(ts.length * TIME_FEATURE_COUNT);
      ts.forEach((t, j) => writeTimeFeatures(t, features, j * TIME_FEATURE_COUNT));
      return tf.reshape(this.net.apply(tf.tensor2d(features, [ts.length, TIME_FEATURE_COUNT])), [ts.length]) as Tensor1D;
    });
  }

  get variables(): tf.Variable[] {
    return this.net.variables;
  }

  dispose(): void {
    this.net.dispose();
  }
}

/** The φ-loss of §6.4: 0.01·mean_{k,i} (sg[log w_k] − M_φ(t_k))², with log w_k given as fixed numbers per step. */
export const BASELINE_LOSS_WEIGHT = 0.01;

export function baselineLoss(baseline: TimeBaseline, ts: number[], logWeights: Float32Array[]): tf.Scalar {
  return tf.tidy(() => {
    const m = baseline.values(ts);
    const n = logWeights[0].length;
    const flat = new Float32Array(ts.length * n);
    logWeights.forEach((w, j) => flat.set(w, j * n));
    const target = tf.tensor2d(flat, [ts.length, n]);
    const diff = tf.sub(target, tf.reshape(m, [ts.length, 1]));
    return tf.mul(tf.mean(tf.square(diff)), BASELINE_LOSS_WEIGHT) as tf.Scalar;
  });
}
