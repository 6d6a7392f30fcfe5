/**
 * VMPO-R2G (§6.4, a reconstruction of the paper's App. C, unverified): the per-step target is the reward-to-go
 * g_k = β r(x_0) + Σ_{j ≤ k}[log π_ref,j − log π_θ,j], with only j = k differentiated, regressed on M_φ(t_k); no
 * separate KL term (the log-ratios are already in g_k). Replacing M_φ by the group mean and dropping the KL sum
 * gives the GRPO / DDPO-SF gradient.
 */
import { logVarianceInstance } from './logVarianceStep';
import { rewardToGoOffsets } from './logWeights';
import { innerSteps } from './method';
import type { FineTuneMethod } from './method';
import { METHOD_INFO } from './methodInfo';

export const vmpoR2g: FineTuneMethod = {
  kind: 'vmpo-r2g',
  label: METHOD_INFO['vmpo-r2g'].label,
  defaultInnerSteps: 2,
  defaultLearningRate: 1e-3,
  groupSize: () => 1,
  async create({ policy, settings, optimizer }) {
    return logVarianceInstance({
      policy,
      optimizer,
      seed: settings.seed,
      baselineLearningRate: settings.baselineLearningRate,
      steps: innerSteps(vmpoR2g, settings),
      klWeight: 0,
      gradClip: settings.gradClip,
      offsets: rewardToGoOffsets,
    });
  },
};
