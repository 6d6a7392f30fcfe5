/**
 * A scenario in one sentence, for the embedded figure's caption: what model, which reward, which sampler
 * with which λ, and the run size. The reward and sampler parts come from their descriptors.
 */
import { rewardSpecOf } from '../core/scenario';
import type { RewardSpec, SamplerSpec, Scenario } from '../core/scenario';
import { GMM_PRESETS } from './presets';
import { samplerView } from './samplers';
import { groupDigits } from './groupDigits';

export function describeReward(r: RewardSpec): string {
  return rewardSpecOf(r.kind).describe(r);
}

export function describeSampler(s: SamplerSpec): string {
  return samplerView(s.kind).describe(s);
}

export function describeScenario(s: Scenario, compare: SamplerSpec | null): string {
  const model =
    s.model.kind === 'mlp'
      ? `the learned model "${s.model.name}"`
      : `a Gaussian mixture (${GMM_PRESETS.find((p) => p.model.kind === 'gmm' && JSON.stringify(p.model.means) === JSON.stringify((s.model as { means: unknown }).means))?.label.replace(' (GMM)', '').toLowerCase() ?? `${s.model.weights.length} components`})`;
  const samplers = compare ? `${describeSampler(s.sampler)} vs ${describeSampler(compare)}` : describeSampler(s.sampler);
  return `${samplers} on ${model}, ${describeReward(s.reward)}; N = ${groupDigits(s.particles)}, K = ${s.steps} steps, seed ${s.seed}.`;
}
