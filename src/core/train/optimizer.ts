/**
 * Adam with a learning-rate schedule: linear warm-up, then cosine decay to a floor.
 * tfjs's AdamOptimizer reads its learning rate on every update, so a subclass can change it between steps.
 */
import * as tf from '@tensorflow/tfjs-core';

export class ScheduledAdam extends tf.AdamOptimizer {
  constructor(learningRate: number) {
    super(learningRate, 0.9, 0.999, 1e-8);
  }

  setLearningRate(value: number): void {
    this.learningRate = value;
  }
}

/** Learning rate at `step` (0-based) of `total`: warm-up over `warmup` steps, cosine to `floor`·peak. */
export function learningRateAt(step: number, total: number, peak: number, warmup: number, floor = 0.05): number {
  if (step < warmup) return (peak * (step + 1)) / warmup;
  const progress = Math.min(1, (step - warmup) / Math.max(1, total - warmup));
  return peak * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
}
