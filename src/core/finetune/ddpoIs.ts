/**
 * DDPO-IS, the PPO-clip surrogate (§6.1): ρ_k = exp(log π_θ,k − log π_θ_old,k) and
 * L_IS = (1/K) Σ_k mean_i max(−A ρ_k, −A clip(ρ_k, 1 − ε, 1 + ε)). At θ = θ_old, ρ = 1 and ∇L_IS = ∇L_SF (§7 check 26);
 * a sample whose ratio has left [1 − ε, 1 + ε] on the side its advantage pushes towards contributes no gradient.
 * ε is applied to the ratio of densities summed over the two dims, so ε ≈ 0.1–0.2 (§1 quirk), not the 1e-4 of
 * the image codes.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Denoiser } from '../types';
import { batchAdvantages } from './advantages';
import { policyLogProb } from './logWeights';
import { innerSteps } from './method';
import type { FineTuneMethod } from './method';
import { gradientStep } from './optimise';
import type { StepRecord, TrajectoryBatch } from './trajectories';
import { METHOD_INFO } from './methodInfo';

/** mean_i max(−A ρ, −A clip(ρ, 1 ± ε)) of one step, from log π_θ,k of the stored transitions. */
export function ppoClipTerm(logProb: tf.Tensor1D, record: StepRecord, advantages: tf.Tensor1D, clipRange: number): tf.Scalar {
  return tf.tidy(() => {
    const ratio = tf.exp(tf.sub(logProb, tf.tensor1d(record.logProbOld)));
    const unclipped = tf.neg(tf.mul(advantages, ratio));
    const clipped = tf.neg(tf.mul(advantages, tf.clipByValue(ratio, 1 - clipRange, 1 + clipRange)));
    // tf.maximum sends the gradient to its first argument on ties, so at ρ = 1 this is exactly −A∇ρ.
    return tf.mean(tf.maximum(unclipped, clipped)) as tf.Scalar;
  });
}

/** (1/K) Σ_k mean_i max(−A ρ, −A clip(ρ, 1 ± ε)) as a scalar tensor. */
export function ppoClipLoss(policy: Denoiser, batch: TrajectoryBatch, advantages: Float64Array, clipRange: number): tf.Scalar {
  return tf.tidy(() => {
    const A = tf.tensor1d(Float32Array.from(advantages));
    const terms = batch.steps.map((r) => ppoClipTerm(policyLogProb(policy, r), r, A, clipRange));
    return tf.div(tf.addN(terms), batch.steps.length) as tf.Scalar;
  });
}

export const ddpoIs: FineTuneMethod = {
  kind: 'ddpo-is',
  label: METHOD_INFO['ddpo-is'].label,
  defaultInnerSteps: 2,
  defaultLearningRate: 2e-4,
  groupSize: () => 1,
  async create({ policy, settings, optimizer }) {
    const steps = innerSteps(ddpoIs, settings);
    return {
      async update({ batch }) {
        const A = batchAdvantages(batch.reward);
        let first = NaN;
        for (let j = 0; j < steps; j++) {
          const { loss } = await gradientStep(
            () => ppoClipLoss(policy, batch, A, settings.clipRange),
            policy.trainableVariables(),
            optimizer,
            settings.gradClip,
          );
          if (j === 0) first = loss;
        }
        return first;
      },
      dispose() {},
    };
  },
};
