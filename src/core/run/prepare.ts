/**
 * What a run needs besides the denoiser, built once from a validated Scenario: the reward and, for the analytic
 * GMM, the closed-form target (tilted GMM §2.3, W-prox pushforward §2.5 or the base). The page's engine builds it
 * before the first frame (for the density background and the exact E_q r line) and hands the same object to the
 * run, which uses it for the summary's exact figures; nothing is built twice.
 */
import type { ExactTarget } from '../exact/target';
import { normalisedGmm } from '../models/gmm';
import { gmmSpecOf } from '../models/gmmSpec';
import { buildReward } from '../rewards/index';
import { exactTargetFor } from '../samplers/registry';
import type { Scenario } from '../scenario';
import type { Reward } from '../types';

export interface PreparedRun {
  scenario: Scenario;
  reward: Reward;
  /** Null when the model is learned or the triple has no closed form. */
  exact: ExactTarget | null;
}

/** Throws FieldError when the target does not exist (e.g. a tilt that cannot be normalised, `sampler.lambda`). */
export function prepareScenario(scenario: Scenario): PreparedRun {
  const reward = buildReward(scenario.reward);
  const exact = scenario.model.kind === 'gmm' ? exactTargetFor(normalisedGmm(gmmSpecOf(scenario.model)), reward, scenario.sampler) : null;
  return { scenario, reward, exact };
}
