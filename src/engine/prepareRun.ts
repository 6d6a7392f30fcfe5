/**
 * What the page needs before a run's first frame: the validated scenario (defaults filled in) and, for the
 * analytic GMM, the closed-form target (tilted GMM §2.3 or W-prox pushforward §2.5) for the density
 * background and the exact E_q r line. Throws FieldError for bad input, exactly as the run would.
 */
import { exactTargetFor } from '../core/samplers/registry';
import { buildReward } from '../core/rewards/index';
import { parseScenario } from '../core/scenario';
import type { GmmSpec, Mat2, Vec2 } from '../core/types';
import type { RunStartInfo } from './runScheduler';

export function prepareRun(input: unknown): RunStartInfo {
  const scenario = parseScenario(input);
  if (scenario.model.kind !== 'gmm') return { scenario, exact: null };
  const total = scenario.model.weights.reduce((s, w) => s + w, 0);
  const base: GmmSpec = {
    weights: scenario.model.weights.map((w) => w / total),
    means: scenario.model.means as Vec2[],
    covs: scenario.model.covs as Mat2[],
  };
  const target = exactTargetFor(base, buildReward(scenario.reward), scenario.sampler);
  if (!target) return { scenario, exact: null };
  return {
    scenario,
    exact: { spec: target.spec, meanReward: target.meanReward, logZ: target.logZ, description: target.description },
  };
}
