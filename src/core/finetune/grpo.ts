/**
 * GRPO for diffusion (Flow-GRPO / DanceGRPO, §6.2): group-normalised advantages A^i = (r^i − mean_group)/(std + 10⁻⁴),
 * the same PPO-clip surrogate as DDPO-IS, plus the exact per-step KL to the reference:
 * L = (1/K) Σ_k mean_i [max(−A ρ_k, −A clip(ρ_k, 1 ± ε)) + β_KL ‖m_θ(x_k) − m_ref(x_k)‖²/(2σ̃_k²)].
 * Toy mapping: a group is G trajectories sharing their starting noise x_{t_K}. β_KL defaults to 0.04.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Denoiser } from '../types';
import { groupAdvantages } from './advantages';
import { ppoClipTerm } from './ddpoIs';
import { innerSteps } from './method';
import type { FineTuneMethod } from './method';
import { gradientStep } from './optimise';
import { equalVarianceKl, gaussianLogProb, stepMean } from './stepTerms';
import type { TrajectoryBatch } from './trajectories';
import { METHOD_INFO } from './methodInfo';

export const GRPO_DEFAULT_KL_WEIGHT = 0.04;

export function grpoLoss(
  policy: Denoiser,
  batch: TrajectoryBatch,
  advantages: Float64Array,
  clipRange: number,
  klWeight: number,
): tf.Scalar {
  return tf.tidy(() => {
    const A = tf.tensor1d(Float32Array.from(advantages));
    const terms = batch.steps.map((r) => {
      const m = stepMean(policy, r.x, r.t, r.s);
      const surrogate = ppoClipTerm(gaussianLogProb(r.next, m, r.variance), r, A, clipRange);
      return klWeight > 0 ? tf.add(surrogate, tf.mul(tf.mean(equalVarianceKl(m, r.refMean, r.variance)), klWeight)) : surrogate;
    });
    return tf.div(tf.addN(terms), batch.steps.length) as tf.Scalar;
  });
}

export const grpo: FineTuneMethod = {
  kind: 'grpo',
  label: METHOD_INFO['grpo'].label,
  defaultInnerSteps: 2,
  defaultLearningRate: 2e-4,
  groupSize: (settings) => settings.groupSize,
  async create({ policy, settings, optimizer }) {
    const steps = innerSteps(grpo, settings);
    const klWeight = settings.klWeight ?? GRPO_DEFAULT_KL_WEIGHT;
    return {
      async update({ batch }) {
        const A = groupAdvantages(batch.reward, batch.groupSize, settings.globalStd);
        let first = NaN;
        for (let j = 0; j < steps; j++) {
          const { loss } = await gradientStep(
            () => grpoLoss(policy, batch, A, settings.clipRange, klWeight),
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
