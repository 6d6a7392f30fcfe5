/**
 * What fine-tuning trains: a denoiser whose ε-prediction is a differentiable function of a few tf.Variables.
 * The policy of §6 is the per-step Gaussian of §1 built from this ε (η = 1), so anything that implements this
 * interface can be fine-tuned by every method in this folder, and afterwards sampled by every sampler, because it
 * is still an ordinary Denoiser.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Denoiser } from '../types';

export interface TrainableDenoiser extends Denoiser {
  /** The variables a fine-tuning update changes (ε must be differentiable in them). */
  trainableVariables(): tf.Variable[];
  /**
   * A deep copy with variables of its own. The frozen reference π_ref of §6 is such a copy, taken before the
   * first update; the caller disposes it.
   */
  copy(): TrainableDenoiser;
  dispose(): void;
}
