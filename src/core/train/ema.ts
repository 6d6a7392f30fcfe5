/**
 * Exponential moving average of the weights, w̄ ← d·w̄ + (1 − d)·w, with the usual warm-up
 * d_n = min(d, (1 + n)/(10 + n)) so the average does not remember the random initialisation.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Variable } from '@tensorflow/tfjs-core';

export class WeightAverage {
  private readonly shadows: Variable[];
  private updates = 0;

  constructor(
    private readonly weights: readonly Variable[],
    readonly decay: number,
  ) {
    this.shadows = weights.map((w) => tf.variable(w, false));
  }

  update(): void {
    const d = Math.min(this.decay, (1 + this.updates) / (10 + this.updates));
    this.updates++;
    tf.tidy(() => {
      this.weights.forEach((w, i) => this.shadows[i].assign(tf.add(tf.mul(this.shadows[i], d), tf.mul(w, 1 - d))));
    });
  }

  /** Writes the averages into the live weights. */
  copyToWeights(): void {
    this.weights.forEach((w, i) => w.assign(this.shadows[i]));
  }

  dispose(): void {
    this.shadows.forEach((s) => s.dispose());
  }
}
