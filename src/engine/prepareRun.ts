/**
 * What the page needs before a run's first frame, built once from a scenario the main thread has validated: the
 * run's reward and exact target (core/run/prepare.ts), plus the target as it crosses the wire for the density
 * background and the exact E_q r line. Throws FieldError when the target does not exist, exactly as the run would.
 *
 * A fine-tuned model whose target was known (finetuneModels.ts) is taken to have that target q as its law: the base
 * sampler's exact target is q itself, and a tilting sampler's is q tilted once more, in closed form.
 */
import { prepareScenario } from '../core/run/prepare';
import type { PreparedRun } from '../core/run/prepare';
import { exactTargetFor } from '../core/samplers/registry';
import type { Scenario } from '../core/scenario';
import { fineTunedTarget } from './finetuneModels';
import type { RunStartInfo } from './runScheduler';

function withFineTunedTarget(prepared: PreparedRun): PreparedRun {
  const { scenario, reward } = prepared;
  if (scenario.model.kind !== 'mlp') return prepared;
  const tuned = fineTunedTarget(scenario.model.name);
  if (!tuned) return prepared;
  const target = exactTargetFor(tuned.spec, reward, scenario.sampler);
  if (!target) return prepared;
  const law = `the law the model was fine-tuned to, q ∝ p·exp(r/λ) with λ = ${tuned.lambda} (closed form, §2.3)`;
  const description = scenario.sampler.kind === 'base' ? law : `${target.description}, taking the model's law to be ${law}`;
  return { ...prepared, exact: { ...target, description } };
}

export function prepareRun(scenario: Scenario): RunStartInfo {
  const prepared = withFineTunedTarget(prepareScenario(scenario));
  const target = prepared.exact;
  return {
    prepared,
    exact: target && { spec: target.spec, meanReward: target.meanReward, logZ: target.logZ, description: target.description },
  };
}
