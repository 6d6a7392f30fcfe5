/**
 * VMPO-Diff (§6.4, what the VMPO code implements): per-step log-weights with Tweedie-reward potentials
 * Φ_k = β r(x̂0_θ_old(x_k)) (the true reward at the last step), regressed on the learned baseline M_φ(t), plus the
 * per-step KL to the reference with β_KL = 1. Defaults follow the code: 2 optimiser steps per sampling round
 * (slightly off-policy, no ratio correction), gradient clip 1. The potentials are computed with the sampling model
 * θ_old, once per batch.
 */
import * as tf from '@tensorflow/tfjs-core';
import { TimeBaseline } from './baseline';
import { logVarianceStep } from './logVarianceStep';
import { tweediePotentialOffsets } from './logWeights';
import { innerSteps } from './method';
import type { FineTuneMethod } from './method';

export const VMPO_DEFAULT_KL_WEIGHT = 1;

export const vmpoDiff: FineTuneMethod = {
  kind: 'vmpo-diff',
  label: 'VMPO-Diff (Tweedie potentials + M_φ)',
  defaultInnerSteps: 2,
  defaultLearningRate: 1e-3,
  groupSize: () => 1,
  async create({ policy, settings, optimizer }) {
    const steps = innerSteps(vmpoDiff, settings);
    const baseline = TimeBaseline.create(settings.seed);
    const baselineOptimizer = tf.train.adam(settings.baselineLearningRate);
    const klWeight = settings.klWeight ?? VMPO_DEFAULT_KL_WEIGHT;
    return {
      async update({ batch, beta }) {
        const offsets = tweediePotentialOffsets(batch, beta);
        let first = NaN;
        for (let j = 0; j < steps; j++) {
          const loss = await logVarianceStep({
            policy,
            baseline,
            optimizer,
            baselineOptimizer,
            batch,
            offsets,
            klWeight,
            gradClip: settings.gradClip,
          });
          if (j === 0) first = loss;
        }
        return first;
      },
      dispose() {
        baseline.dispose();
        baselineOptimizer.dispose();
      },
    };
  },
};
