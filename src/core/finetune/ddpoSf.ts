/**
 * DDPO-SF, REINFORCE on the denoising chain (§6.1): L_SF = −(1/K) Σ_k mean_i A_i log π_θ,k(i), with the batch-normalised,
 * clipped advantage A. Its gradient is −(1/K) Σ_k mean_i A_i (x_{k−1} − m_θ)ᵀ ∇m_θ / σ̃_k² (§6.3). Strictly on-policy:
 * one optimiser step per batch unless innerSteps says otherwise.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Denoiser } from '../types';
import { batchAdvantages } from './advantages';
import { policyLogProb } from './logWeights';
import { innerSteps } from './method';
import type { FineTuneMethod } from './method';
import { gradientStep } from './optimise';
import type { TrajectoryBatch } from './trajectories';
import { METHOD_INFO } from './methodInfo';

export function ddpoSfLoss(policy: Denoiser, batch: TrajectoryBatch, advantages: Float64Array): tf.Scalar {
  return tf.tidy(() => {
    const A = tf.tensor1d(Float32Array.from(advantages));
    const terms = batch.steps.map((r) => tf.mean(tf.mul(A, policyLogProb(policy, r))));
    return tf.neg(tf.div(tf.addN(terms), batch.steps.length)) as tf.Scalar;
  });
}

export const ddpoSf: FineTuneMethod = {
  kind: 'ddpo-sf',
  label: METHOD_INFO['ddpo-sf'].label,
  defaultInnerSteps: 1,
  defaultLearningRate: 3e-4,
  groupSize: () => 1,
  async create({ policy, settings, optimizer }) {
    const steps = innerSteps(ddpoSf, settings);
    return {
      async update({ batch }) {
        const A = batchAdvantages(batch.reward);
        let first = NaN;
        for (let j = 0; j < steps; j++) {
          const { loss } = await gradientStep(() => ddpoSfLoss(policy, batch, A), policy.trainableVariables(), optimizer, settings.gradClip);
          if (j === 0) first = loss;
        }
        return first;
      },
      dispose() {},
    };
  },
};
