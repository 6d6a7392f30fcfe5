/**
 * VMPO-Diff (§6.4, what the VMPO code implements): per-step log-weights with Tweedie-reward potentials
 * Φ_k = β r(x̂0_θ_old(x_k)) (the true reward at the last step), regressed on the learned baseline M_φ(t), plus the
 * per-step KL to the reference with β_KL = 1. Defaults follow the code: 2 optimiser steps per sampling round
 * (slightly off-policy, no ratio correction), gradient clip 1. The potentials are computed with the sampling model
 * θ_old, once per batch.
 */
import { logVarianceInstance } from './logVarianceStep';
import { tweediePotentialOffsets } from './logWeights';
import { innerSteps } from './method';
import type { FineTuneMethod } from './method';
import { METHOD_INFO } from './methodInfo';

export const VMPO_DEFAULT_KL_WEIGHT = 1;

export const vmpoDiff: FineTuneMethod = {
  kind: 'vmpo-diff',
  label: METHOD_INFO['vmpo-diff'].label,
  defaultInnerSteps: 2,
  defaultLearningRate: 1e-3,
  groupSize: () => 1,
  async create({ policy, settings, optimizer }) {
    return logVarianceInstance({
      policy,
      optimizer,
      seed: settings.seed,
      baselineLearningRate: settings.baselineLearningRate,
      steps: innerSteps(vmpoDiff, settings),
      klWeight: settings.klWeight ?? VMPO_DEFAULT_KL_WEIGHT,
      gradClip: settings.gradClip,
      offsets: tweediePotentialOffsets,
    });
  },
};
