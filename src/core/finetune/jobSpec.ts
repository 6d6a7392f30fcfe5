/**
 * The fine-tuning job document (see job.ts for its shape) and its validation, apart from what builds a policy from it:
 * reading a saved model file checks a job without loading tfjs.
 */
import { z } from '../zod';
import { covarianceProblem, modelSchema, rewardSchema } from '../scenario';
import type { ModelSpec, RewardSpec } from '../scenario';
import { FieldError } from '../types';
import { fineTuneSettingsSchema, parseFineTuneSettings } from './config';
import type { FineTuneSettings } from './config';
import { issueMessage, REPORT_INPUT } from '../issueMessage';

export const fineTuneJobSchema = fineTuneSettingsSchema.extend({
  model: modelSchema,
  reward: rewardSchema,
  /** Trajectories of the initial and final evaluations (0 skips them). */
  evalParticles: z.number().int().min(0).max(65536).default(1024),
  /** Exact draws of the target for the energy distance (its cost is quadratic). */
  targetDraws: z.number().int().min(16).max(16384).default(1024),
});

export interface FineTuneJob {
  model: ModelSpec;
  reward: RewardSpec;
  settings: FineTuneSettings;
  evalParticles: number;
  targetDraws: number;
}

/** Validate a job document; throws FieldError naming the first bad field. */
export function parseFineTuneJob(input: unknown): FineTuneJob {
  const parsed = fineTuneJobSchema.safeParse(input, REPORT_INPUT);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new FieldError(issue.path.map(String).join('.') || 'job', issueMessage(issue));
  }
  const { model, reward, evalParticles, targetDraws, ...rest } = parsed.data;
  const settings = parseFineTuneSettings(rest);
  if (model.kind === 'gmm') {
    if (model.means.length !== model.weights.length)
      throw new FieldError('model.means', 'must have one entry per weight');
    if (model.covs.length !== model.weights.length)
      throw new FieldError('model.covs', 'must have one entry per weight');
    // The same rule as a Scenario's model: without it a bad covariance surfaced later as a misleading λ error.
    model.covs.forEach((c, k) => {
      const problem = covarianceProblem(c);
      if (problem) throw new FieldError(`model.covs.${k}`, problem);
    });
  }
  return { model, reward, settings, evalParticles, targetDraws };
}
