/**
 * What the page needs before a run's first frame, built once from a scenario the main thread has validated: the
 * run's reward and exact target (core/run/prepare.ts), plus the target as it crosses the wire for the density
 * background and the exact E_q r line. Throws FieldError when the target does not exist, exactly as the run would.
 */
import { prepareScenario } from '../core/run/prepare';
import type { Scenario } from '../core/scenario';
import type { RunStartInfo } from './runScheduler';

export function prepareRun(scenario: Scenario): RunStartInfo {
  const prepared = prepareScenario(scenario);
  const target = prepared.exact;
  return {
    prepared,
    exact: target && { spec: target.spec, meanReward: target.meanReward, logZ: target.logZ, description: target.description },
  };
}
